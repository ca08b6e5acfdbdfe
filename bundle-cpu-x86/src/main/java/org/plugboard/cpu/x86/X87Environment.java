package org.plugboard.cpu.x86;

/**
 * FNSTENV/FLDENV and FNSAVE/FRSTOR (SDM vol. 1, 8.1.10 and figures 8-9 to 8-12): the 14-byte (16-bit
 * operand size) and 28-byte (32-bit) environment in its real-mode or protected-mode layout, followed
 * for FNSAVE/FRSTOR by the eight registers ST0-ST7 (10 bytes each). Reserved halves are stored as
 * ones. The whole area is checked before anything changes.
 */
final class X87Environment {
    private final Cpu cpu;
    private final FpuState s;
    private final X87 x87;

    X87Environment(Cpu cpu, X87 x87) {
        this.cpu = cpu;
        this.s = cpu.fpu;
        this.x87 = x87;
    }

    private boolean realLayout() {
        return !cpu.protectedMode || cpu.v86;
    }

    /** FNSTENV (registers false; masks all exceptions afterwards) and FNSAVE (registers true; the caller reinitialises). */
    void store(Insn i, long a, boolean registers) {
        boolean small = i.osize == 2;
        int envSize = small ? 14 : 28;
        int size = envSize + (registers ? 80 : 0);
        cpu.checkWritable(i.seg, a, size);
        cpu.mmu.probeWrite(cpu.linear(i.seg, a), size);
        int w = small ? 2 : 4;
        long pad = small ? 0 : 0xffff0000L;
        int ftw = tagWord(s.ftw);
        put(i, a, w, 0, s.fcw | pad);
        put(i, a, w, 1, s.fsw | pad);
        put(i, a, w, 2, ftw | pad);
        if (realLayout()) {
            long ip = s.fip + ((long) s.fcs << 4), dp = s.fdp + ((long) s.fds << 4);
            put(i, a, w, 3, (ip & 0xffff) | pad);
            put(i, a, w, 4, (s.fop & 0x7ff) | ((ip >>> 16) << 12) & (small ? 0xf000 : 0xfffff000L));
            put(i, a, w, 5, (dp & 0xffff) | pad);
            put(i, a, w, 6, ((dp >>> 16) << 12) & (small ? 0xf000 : 0xfffff000L));
        } else {
            put(i, a, w, 3, small ? s.fip & 0xffff : s.fip & 0xffffffffL);
            put(i, a, w, 4, small ? s.fcs & 0xffff : (s.fcs & 0xffff) | ((long) (s.fop & 0x7ff) << 16));
            put(i, a, w, 5, small ? s.fdp & 0xffff : s.fdp & 0xffffffffL);
            put(i, a, w, 6, (s.fds & 0xffff) | pad);
        }
        if (registers) {
            int top = x87.top();
            for (int k = 0; k < 8; k++) {
                int p = (top + k) & 7;
                cpu.write(i.seg, a + envSize + 10L * k, 8, s.mant[p]);
                cpu.write(i.seg, a + envSize + 10L * k + 8, 2, s.sexp[p] & 0xffff);
            }
        } else {
            s.fcw |= 0x3f;
            x87.updateSummary(); // every exception masked: nothing is pending any more
        }
    }

    /** FLDENV (registers false) and FRSTOR. */
    void load(Insn i, long a, boolean registers) {
        boolean small = i.osize == 2;
        int envSize = small ? 14 : 28;
        int size = envSize + (registers ? 80 : 0);
        cpu.read(i.seg, a, 1);
        cpu.read(i.seg, a + size - 1, 1);
        int w = small ? 2 : 4;
        int fcw = (int) get(i, a, w, 0) & 0x1f7f | 0x40;
        int fsw = (int) get(i, a, w, 1) & 0xffff;
        int ftw = (int) get(i, a, w, 2) & 0xffff;
        long f3 = get(i, a, w, 3), f4 = get(i, a, w, 4), f5 = get(i, a, w, 5), f6 = get(i, a, w, 6);
        if (registers) {
            int top = (fsw >> 11) & 7;
            for (int k = 0; k < 8; k++) {
                int p = (top + k) & 7;
                s.mant[p] = cpu.read(i.seg, a + envSize + 10L * k, 8);
                s.sexp[p] = (int) cpu.read(i.seg, a + envSize + 10L * k + 8, 2) & 0xffff;
            }
        }
        s.fcw = fcw;
        s.fsw = fsw;
        if (realLayout()) {
            s.fip = (f3 & 0xffff) | ((f4 >>> 12) << 16) & (small ? 0xf0000 : 0xffff0000L);
            s.fop = (int) f4 & 0x7ff;
            s.fdp = (f5 & 0xffff) | ((f6 >>> 12) << 16) & (small ? 0xf0000 : 0xffff0000L);
            s.fcs = s.fds = 0;
        } else {
            s.fip = small ? f3 & 0xffff : f3 & 0xffffffffL;
            s.fcs = (int) f4 & 0xffff;
            if (!small) s.fop = (int) (f4 >>> 16) & 0x7ff;
            s.fdp = small ? f5 & 0xffff : f5 & 0xffffffffL;
            s.fds = (int) f6 & 0xffff;
        }
        s.ftw = tagWord(ftw);
        x87.updateSummary();
    }

    /** The tag word with empty tags kept and every other one recomputed from its register. */
    private int tagWord(int ftw) {
        int tags = 0;
        for (int p = 0; p < 8; p++) {
            int t = ((ftw >> (2 * p)) & 3) == 3 ? 3 : X87.tagOf(s.sexp[p], s.mant[p]);
            tags |= t << (2 * p);
        }
        return tags;
    }

    private void put(Insn i, long a, int w, int field, long v) {
        cpu.write(i.seg, a + (long) w * field, w, v & (w == 2 ? 0xffffL : 0xffffffffL));
    }

    private long get(Insn i, long a, int w, int field) {
        return cpu.read(i.seg, a + (long) w * field, w);
    }
}
