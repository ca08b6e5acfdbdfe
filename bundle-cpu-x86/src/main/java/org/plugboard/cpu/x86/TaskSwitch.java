package org.plugboard.cpu.x86;

/**
 * Hardware task switching through a 32-bit TSS (SDM vol. 3, 7.3): JMP or CALL to a TSS or task
 * gate, interrupts through task gates, and IRET with NT set. The new task's state is read and
 * checked before the old one is saved, so a fault in the checks changes nothing.
 */
final class TaskSwitch {
    static final int JMP = 0, CALL = 1, INT = 2, IRET = 3;
    private static final int BUSY = 2;

    private final Cpu cpu;
    private final Segments segments;
    private final VcpuControl control;
    private final long[] newRegs = new long[8];
    private final int[] newSelectors = new int[6];

    TaskSwitch(Cpu cpu, Segments segments, VcpuControl control) {
        this.cpu = cpu;
        this.segments = segments;
        this.control = control;
    }

    private static int sel(int selector) {
        return selector & 0xfffc;
    }

    /** Switches to the task whose TSS descriptor {@code d} selector {@code selector} names. */
    void switchTo(int selector, long d, int reason, long returnEip) {
        int type = Segments.type(d);
        if (Segments.codeOrData(d) || (type != 9 && type != 11)) throw cpu.fault(Vectors.GP, sel(selector)); // 16-bit TSSs are not implemented
        if (reason == IRET ? type != 11 : type != 9) throw cpu.fault(reason == IRET ? Vectors.TS : Vectors.GP, sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
        long limit = Segments.limit(d);
        if (limit < 0x67) throw cpu.fault(Vectors.TS, sel(selector));
        long base = Segments.base(d);

        long newCr3 = read(base + 0x1c, 4);
        long newEip = read(base + 0x20, 4);
        int newFlags = (int) read(base + 0x24, 4);
        for (int r = 0; r < 8; r++) newRegs[r] = read(base + 0x28 + 4L * r, 4);
        for (int s = 0; s < 6; s++) newSelectors[s] = (int) read(base + 0x48 + 4L * s, 2);
        int newLdt = (int) read(base + 0x60, 2);

        SegmentCache old = cpu.tr;
        if (old.limit < 0x67) throw cpu.fault(Vectors.TS, sel(old.selector));
        int flags = cpu.flags.get();
        if (reason == IRET) flags &= ~Flags.NT;
        write(old.base + 0x20, 4, returnEip);
        write(old.base + 0x24, 4, flags);
        for (int r = 0; r < 8; r++) write(old.base + 0x28 + 4L * r, 4, cpu.gpr[r]);
        for (int s = 0; s < 6; s++) write(old.base + 0x48 + 4L * s, 2, cpu.seg[s].selector);
        if (reason == JMP || reason == IRET) setBusy(old.selector, false);
        if (reason != IRET) setBusy(selector, true);
        if (reason == CALL || reason == INT) {
            write(base, 2, old.selector); // the back link IRET follows
            newFlags |= Flags.NT;
        }

        cpu.tr.load(selector, base, limit, Segments.attributes(d) | BUSY, false);
        cpu.cr0 |= Cpu.CR0_TS;
        if ((cpu.cr0 & Cpu.CR0_PG) != 0) {
            cpu.cr3 = newCr3;
            control.translationsChanged();
        }
        for (int r = 0; r < 8; r++) cpu.gpr[r] = newRegs[r];
        cpu.flags.setAll(newFlags);
        cpu.updateMode();
        loadLdt(newLdt);
        loadSegments();
        cpu.nextRip = newEip;
    }

    private void loadLdt(int selector) {
        if (sel(selector) == 0) {
            cpu.ldtr.load(selector, 0, 0, SegmentCache.ATTR_UNUSABLE, false);
            return;
        }
        if ((selector & 4) != 0) throw cpu.fault(Vectors.TS, sel(selector));
        long d = segments.readDescriptor(selector, Vectors.TS);
        if (Segments.codeOrData(d) || Segments.type(d) != 2) throw cpu.fault(Vectors.TS, sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.TS, sel(selector));
        cpu.ldtr.load(selector, Segments.base(d), Segments.limit(d), Segments.attributes(d), false);
    }

    /** Loads the new task's segment registers: its CS RPL becomes the CPL (SDM 7.3, step 12). */
    private void loadSegments() {
        if (cpu.v86) {
            for (int s = 0; s < 6; s++) segments.loadRealMode(s, newSelectors[s]);
            return;
        }
        int cs = newSelectors[Cpu.CS];
        if (sel(cs) == 0) throw cpu.fault(Vectors.TS, 0);
        long d = segments.readDescriptor(cs, Vectors.TS);
        if (!Segments.code(d)) throw cpu.fault(Vectors.TS, sel(cs));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(cs));
        segments.loadCode(cs, d, cs & 3);
        segments.loadData(Cpu.SS, newSelectors[Cpu.SS]);
        for (int s : new int[] {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS}) segments.loadData(s, newSelectors[s]);
    }

    private void setBusy(int selector, boolean busy) {
        long at = segments.descriptorAddress(selector, Vectors.GP) + 5;
        long access = cpu.mmu.readSystem(at, 1);
        cpu.mmu.writeSystem(at, 1, busy ? access | BUSY : access & ~BUSY);
    }

    private long read(long linear, int size) {
        return cpu.mmu.readSystem(linear, size);
    }

    private void write(long linear, int size, long value) {
        cpu.mmu.writeSystem(linear, size, value);
    }
}
