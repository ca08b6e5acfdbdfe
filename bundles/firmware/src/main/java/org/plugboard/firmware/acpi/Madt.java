package org.plugboard.firmware.acpi;

import org.plugboard.firmware.bytes.LeWriter;

/**
 * The MADT ("APIC") as QEMU's pc machine writes it: PC-AT compatible (8259s present), one
 * enabled local APIC per CPU, the IOAPIC at GSI base 0, an override routing IRQ 0 to GSI 2,
 * level/active-high overrides for the PCI interrupt lines, and LINT1 as NMI on every CPU.
 */
final class Madt {
    private static final int PCAT_COMPAT = 1;
    private static final int LOCAL_APIC = 0, IO_APIC = 1, SOURCE_OVERRIDE = 2, LOCAL_APIC_NMI = 4;
    private static final int ACTIVE_HIGH_LEVEL = 0x0d; // polarity 01 (high), trigger 11 (level)

    private Madt() {
    }

    static byte[] build(AcpiPlatform p) {
        LeWriter t = AcpiHeader.start("APIC", 1);
        t.u32(p.lapicAddress()).u32(PCAT_COMPAT);
        for (int cpu = 0; cpu < p.cpus(); cpu++) t.u8(LOCAL_APIC).u8(8).u8(cpu).u8(cpu).u32(1);
        t.u8(IO_APIC).u8(12).u8(p.ioapicId()).u8(0).u32(p.ioapicAddress()).u32(0);
        if (p.irq0ToGsi2()) sourceOverride(t, 0, 2, 0);
        for (int irq = 1; irq < 16; irq++) {
            if (p.levelIrqs().contains(irq)) sourceOverride(t, irq, irq, ACTIVE_HIGH_LEVEL);
        }
        t.u8(LOCAL_APIC_NMI).u8(6).u8(0xff).u16(0).u8(1); // all processors, conforming flags, LINT1
        return AcpiHeader.finish(t);
    }

    private static void sourceOverride(LeWriter t, int irq, int gsi, int flags) {
        t.u8(SOURCE_OVERRIDE).u8(10).u8(0).u8(irq).u32(gsi).u16(flags);
    }
}
