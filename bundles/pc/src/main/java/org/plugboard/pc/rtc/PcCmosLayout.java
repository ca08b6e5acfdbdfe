package org.plugboard.pc.rtc;

/**
 * The NVRAM bytes a PC BIOS (SeaBIOS) reads to size memory and count CPUs, laid out as QEMU's
 * pc machine sets them: base memory in KiB at 0x15/0x16, memory above 1 MiB in KiB (capped at
 * 65535) at 0x17/0x18 and 0x30/0x31, memory between 16 MiB and 4 GiB in 64 KiB units at
 * 0x34/0x35, memory above 4 GiB in 64 KiB units at 0x5b..0x5d, CPUs - 1 at 0x5f, the
 * equipment byte (FPU and PS/2 mouse present, 0x06) at 0x14, and QEMU's default boot order "cad" (hard disk, floppy,
 * CD-ROM; 1 = floppy, 2 = disk, 3 = CD) at 0x3d and 0x38, which SeaBIOS follows without a
 * bootorder file.
 */
final class PcCmosLayout {
    private static final long KIB = 1024, MIB = 1024 * KIB;

    private PcCmosLayout() {
    }

    static void fill(byte[] cmos, long ramSize, long below4g, int cpus) {
        long above4g = Math.max(0, ramSize - below4g);
        put16(cmos, 0x15, Math.min(below4g / KIB, 640));
        long extended = Math.min(below4g > MIB ? (below4g - MIB) / KIB : 0, 65535);
        put16(cmos, 0x17, extended);
        put16(cmos, 0x30, extended);
        put16(cmos, 0x34, Math.min(below4g > 16 * MIB ? (below4g - 16 * MIB) / (64 * KIB) : 0, 65535));
        long high = above4g / (64 * KIB);
        put16(cmos, 0x5b, high);
        cmos[0x5d] = (byte) (high >> 16);
        cmos[0x5f] = (byte) (cpus - 1);
        cmos[0x14] = 0x06;
        cmos[0x3d] = 0x12; // first: disk, second: floppy
        cmos[0x38] = 0x30; // third: CD-ROM; bit 0 clear = check the floppy boot signature
    }

    private static void put16(byte[] cmos, int at, long v) {
        cmos[at] = (byte) v;
        cmos[at + 1] = (byte) (v >> 8);
    }
}
