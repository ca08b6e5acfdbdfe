package org.plugboard.firmware.acpi;

import java.util.List;
import java.util.Set;

/**
 * The machine facts the ACPI tables describe. {@link #pc} gives the values of QEMU's
 * i440FX/PIIX {@code pc} machine (PIIX4 PM at I/O 0x600, SCI on IRQ 9, GPE0 at 0xafe0, the
 * IOAPIC at 0xfec00000 with id 0, PCI interrupt lines 5, 9, 10 and 11 level-triggered, a 2 GiB
 * 64-bit PCI window above RAM).
 *
 * @param layout          which generation of the root tables to write
 * @param cpus            vCPUs; CPU {@code i} has ACPI processor id and APIC id {@code i}
 * @param lapicAddress    the local APIC window
 * @param ioapicId        the IOAPIC's APIC id
 * @param ioapicAddress   the IOAPIC's MMIO base
 * @param pmBase          the PM I/O base: PM1a event block at +0, control at +4, timer at +8
 * @param gpe0Base        GPE0 block I/O base (4 bytes)
 * @param sciIrq          the SCI's ISA interrupt
 * @param smiCommandPort  where the OS writes the ACPI enable/disable values
 * @param irq0ToGsi2      whether the PIT's IRQ 0 arrives at IOAPIC pin 2 (an interrupt source override)
 * @param levelIrqs       ISA IRQs that are level-triggered, active-high (PCI interrupts and the SCI)
 * @param isaBridgeAdr    the ACPI {@code _ADR} of the PCI-ISA bridge (device << 16 | function)
 * @param pciHoleStart    first address of the 32-bit PCI memory window (the end of RAM below 4 GiB)
 * @param pciHoleEnd      last address of that window
 * @param pciHole64Start  first address of the 64-bit PCI memory window
 * @param pciHole64Size   its size; 0 for none
 * @param isaDevices      the standard ISA devices present, each described by its own DSDT node
 */
public record AcpiPlatform(Layout layout, int cpus, long lapicAddress, int ioapicId, long ioapicAddress, int pmBase,
                           int gpe0Base, int sciIrq, int smiCommandPort, boolean irq0ToGsi2, Set<Integer> levelIrqs,
                           long isaBridgeAdr, long pciHoleStart, long pciHoleEnd, long pciHole64Start, long pciHole64Size,
                           List<IsaDevice> isaDevices) {

    /** The root table generation. */
    public enum Layout {
        /** Exactly what QEMU 7.2's pc machine writes: RSDP revision 0, RSDT only, FADT revision 1. */
        QEMU_PC,
        /** ACPI 2.0 style: RSDP revision 2 pointing at an RSDT and an XSDT, FADT revision 3 with 64-bit fields. */
        ACPI2
    }

    private static final long GIB = 1L << 30;
    /** QEMU's default 64-bit PCI window size for i440FX. */
    public static final long PC_PCI_HOLE64_SIZE = 2 * GIB;

    public AcpiPlatform {
        if (cpus < 1 || cpus > 255) throw new IllegalArgumentException("ACPI tables for " + cpus + " CPUs: need 1..255");
        levelIrqs = Set.copyOf(levelIrqs);
        isaDevices = List.copyOf(isaDevices);
    }

    /**
     * QEMU's {@code pc} machine with {@code cpus} CPUs and the given RAM below and above 4 GiB;
     * the 64-bit PCI window starts at the first GiB boundary above RAM, as in QEMU.
     */
    public static AcpiPlatform pc(Layout layout, int cpus, long ramBelow4g, long ramAbove4g) {
        long hole64 = ((1L << 32) + ramAbove4g + GIB - 1) / GIB * GIB;
        return new AcpiPlatform(layout, cpus, 0xfee00000L, 0, 0xfec00000L, 0x600, 0xafe0, 9, 0xb2, true,
                Set.of(5, 9, 10, 11), 0x00010000L, ramBelow4g, 0xfebfffffL, hole64, PC_PCI_HOLE64_SIZE,
                IsaDevice.PC_DEFAULTS);
    }

    /** The same platform with other standard ISA devices. */
    public AcpiPlatform withIsaDevices(List<IsaDevice> devices) {
        return new AcpiPlatform(layout, cpus, lapicAddress, ioapicId, ioapicAddress, pmBase, gpe0Base, sciIrq,
                smiCommandPort, irq0ToGsi2, levelIrqs, isaBridgeAdr, pciHoleStart, pciHoleEnd, pciHole64Start,
                pciHole64Size, devices);
    }
}
