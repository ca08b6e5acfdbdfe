package org.plugboard.firmware.acpi;

/**
 * The WAET (Windows ACPI Emulated devices Table) QEMU adds: it tells Windows that one read of
 * the PM timer is enough (no re-reading to work around glitches of real chipsets).
 */
final class Waet {
    private static final int PM_TIMER_GOOD = 1 << 1;

    private Waet() {
    }

    static byte[] build() {
        return AcpiHeader.finish(AcpiHeader.start("WAET", 1).u32(PM_TIMER_GOOD));
    }
}
