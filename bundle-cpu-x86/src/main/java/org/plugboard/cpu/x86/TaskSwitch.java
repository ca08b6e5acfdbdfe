package org.plugboard.cpu.x86;

/**
 * Hardware task switching through a 32-bit or a 16-bit (80286) TSS (SDM vol. 3, 7.3 and 7.6):
 * JMP or CALL to a TSS or task gate, interrupts through task gates, and IRET with NT set. The new
 * task's state is read and checked before the old one is saved, so a fault in the checks changes
 * nothing. A 16-bit TSS holds no CR3, FS or GS: those are left alone and null respectively.
 */
final class TaskSwitch {
    static final int JMP = 0, CALL = 1, INT = 2, IRET = 3;
    private static final int BUSY = 2;

    /** Where a TSS keeps each field; the 16-bit layout has word-sized fields and four selectors. */
    private record Layout(int minLimit, int width, int eip, int eflags, int regs, int selectors, int selectorCount, int ldt) {
    }

    private static final Layout TSS32 = new Layout(0x67, 4, 0x20, 0x24, 0x28, 0x48, 6, 0x60);
    private static final Layout TSS16 = new Layout(0x2b, 2, 0x0e, 0x10, 0x12, 0x22, 4, 0x2a);

    private static Layout layout(int type) {
        return (type & 8) != 0 ? TSS32 : TSS16;
    }

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
        boolean tss = !Segments.codeOrData(d) && (type & 5) == 1; // 1, 3, 9 or 11
        if (!tss || (type & 2) != (reason == IRET ? BUSY : 0))
            throw cpu.fault(reason == IRET ? Vectors.TS : Vectors.GP, sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
        Layout in = layout(type);
        long limit = Segments.limit(d);
        if (limit < in.minLimit) throw cpu.fault(Vectors.TS, sel(selector));
        long base = Segments.base(d);

        long newCr3 = in == TSS32 ? read(base + 0x1c, 4) : cpu.cr3;
        long newEip = read(base + in.eip, in.width);
        int newFlags = (int) read(base + in.eflags, in.width);
        for (int r = 0; r < 8; r++) newRegs[r] = read(base + in.regs + (long) in.width * r, in.width);
        java.util.Arrays.fill(newSelectors, 0);
        for (int s = 0; s < in.selectorCount; s++) newSelectors[s] = (int) read(base + in.selectors + (long) in.width * s, 2);
        int newLdt = (int) read(base + in.ldt, 2);
        boolean debugTrap = in == TSS32 && (read(base + 0x64, 2) & 1) != 0;

        SegmentCache old = cpu.tr;
        Layout out = layout(old.attributes & 0xf);
        if (old.limit < out.minLimit) throw cpu.fault(Vectors.TS, sel(old.selector));
        int flags = cpu.flags.get();
        if (reason == IRET) flags &= ~Flags.NT;
        write(old.base + out.eip, out.width, returnEip);
        write(old.base + out.eflags, out.width, flags);
        for (int r = 0; r < 8; r++) write(old.base + out.regs + (long) out.width * r, out.width, cpu.gpr[r]);
        for (int s = 0; s < out.selectorCount; s++) write(old.base + out.selectors + (long) out.width * s, 2, cpu.seg[s].selector);
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
        if (in == TSS16) newFlags = (cpu.flags.get() & ~0xffff) | (newFlags & 0xffff); // the upper flags stay
        cpu.flags.setAll(newFlags);
        cpu.updateMode();
        cpu.dr[7] &= ~Breakpoints.DR7_LOCAL; // local breakpoints belong to the old task
        if (debugTrap) cpu.breakpoints.taskTrap = true; // #DB (BT) before the new task's first instruction
        loadLdt(newLdt);
        loadSegments();
        cpu.nextRip = newEip;
    }

    /** The size of an error code pushed after a switch through a task gate: the new TSS's width. */
    int errorCodeSize() {
        return layout(cpu.tr.attributes & 0xf).width;
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
