package org.plugboard.cpu.x86;

/**
 * The memory layout of {@link FpuState} that FXSAVE/FXRSTOR and the legacy region of XSAVE/XRSTOR
 * use (SDM vol. 1, 10.5.1 and 13.4.1): the x87 part (bytes 0-23 and 32-159), MXCSR with its mask
 * (bytes 24-31) and the XMM registers (from byte 160). Bytes 416-511 are never written.
 * <p>
 * Callers check alignment and privilege; this class checks that the whole area is accessible
 * before it changes anything, so a fault leaves memory or registers as they were.
 */
final class FpuImage {
    /** MXCSR bits that exist: flags, DAZ, masks, rounding control, FTZ. Others make FXRSTOR/LDMXCSR #GP. */
    static final int MXCSR_MASK = 0xffff;
    static final int LEGACY_SIZE = 512;

    private final Cpu cpu;
    private final FpuState s;

    FpuImage(Cpu cpu) {
        this.cpu = cpu;
        this.s = cpu.fpu;
    }

    /** Faults (#GP/#SS for the segment, #PF) if {@code size} bytes at seg:offset cannot all be written. */
    void checkWritable(int seg, long offset, int size) {
        cpu.checkWritable(seg, offset, size);
        cpu.mmu.probeWrite(cpu.linear(seg, offset), size);
    }

    /** Faults if {@code size} bytes at seg:offset cannot all be read. */
    void checkReadable(int seg, long offset, int size) {
        cpu.read(seg, offset, 1);
        cpu.read(seg, offset + size - 1, 1);
    }

    // --- saving ---

    /**
     * The x87 part. {@code wide}: the 64-bit layout (REX.W), FIP and FDP as 64-bit offsets without
     * selectors; otherwise 32-bit offsets followed by FCS and FDS.
     */
    void saveX87(int seg, long a, boolean wide) {
        cpu.write(seg, a, 2, s.fcw & 0xffff);
        cpu.write(seg, a + 2, 2, s.fsw & 0xffff);
        cpu.write(seg, a + 4, 1, abridgedTags(s.ftw));
        cpu.write(seg, a + 5, 1, 0);
        cpu.write(seg, a + 6, 2, s.fop & 0x7ff);
        if (wide) {
            cpu.write(seg, a + 8, 8, s.fip);
            cpu.write(seg, a + 16, 8, s.fdp);
        } else {
            cpu.write(seg, a + 8, 4, s.fip & 0xffffffffL);
            cpu.write(seg, a + 12, 4, s.fcs & 0xffff);
            cpu.write(seg, a + 16, 4, s.fdp & 0xffffffffL);
            cpu.write(seg, a + 20, 4, s.fds & 0xffff);
        }
        int top = (s.fsw >> 11) & 7;
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            long slot = a + 32 + 16L * i;
            cpu.write(seg, slot, 8, s.mant[p]);
            cpu.write(seg, slot + 8, 8, s.sexp[p] & 0xffff); // bytes 10-15 are written as zero
        }
    }

    void saveMxcsr(int seg, long a) {
        cpu.write(seg, a + 24, 4, s.mxcsr & 0xffffffffL);
        cpu.write(seg, a + 28, 4, MXCSR_MASK);
    }

    /** XMM0 to XMM{count-1}: 8 outside 64-bit mode, 16 in it. */
    void saveXmm(int seg, long a, int count) {
        for (int k = 0; k < 2 * count; k++) cpu.write(seg, a + 160 + 8L * k, 8, s.xmm[k]);
    }

    /** Bit i set when physical register i is not empty. */
    static int abridgedTags(int ftw) {
        int t = 0;
        for (int i = 0; i < 8; i++) if (((ftw >> (2 * i)) & 3) != 3) t |= 1 << i;
        return t;
    }

    // --- restoring: read everything, check, then load ---

    /** The x87 part as {@link #saveX87} lays it out; the full tag word is rebuilt from the register contents. */
    void restoreX87(int seg, long a, boolean wide) {
        int fcw = (int) cpu.read(seg, a, 2);
        int fsw = (int) cpu.read(seg, a + 2, 2);
        int tags = (int) cpu.read(seg, a + 4, 1);
        int fop = (int) cpu.read(seg, a + 6, 2) & 0x7ff;
        long fip, fdp;
        int fcs = 0, fds = 0;
        if (wide) {
            fip = cpu.read(seg, a + 8, 8);
            fdp = cpu.read(seg, a + 16, 8);
        } else {
            fip = cpu.read(seg, a + 8, 4);
            fcs = (int) cpu.read(seg, a + 12, 2);
            fdp = cpu.read(seg, a + 16, 4);
            fds = (int) cpu.read(seg, a + 20, 2);
        }
        long[] mant = new long[8];
        int[] sexp = new int[8];
        int top = (fsw >> 11) & 7;
        for (int i = 0; i < 8; i++) {
            int p = (top + i) & 7;
            mant[p] = cpu.read(seg, a + 32 + 16L * i, 8);
            sexp[p] = (int) cpu.read(seg, a + 40 + 16L * i, 2);
        }
        s.fcw = loadedControlWord(fcw);
        s.fsw = loadedStatusWord(fsw, s.fcw);
        cpu.fpuErrors.statusChanged();
        s.fop = fop;
        s.fip = fip;
        s.fdp = fdp;
        s.fcs = fcs;
        s.fds = fds;
        System.arraycopy(mant, 0, s.mant, 0, 8);
        System.arraycopy(sexp, 0, s.sexp, 0, 8);
        s.ftw = fullTags(tags, mant, sexp);
    }

    /** Reserved control-word bits: 6 reads as one, 7 and 13-15 as zero (as the hardware stores them). */
    static int loadedControlWord(int fcw) {
        return (fcw & 0x1f3f) | 0x40;
    }

    /** ES (bit 7) and B (bit 15) are not stored: they say whether an exception flag is unmasked. */
    static int loadedStatusWord(int fsw, int fcw) {
        boolean pending = (fsw & ~fcw & 0x3f) != 0;
        return (fsw & 0x7f7f) | (pending ? 0x8080 : 0);
    }

    /** The x87 INIT state (FNINIT's, which XRSTOR loads for a component whose XSTATE_BV bit is clear). */
    void initX87() {
        s.initX87Control();
        java.util.Arrays.fill(s.mant, 0);
        java.util.Arrays.fill(s.sexp, 0);
        cpu.fpuErrors.statusChanged();
    }

    /** Reads MXCSR; #GP(0) if it sets a reserved bit. */
    int readMxcsr(int seg, long a) {
        int m = (int) cpu.read(seg, a + 24, 4);
        if ((m & ~MXCSR_MASK) != 0) throw cpu.fault(Vectors.GP, 0);
        return m;
    }

    void restoreXmm(int seg, long a, int count) {
        long[] v = new long[2 * count];
        for (int k = 0; k < v.length; k++) v[k] = cpu.read(seg, a + 160 + 8L * k, 8);
        System.arraycopy(v, 0, s.xmm, 0, v.length);
    }

    /** The full tag word for the abridged one: empty, or zero/special/valid as the register holds (SDM vol. 1, 10.5.1.1). */
    static int fullTags(int abridged, long[] mant, int[] sexp) {
        int ftw = 0;
        for (int p = 0; p < 8; p++) {
            int tag;
            if ((abridged & (1 << p)) == 0) tag = 3;
            else tag = tagOf(mant[p], sexp[p]);
            ftw |= tag << (2 * p);
        }
        return ftw;
    }

    /** 0 valid, 1 zero, 2 special (NaN, infinity, denormal, unnormal). */
    static int tagOf(long mant, int sexp) {
        int exp = sexp & 0x7fff;
        if (exp == 0x7fff) return 2;
        if (exp == 0) return mant == 0 ? 1 : 2;
        return mant < 0 ? 0 : 2; // integer bit clear: unnormal
    }
}
