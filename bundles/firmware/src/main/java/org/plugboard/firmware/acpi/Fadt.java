package org.plugboard.firmware.acpi;

import org.plugboard.firmware.bytes.LeWriter;

/**
 * The FADT ("FACP"). With {@link AcpiPlatform.Layout#QEMU_PC} it is QEMU pc's revision-1 table
 * (116 bytes): PM blocks at the PIIX4 PM base, SCI 9, SMI command 0xb2 with enable 0xf1 /
 * disable 0xf0, C2/C3 disabled, century at CMOS 0x32, flags WBINVD | PROC_C1 | SLP_BUTTON |
 * RTC_S4 | USE_PLATFORM_CLOCK. With {@link AcpiPlatform.Layout#ACPI2} it is revision 3 (244
 * bytes): the same legacy fields, the 64-bit X_ fields an XSDT-reading OS uses, and boot
 * architecture flags saying that legacy devices and an i8042 are present (an OS reads a
 * revision ≥ 2 FADT without them as "no 8042").
 */
final class Fadt {
    static final int FIRMWARE_CTRL_OFFSET = 36;
    static final int DSDT_OFFSET = 40;
    static final int X_DSDT_OFFSET = 140;
    static final int LENGTH = 244, LENGTH_REV1 = 116;
    private static final int SYSTEM_IO = 1;
    private static final int FLAGS = 1 /* WBINVD */ | 1 << 2 /* PROC_C1 */ | 1 << 5 /* SLP_BUTTON */
            | 1 << 7 /* RTC_S4 */ | 1 << 15 /* USE_PLATFORM_CLOCK */;
    private static final int BOOT_ARCH_LEGACY_DEVICES_AND_8042 = 0x0003;
    private static final int CMOS_CENTURY = 0x32;

    private Fadt() {
    }

    /** The table; FACS and DSDT pointers are left 0 for the linker. */
    static byte[] build(AcpiPlatform p) {
        int pm1aEvt = p.pmBase(), pm1aCnt = p.pmBase() + 4, pmTmr = p.pmBase() + 8;
        boolean rev3 = p.layout() == AcpiPlatform.Layout.ACPI2;
        LeWriter t = AcpiHeader.start("FACP", rev3 ? 3 : 1);
        t.u32(0).u32(0);                     // FIRMWARE_CTRL, DSDT
        t.u8(1).u8(0);                       // INT_MODEL (ACPI 1.0 field, 1 as QEMU), preferred PM profile: unspecified
        t.u16(p.sciIrq()).u32(p.smiCommandPort()).u8(0xf1).u8(0xf0).u8(0).u8(0);
        t.u32(pm1aEvt).u32(0).u32(pm1aCnt).u32(0).u32(0).u32(pmTmr).u32(p.gpe0Base()).u32(0);
        t.u8(4).u8(2).u8(0).u8(4).u8(4).u8(0).u8(0).u8(0); // block lengths, GPE1 base, CST_CNT
        t.u16(0x0fff).u16(0x0fff);           // C2 and C3 latencies above the limits: not supported
        t.u16(0).u16(0).u8(0).u8(0);         // flush size/stride, duty offset/width
        t.u8(0).u8(0).u8(CMOS_CENTURY);      // RTC day/month alarm indexes, century
        t.u16(rev3 ? BOOT_ARCH_LEGACY_DEVICES_AND_8042 : 0).u8(0); // revision 1 has no boot flags
        t.u32(FLAGS);
        if (!rev3) return finish(t, LENGTH_REV1);
        gas(t, 0, 0, 0).u8(0).zeros(3);      // RESET_REG not offered (as on QEMU pc), RESET_VALUE
        t.u64(0).u64(0);                     // X_FIRMWARE_CTRL (the 32-bit field is used), X_DSDT
        gas(t, SYSTEM_IO, 32, pm1aEvt);
        gas(t, 0, 0, 0);
        gas(t, SYSTEM_IO, 16, pm1aCnt);
        gas(t, 0, 0, 0);
        gas(t, 0, 0, 0);
        gas(t, SYSTEM_IO, 32, pmTmr);
        gas(t, SYSTEM_IO, 32, p.gpe0Base());
        gas(t, 0, 0, 0);
        return finish(t, LENGTH);
    }

    private static byte[] finish(LeWriter t, int expectedLength) {
        if (t.size() != expectedLength) throw new IllegalStateException("FADT is " + t.size() + " bytes, not " + expectedLength);
        return AcpiHeader.finish(t);
    }

    // Generic Address Structure: space, bit width, bit offset, access size (0 = legacy), address
    private static LeWriter gas(LeWriter t, int space, int bitWidth, long address) {
        return t.u8(space).u8(bitWidth).u8(0).u8(0).u64(address);
    }
}
