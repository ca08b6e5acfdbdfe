package org.plugboard.firmware.direct;

import java.util.List;
import org.plugboard.api.bus.AddressSpace;

/**
 * The i440FX/PIIX registers SeaBIOS programs on QEMU's pc, by PCI ID: the host bridge's PAM
 * shadow (all RAM while the firmware writes the BIOS area, then read-only but for
 * 0xe8000-0xeffff), the PIIX3 PIRQ routes (A, B to IRQ 10; C, D to 11) with those IRQs
 * level-triggered in the ELCR, the IDE decode enables, and the PIIX4 PM function's PM I/O base
 * (0x600), SMBus base (0x700) and its SCI on IRQ 9.
 */
final class PiixChipset {
    static final int I440FX = 0x80861237, PIIX3_ISA = 0x80867000, PIIX3_IDE = 0x80867010, PIIX4_PM = 0x80867113;
    static final int PAM0 = 0x59, PAM_COUNT = 7;
    static final int[] PIRQ_IRQS = {10, 10, 11, 11};
    static final int PIRQ_ROUTE = 0x60;
    static final int ELCR1 = 0x4d0, ELCR2 = 0x4d1;
    static final int IDE_TIMING_PRIMARY = 0x40, IDE_TIMING_SECONDARY = 0x42, IDE_DECODE_ENABLE = 0x8000;
    static final int PM_BASE = 0x40, PM_MISC = 0x80, SMB_BASE = 0x90, SMB_HOST_CONFIG = 0xd2;
    static final int PM_IO_BASE = 0x600, SMB_IO_BASE = 0x700, SCI_IRQ = 9;
    private static final int PAM_ALL_RAM = 0x33, PAM_READ_ONLY = 0x11, PAM_BIOS_READ_ONLY = 0x10;

    private final PciConfigPorts config;
    private final AddressSpace io;
    private final int host, isa;

    private PiixChipset(PciConfigPorts config, AddressSpace io, int host, int isa) {
        this.config = config;
        this.io = io;
        this.host = host;
        this.isa = isa;
    }

    /** The chipset of these functions, or null when neither its host bridge nor its ISA bridge is there. */
    static PiixChipset find(PciConfigPorts config, AddressSpace io, List<PciFunction> functions) {
        int host = -1, isa = -1;
        for (PciFunction f : functions) {
            if (f.id() == I440FX) host = f.bdf();
            if (f.id() == PIIX3_ISA) isa = f.bdf();
        }
        return host < 0 && isa < 0 ? null : new PiixChipset(config, io, host, isa);
    }

    /** Shadow RAM readable and writable in 0xc0000-0xfffff, as while SeaBIOS runs. */
    void openShadow() {
        if (host < 0) return;
        for (int i = 0; i < PAM_COUNT; i++) config.write(host, PAM0 + i, 1, PAM_ALL_RAM);
    }

    /** The shadow as SeaBIOS leaves it: the BIOS area and the option ROM area read-only, 0xe8000-0xeffff RAM. */
    void closeShadow() {
        if (host < 0) return;
        config.write(host, PAM0, 1, PAM_BIOS_READ_ONLY);
        for (int i = 1; i < PAM_COUNT - 1; i++) config.write(host, PAM0 + i, 1, PAM_READ_ONLY);
        config.write(host, PAM0 + PAM_COUNT - 1, 1, PAM_ALL_RAM);
    }

    /** PIRQ routes and their ELCR bits, before resources are assigned. */
    void routeInterrupts() {
        if (isa < 0) return;
        int elcr = 0;
        for (int i = 0; i < PIRQ_IRQS.length; i++) {
            config.write(isa, PIRQ_ROUTE + i, 1, PIRQ_IRQS[i]);
            elcr |= 1 << PIRQ_IRQS[i];
        }
        io.write(ELCR1, 1, elcr & 0xff);
        io.write(ELCR2, 1, elcr >> 8);
    }

    /** The IRQ a function's pin reaches: the slot swizzle onto PIRQA-D; the PM function's SCI is IRQ 9. */
    int irqLine(PciFunction f) {
        if (f.id() == PIIX4_PM) return SCI_IRQ;
        return PIRQ_IRQS[(f.pin() - 1 + f.device() - 1) & 3];
    }

    boolean routesInterrupts() {
        return isa >= 0;
    }

    /** Function-specific enables, after resources are assigned. */
    void enable(PciFunction f) {
        if (f.id() == PIIX3_IDE) {
            config.write(f.bdf(), IDE_TIMING_PRIMARY, 2, IDE_DECODE_ENABLE);
            config.write(f.bdf(), IDE_TIMING_SECONDARY, 2, IDE_DECODE_ENABLE);
        } else if (f.id() == PIIX4_PM) {
            config.write(f.bdf(), PM_BASE, 4, PM_IO_BASE | 1);
            config.write(f.bdf(), PM_MISC, 1, 1);
            config.write(f.bdf(), SMB_BASE, 4, SMB_IO_BASE | 1);
            config.write(f.bdf(), SMB_HOST_CONFIG, 1, 9);
        }
    }
}
