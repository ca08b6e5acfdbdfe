package org.plugboard.cpu.x86;

/**
 * Control transfers that may change CS: far JMP/CALL/RET through code segments and call gates,
 * interrupt and exception delivery through the IVT or IDT (interrupt and trap gates, with stack
 * switches), and IRET, in real, protected, virtual-8086 and long mode (SDM vol. 3, chapters 5
 * and 6). Everything that can fault is read and checked before any register changes.
 */
final class Transfers {
    /** How an interrupt was raised: decides the gate DPL check, IOPL checks and the EXT bit. */
    static final int EXCEPTION = 0, EXTERNAL = 1, SOFTWARE = 2, BREAKPOINT = 3, ICEBP = 4;

    private final Cpu cpu;
    private final Segments segments;
    private final Flags f;
    private final TaskSwitch tasks;

    Transfers(Cpu cpu, Segments segments, VcpuControl control) {
        this.cpu = cpu;
        this.segments = segments;
        this.f = cpu.flags;
        this.tasks = new TaskSwitch(cpu, segments, control);
    }

    /**
     * JMP/CALL to a TSS descriptor or a task gate; returns false for other descriptors. The
     * descriptor's DPL must admit both the CPL and the selector's RPL.
     */
    private boolean toTask(int selector, long d, int reason) {
        int type = Segments.type(d);
        if (Segments.codeOrData(d) || (type != 5 && type != 9 && type != 1)) return false;
        if (cpu.longMode) throw gp(sel(selector)); // no task switching in IA-32e mode
        if (Segments.dpl(d) < cpu.cpl || Segments.dpl(d) < (selector & 3)) throw gp(sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
        if (type == 5) { // task gate: the TSS selector is in the gate
            selector = (int) (d >>> 16) & 0xffff;
            if ((selector & 4) != 0) throw gp(sel(selector));
            d = segments.readDescriptor(selector, Vectors.GP);
        }
        tasks.switchTo(selector, d, reason, cpu.nextRip);
        return true;
    }

    private CpuFault gp(int error) {
        return cpu.fault(Vectors.GP, error);
    }

    private static int sel(int selector) {
        return selector & 0xfffc;
    }

    // --- far JMP / CALL / RET ---

    void farJump(int selector, long offset, int osize) {
        if (!cpu.protectedMode || cpu.v86) {
            realModeCs(selector, offset & Flags.MASK[osize]);
            return;
        }
        if (sel(selector) == 0) throw gp(0);
        long d = segments.readDescriptor(selector, Vectors.GP);
        if (Segments.codeOrData(d)) {
            checkSamePrivilegeCode(selector, d);
            setCs(selector, d, cpu.cpl, offset & Flags.MASK[osize]);
            return;
        }
        int type = Segments.type(d);
        if (type == 4 || type == 12) {
            Gate g = readCallGate(selector, d);
            long td = targetOfGate(g);
            boolean conforming = (Segments.type(td) & 4) != 0;
            if (conforming ? Segments.dpl(td) > cpu.cpl : Segments.dpl(td) != cpu.cpl) throw gp(sel(g.selector));
            if (!Segments.present(td)) throw cpu.fault(Vectors.NP, sel(g.selector));
            setCs(g.selector, td, cpu.cpl, g.offset);
            return;
        }
        if (!toTask(selector, d, TaskSwitch.JMP)) throw gp(sel(selector));
    }

    void farCall(int selector, long offset, int osize) {
        if (!cpu.protectedMode || cpu.v86) {
            long sp = cpu.sp();
            cpu.write(Cpu.SS, (sp - osize) & cpu.stackMask, osize, cpu.seg[Cpu.CS].selector);
            cpu.write(Cpu.SS, (sp - 2L * osize) & cpu.stackMask, osize, cpu.nextRip);
            realModeCs(selector, offset & Flags.MASK[osize]);
            cpu.setSp(sp - 2L * osize);
            return;
        }
        if (sel(selector) == 0) throw gp(0);
        long d = segments.readDescriptor(selector, Vectors.GP);
        if (Segments.codeOrData(d)) {
            checkSamePrivilegeCode(selector, d);
            pushReturn(osize);
            setCs(selector, d, cpu.cpl, offset & Flags.MASK[osize]);
            return;
        }
        if (toTask(selector, d, TaskSwitch.CALL)) return;
        int type = Segments.type(d);
        if (type != 4 && type != 12) throw gp(sel(selector));
        Gate g = readCallGate(selector, d);
        long td = targetOfGate(g);
        int dpl = Segments.dpl(td);
        boolean conforming = (Segments.type(td) & 4) != 0;
        if (dpl > cpu.cpl) throw gp(sel(g.selector));
        if (!Segments.present(td)) throw cpu.fault(Vectors.NP, sel(g.selector));
        if (conforming || dpl == cpu.cpl) {
            pushReturn(g.size);
            setCs(g.selector, td, cpu.cpl, g.offset);
            return;
        }
        callGateToInner(g, td, dpl);
    }

    private void pushReturn(int size) {
        long sp = cpu.sp();
        cpu.write(Cpu.SS, (sp - size) & cpu.stackMask, size, cpu.seg[Cpu.CS].selector);
        cpu.write(Cpu.SS, (sp - 2L * size) & cpu.stackMask, size, cpu.nextRip);
        cpu.setSp(sp - 2L * size);
    }

    private void checkSamePrivilegeCode(int selector, long d) {
        if (!Segments.code(d)) throw gp(sel(selector));
        boolean conforming = (Segments.type(d) & 4) != 0;
        int dpl = Segments.dpl(d), rpl = selector & 3;
        if (conforming ? dpl > cpu.cpl : (rpl > cpu.cpl || dpl != cpu.cpl)) throw gp(sel(selector));
        if (cpu.longMode && (d & (1L << 53)) != 0 && (d & (1L << 54)) != 0) throw gp(sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
    }

    private void realModeCs(int selector, long ip) {
        segments.loadRealMode(Cpu.CS, selector);
        cpu.nextRip = ip;
    }

    /** Loads CS for the new privilege and sets the new RIP after a limit check. */
    private void setCs(int selector, long d, int cpl, long offset) {
        boolean longCode = cpu.longMode && (d & (1L << 53)) != 0;
        if (!longCode && offset > Segments.limit(d)) throw gp(0);
        segments.setAccessed(selector, d);
        segments.loadCode(selector, d, cpl);
        cpu.nextRip = offset;
    }

    /** A decoded call gate. Reused: gates are read on the slow path only but we avoid garbage anyway. */
    private static final class Gate {
        int selector;
        long offset;
        int size;
        int paramCount;
    }

    private final Gate gate = new Gate();

    private Gate readCallGate(int selector, long d) {
        int dpl = Segments.dpl(d);
        if (dpl < cpu.cpl || dpl < (selector & 3)) throw gp(sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
        Gate g = gate;
        g.selector = (int) (d >>> 16) & 0xffff;
        g.offset = (d & 0xffff) | ((d >>> 48) & 0xffff) << 16;
        g.paramCount = (int) (d >>> 32) & 31;
        g.size = Segments.type(d) == 12 ? 4 : 2;
        if (Segments.type(d) == 4) g.offset &= 0xffff;
        if (cpu.longMode) {
            if (Segments.type(d) != 12) throw gp(sel(selector));
            long high = segments.readDescriptorHigh(selector, Vectors.GP);
            g.offset |= (high & 0xffffffffL) << 32;
            g.size = 8;
            g.paramCount = 0;
        }
        return g;
    }

    private long targetOfGate(Gate g) {
        if (sel(g.selector) == 0) throw gp(0);
        long td = segments.readDescriptor(g.selector, Vectors.GP);
        if (!Segments.code(td)) throw gp(sel(g.selector));
        if (cpu.longMode && ((td & (1L << 53)) == 0 || (td & (1L << 54)) != 0)) throw gp(sel(g.selector));
        return td;
    }

    /** CALL through a gate to a more privileged non-conforming segment: switch stacks, copy parameters. */
    private void callGateToInner(Gate g, long td, int dpl) {
        int oldSs = cpu.seg[Cpu.SS].selector;
        long oldSp = cpu.sp();
        int size = g.size;
        long[] params = paramBuffer;
        for (int k = 0; k < g.paramCount; k++) params[k] = cpu.read(Cpu.SS, (oldSp + (long) k * size) & cpu.stackMask, size);
        int returnCs = cpu.seg[Cpu.CS].selector;
        long returnIp = cpu.nextRip;
        if (cpu.longMode) {
            long rsp = readTss64Stack(dpl) & ~15L;
            cpu.mmu.writeSystem(rsp - 8, 8, oldSs);
            cpu.mmu.writeSystem(rsp - 16, 8, oldSp);
            cpu.mmu.writeSystem(rsp - 24, 8, returnCs);
            cpu.mmu.writeSystem(rsp - 32, 8, returnIp);
            setCs(g.selector, td, dpl, g.offset);
            segments.loadNull(Cpu.SS, dpl);
            cpu.gpr[Cpu.RSP] = rsp - 32;
            return;
        }
        StackTarget t = innerStack(dpl, Vectors.TS, 0);
        long sp = t.sp;
        long base = Segments.base(t.descriptor), mask = (t.descriptor & (1L << 54)) != 0 ? 0xffffffffL : 0xffffL;
        sp = push(base, mask, sp, size, oldSs);
        sp = push(base, mask, sp, size, oldSp);
        for (int k = g.paramCount - 1; k >= 0; k--) sp = push(base, mask, sp, size, params[k]);
        sp = push(base, mask, sp, size, returnCs);
        sp = push(base, mask, sp, size, returnIp);
        setCs(g.selector, td, dpl, g.offset);
        segments.load(Cpu.SS, (t.selector & ~3) | dpl, t.descriptor);
        cpu.setSp(sp);
    }

    private final long[] paramBuffer = new long[32];

    private long push(long base, long mask, long sp, int size, long value) {
        sp = (sp - size) & mask;
        cpu.mmu.writeSystem(base + sp, size, value);
        return sp;
    }

    void farReturn(int osize, int popBytes) {
        long sp = cpu.sp();
        long ip = cpu.read(Cpu.SS, sp, osize);
        int selector = (int) cpu.read(Cpu.SS, (sp + osize) & cpu.stackMask, osize) & 0xffff;
        if (!cpu.protectedMode || cpu.v86) {
            realModeCs(selector, ip & Flags.MASK[osize]);
            cpu.setSp(sp + 2L * osize + popBytes);
            return;
        }
        int rpl = selector & 3;
        if (sel(selector) == 0) throw gp(0);
        long d = segments.readDescriptor(selector, Vectors.GP);
        if (!Segments.code(d) || rpl < cpu.cpl) throw gp(sel(selector));
        boolean conforming = (Segments.type(d) & 4) != 0;
        if (conforming ? Segments.dpl(d) > rpl : Segments.dpl(d) != rpl) throw gp(sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
        if (rpl == cpu.cpl) {
            setCs(selector, d, rpl, ip & Flags.MASK[osize]);
            cpu.setSp(sp + 2L * osize + popBytes);
            return;
        }
        long outerSpAt = (sp + 2L * osize + popBytes) & cpu.stackMask;
        long newSp = cpu.read(Cpu.SS, outerSpAt, osize);
        int newSs = (int) cpu.read(Cpu.SS, (outerSpAt + osize) & cpu.stackMask, osize) & 0xffff;
        long ssd = checkOuterStack(newSs, rpl);
        setCs(selector, d, rpl, ip & Flags.MASK[osize]);
        if (ssd == 0) segments.loadNull(Cpu.SS, newSs);
        else segments.load(Cpu.SS, newSs, ssd);
        cpu.setSp(newSp + popBytes);
        nullifyDataSegments();
    }

    /** The SS loaded on a return to an outer level; 0 stands for a null SS (allowed in 64-bit mode). */
    private long checkOuterStack(int ss, int rpl) {
        if (sel(ss) == 0) {
            if (cpu.longMode && rpl != 3) return 0;
            throw gp(0);
        }
        long d = segments.readDescriptor(ss, Vectors.GP);
        boolean writable = Segments.codeOrData(d) && !Segments.code(d) && (Segments.type(d) & 2) != 0;
        if ((ss & 3) != rpl || !writable || Segments.dpl(d) != rpl) throw gp(sel(ss));
        if (!Segments.present(d)) throw cpu.fault(Vectors.SS, sel(ss));
        segments.setAccessed(ss, d);
        return d | 1L << 40;
    }

    /** After a return to an outer level, data segments more privileged than the new CPL become null. */
    private void nullifyDataSegments() {
        for (int s : DATA_SEGMENTS) {
            SegmentCache c = cpu.seg[s];
            int type = c.attributes & 0xf;
            boolean conformingCode = (type & 8) != 0 && (type & 4) != 0;
            if (!c.unusable() && !conformingCode && c.dpl() < cpu.cpl) segments.loadNull(s, 0);
        }
    }

    private static final int[] DATA_SEGMENTS = {Cpu.ES, Cpu.DS, Cpu.FS, Cpu.GS};

    // --- stacks from the TSS ---

    private static final class StackTarget {
        int selector;
        long sp;
        long descriptor;
    }

    private final StackTarget stackTarget = new StackTarget();

    /** SS:ESP for privilege {@code dpl} from a 16- or 32-bit TSS, checked as SDM 6.12.1 says. */
    private StackTarget innerStack(int dpl, int vector, int ext) {
        SegmentCache tr = cpu.tr;
        boolean tss32 = (tr.attributes & 8) != 0;
        long at = tss32 ? 4 + dpl * 8L : 2 + dpl * 4L;
        int width = tss32 ? 4 : 2;
        if (at + 2L * width - 1 > tr.limit) throw cpu.fault(Vectors.TS, sel(tr.selector) | ext);
        long sp = cpu.mmu.readSystem(tr.base + at, width);
        int ss = (int) cpu.mmu.readSystem(tr.base + at + width, 2);
        if (sel(ss) == 0) throw cpu.fault(Vectors.TS, ext);
        long d = segments.readDescriptor(ss, Vectors.TS);
        boolean writable = Segments.codeOrData(d) && !Segments.code(d) && (Segments.type(d) & 2) != 0;
        if ((ss & 3) != dpl || Segments.dpl(d) != dpl || !writable) throw cpu.fault(Vectors.TS, sel(ss) | ext);
        if (!Segments.present(d)) throw cpu.fault(Vectors.SS, sel(ss) | ext);
        segments.setAccessed(ss, d);
        StackTarget t = stackTarget;
        t.selector = ss;
        t.sp = sp;
        t.descriptor = d | 1L << 40;
        return t;
    }

    private long readTss64Stack(int dpl) {
        SegmentCache tr = cpu.tr;
        long at = 4 + dpl * 8L;
        if (at + 7 > tr.limit) throw cpu.fault(Vectors.TS, sel(tr.selector));
        return cpu.mmu.readSystem(tr.base + at, 8);
    }

    private long readTss64Ist(int ist) {
        SegmentCache tr = cpu.tr;
        long at = 0x24 + (ist - 1) * 8L;
        if (at + 7 > tr.limit) throw cpu.fault(Vectors.TS, sel(tr.selector));
        return cpu.mmu.readSystem(tr.base + at, 8);
    }

    // --- interrupts ---

    /**
     * INT n, INT3, INTO, INT1 executed as instructions: the return address is the next instruction.
     * Entering the handler discards the instruction's single-step trap (its TF is cleared; the
     * trap resumes after the handler's IRET), as Bochs and QEMU do.
     */
    void softwareInterrupt(int vector, int kind) {
        if (kind == SOFTWARE && cpu.v86 && ((f.bits >> 12) & 3) < 3) throw gp(0);
        deliver(vector, kind, 0, false, cpu.nextRip);
        cpu.breakpoints.softwareInterrupt = true;
    }

    /**
     * Delivers an interrupt or exception: saves the return state and enters the handler; on
     * return {@code cpu.nextRip} and {@code cpu.rip} hold the handler's first instruction.
     */
    void deliver(int vector, int kind, int error, boolean hasError, long returnRip) {
        if (vector == Vectors.DB && kind != SOFTWARE) cpu.breakpoints.enteringHandler();
        if (!cpu.protectedMode) realMode(vector, returnRip);
        else if (cpu.longMode) longMode(vector, kind, error, hasError, returnRip);
        else protectedMode(vector, kind, error, hasError, returnRip);
        cpu.rip = cpu.nextRip;
    }

    private void realMode(int vector, long returnRip) {
        if (vector * 4L + 3 > cpu.idtLimit) throw gp(0);
        long entry = cpu.mmu.read((cpu.idtBase + vector * 4L) & cpu.linearMask, 4);
        int flags = f.get();
        long sp = cpu.sp();
        cpu.write(Cpu.SS, (sp - 2) & cpu.stackMask, 2, flags);
        cpu.write(Cpu.SS, (sp - 4) & cpu.stackMask, 2, cpu.seg[Cpu.CS].selector);
        cpu.write(Cpu.SS, (sp - 6) & cpu.stackMask, 2, returnRip);
        cpu.setSp(sp - 6);
        f.setAll(flags & ~(Flags.IF | Flags.TF | Flags.AC | Flags.RF));
        realModeCs((int) (entry >>> 16), entry & 0xffff);
    }

    private int ext(int kind) {
        return kind == EXTERNAL || kind == EXCEPTION || kind == ICEBP ? 1 : 0;
    }

    private void protectedMode(int vector, int kind, int error, boolean hasError, long returnRip) {
        int ext = ext(kind);
        int idtError = vector * 8 + 2 + ext;
        if (vector * 8L + 7 > cpu.idtLimit) throw gp(idtError);
        long g = cpu.mmu.readSystem(cpu.idtBase + vector * 8L, 8);
        int type = (int) (g >>> 40) & 0x1f;
        if (type != 5 && type != 6 && type != 7 && type != 14 && type != 15) throw gp(idtError);
        if ((kind == SOFTWARE || kind == BREAKPOINT) && Segments.dpl(g) < cpu.cpl) throw gp(vector * 8 + 2);
        if (!Segments.present(g)) throw cpu.fault(Vectors.NP, idtError);
        int selector = (int) (g >>> 16) & 0xffff;
        if (type == 5) { // task gate
            if ((selector & 4) != 0) throw cpu.fault(Vectors.TS, sel(selector) | ext);
            tasks.switchTo(selector, segments.readDescriptor(selector, Vectors.TS), TaskSwitch.INT, returnRip);
            if (hasError) cpu.push(error, tasks.errorCodeSize());
            return;
        }
        long offset = (g & 0xffff) | ((g >>> 48) & 0xffff) << 16;
        int size = (type & 8) != 0 ? 4 : 2;
        if (size == 2) offset &= 0xffff;
        if (sel(selector) == 0) throw gp(ext);
        long d = segments.readDescriptor(selector, Vectors.GP);
        int dpl = Segments.dpl(d);
        if (!Segments.code(d) || dpl > cpu.cpl) throw gp(sel(selector) | ext);
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector) | ext);
        boolean conforming = (Segments.type(d) & 4) != 0;
        int flags = f.get();
        int oldCs = cpu.seg[Cpu.CS].selector;
        if (!conforming && dpl < cpu.cpl) {
            if (cpu.v86 && dpl != 0) throw gp(sel(selector) | ext);
            StackTarget t = innerStack(dpl, Vectors.TS, ext);
            long base = Segments.base(t.descriptor), mask = (t.descriptor & (1L << 54)) != 0 ? 0xffffffffL : 0xffffL;
            long sp = t.sp;
            if (cpu.v86) {
                sp = push(base, mask, sp, size, cpu.seg[Cpu.GS].selector);
                sp = push(base, mask, sp, size, cpu.seg[Cpu.FS].selector);
                sp = push(base, mask, sp, size, cpu.seg[Cpu.DS].selector);
                sp = push(base, mask, sp, size, cpu.seg[Cpu.ES].selector);
            }
            sp = push(base, mask, sp, size, cpu.seg[Cpu.SS].selector);
            sp = push(base, mask, sp, size, cpu.sp());
            sp = push(base, mask, sp, size, flags);
            sp = push(base, mask, sp, size, oldCs);
            sp = push(base, mask, sp, size, returnRip);
            if (hasError) sp = push(base, mask, sp, size, error);
            boolean fromV86 = cpu.v86;
            enterHandler(selector, d, dpl, offset, type, flags);
            segments.load(Cpu.SS, (t.selector & ~3) | dpl, t.descriptor);
            cpu.setSp(sp);
            if (fromV86) for (int s : DATA_SEGMENTS) segments.loadNull(s, 0);
            return;
        }
        if (cpu.v86) throw gp(sel(selector) | ext);
        long sp = cpu.sp();
        long frame = size * (hasError ? 4L : 3L);
        long top = (sp - frame) & cpu.stackMask;
        cpu.checkWritable(Cpu.SS, top, (int) frame);
        cpu.mmu.probeWrite(cpu.linear(Cpu.SS, top), (int) frame);
        sp = pushCurrent(sp, size, flags);
        sp = pushCurrent(sp, size, oldCs);
        sp = pushCurrent(sp, size, returnRip);
        if (hasError) sp = pushCurrent(sp, size, error);
        enterHandler(selector, d, cpu.cpl, offset, type, flags);
        cpu.setSp(sp);
    }

    private long pushCurrent(long sp, int size, long value) {
        sp = (sp - size) & cpu.stackMask;
        cpu.write(Cpu.SS, sp, size, value);
        return sp;
    }

    /** Clears VM first, so that loading CS computes the CPL for protected mode, not virtual-8086 mode. */
    private void enterHandler(int selector, long d, int cpl, long offset, int gateType, int flags) {
        boolean longCode = cpu.longMode && (d & (1L << 53)) != 0;
        if (!longCode && offset > Segments.limit(d)) throw gp(0);
        int cleared = Flags.TF | Flags.NT | Flags.RF | Flags.VM;
        if ((gateType & 1) == 0) cleared |= Flags.IF; // interrupt gate, not trap gate
        f.setAll(flags & ~cleared);
        setCs(selector, d, cpl, offset);
    }

    private void longMode(int vector, int kind, int error, boolean hasError, long returnRip) {
        int ext = ext(kind);
        int idtError = vector * 8 + 2 + ext;
        if (vector * 16L + 15 > cpu.idtLimit) throw gp(idtError);
        long g = cpu.mmu.readSystem(cpu.idtBase + vector * 16L, 8);
        long high = cpu.mmu.readSystem(cpu.idtBase + vector * 16L + 8, 8);
        int type = (int) (g >>> 40) & 0x1f;
        if (type != 14 && type != 15) throw gp(idtError);
        if ((kind == SOFTWARE || kind == BREAKPOINT) && Segments.dpl(g) < cpu.cpl) throw gp(vector * 8 + 2);
        if (!Segments.present(g)) throw cpu.fault(Vectors.NP, idtError);
        int selector = (int) (g >>> 16) & 0xffff;
        long offset = (g & 0xffff) | ((g >>> 48) & 0xffff) << 16 | (high & 0xffffffffL) << 32;
        int ist = (int) (g >>> 32) & 7;
        if (sel(selector) == 0) throw gp(ext);
        long d = segments.readDescriptor(selector, Vectors.GP);
        int dpl = Segments.dpl(d);
        boolean longCode = (d & (1L << 53)) != 0 && (d & (1L << 54)) == 0;
        if (!Segments.code(d) || dpl > cpu.cpl || !longCode) throw gp(sel(selector) | ext);
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector) | ext);
        boolean conforming = (Segments.type(d) & 4) != 0;
        int newCpl = conforming ? cpu.cpl : dpl;
        long rsp;
        if (ist != 0) rsp = readTss64Ist(ist);
        else if (newCpl < cpu.cpl) rsp = readTss64Stack(newCpl);
        else rsp = cpu.gpr[Cpu.RSP];
        rsp &= ~15L;
        int flags = f.get();
        long sp = rsp;
        boolean user = newCpl == 3;
        sp = push64(sp, cpu.seg[Cpu.SS].selector, user);
        sp = push64(sp, cpu.gpr[Cpu.RSP], user);
        sp = push64(sp, flags, user);
        sp = push64(sp, cpu.seg[Cpu.CS].selector, user);
        sp = push64(sp, returnRip, user);
        if (hasError) sp = push64(sp, error, user);
        int oldCpl = cpu.cpl;
        enterHandler(selector, d, newCpl, offset, type, flags);
        if (newCpl != oldCpl) segments.loadNull(Cpu.SS, newCpl);
        cpu.gpr[Cpu.RSP] = sp;
    }

    private long push64(long sp, long value, boolean user) {
        sp -= 8;
        if (user) cpu.mmu.write(sp, 8, value);
        else cpu.mmu.writeSystem(sp, 8, value);
        return sp;
    }

    // --- IRET ---

    void iret(int osize) {
        cpu.nmiBlocked = false;
        if (!cpu.protectedMode) {
            realModeIret(osize, ~Flags.VM);
            return;
        }
        if (cpu.v86) {
            if (((f.bits >> 12) & 3) < 3) throw gp(0);
            realModeIret(osize, ~(Flags.IOPL | Flags.VM));
            return;
        }
        if ((f.bits & Flags.NT) != 0) { // return to the task in the back link
            if (cpu.longMode) throw gp(0);
            int back = (int) cpu.mmu.readSystem(cpu.tr.base, 2);
            if ((back & 4) != 0) throw cpu.fault(Vectors.TS, sel(back));
            tasks.switchTo(back, segments.readDescriptor(back, Vectors.TS), TaskSwitch.IRET, cpu.nextRip);
            return;
        }
        if (cpu.longMode) {
            longModeIret(osize);
            return;
        }
        long sp = cpu.sp();
        long ip = cpu.read(Cpu.SS, sp, osize);
        int selector = (int) cpu.read(Cpu.SS, (sp + osize) & cpu.stackMask, osize) & 0xffff;
        int flags = (int) cpu.read(Cpu.SS, (sp + 2L * osize) & cpu.stackMask, osize);
        if (osize == 4 && (flags & Flags.VM) != 0 && cpu.cpl == 0) {
            iretToV86(sp, ip, selector, flags);
            return;
        }
        long d = checkIretTarget(selector);
        int rpl = selector & 3;
        if (rpl == cpu.cpl) {
            setCs(selector, d, rpl, ip & Flags.MASK[osize]);
            cpu.setSp(sp + 3L * osize);
            restoreFlags(flags, osize, cpu.cpl);
            return;
        }
        long newSp = cpu.read(Cpu.SS, (sp + 3L * osize) & cpu.stackMask, osize);
        int newSs = (int) cpu.read(Cpu.SS, (sp + 4L * osize) & cpu.stackMask, osize) & 0xffff;
        long ssd = checkOuterStack(newSs, rpl);
        int oldCpl = cpu.cpl;
        setCs(selector, d, rpl, ip & Flags.MASK[osize]);
        segments.load(Cpu.SS, newSs, ssd);
        cpu.setSp(newSp);
        restoreFlags(flags, osize, oldCpl);
        nullifyDataSegments();
    }

    private long checkIretTarget(int selector) {
        if (sel(selector) == 0) throw gp(0);
        long d = segments.readDescriptor(selector, Vectors.GP);
        int rpl = selector & 3;
        if (!Segments.code(d) || rpl < cpu.cpl) throw gp(sel(selector));
        boolean conforming = (Segments.type(d) & 4) != 0;
        if (conforming ? Segments.dpl(d) > rpl : Segments.dpl(d) != rpl) throw gp(sel(selector));
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel(selector));
        return d;
    }

    private void realModeIret(int osize, int changeable) {
        long sp = cpu.sp();
        long ip = cpu.read(Cpu.SS, sp, osize);
        int selector = (int) cpu.read(Cpu.SS, (sp + osize) & cpu.stackMask, osize) & 0xffff;
        int flags = (int) cpu.read(Cpu.SS, (sp + 2L * osize) & cpu.stackMask, osize);
        if (ip > 0xffff && !cpu.v86 && ip > cpu.seg[Cpu.CS].limit) throw gp(0);
        realModeCs(selector, ip & Flags.MASK[osize]);
        cpu.setSp(sp + 3L * osize);
        int mask = (osize == 2 ? 0xffff : 0x3fffff) & changeable & ~(Flags.VIF | Flags.VIP);
        f.setMasked(mask, flags);
    }

    private void iretToV86(long sp, long ip, int selector, int flags) {
        long esp = cpu.read(Cpu.SS, (sp + 12) & cpu.stackMask, 4);
        int ss = (int) cpu.read(Cpu.SS, (sp + 16) & cpu.stackMask, 4) & 0xffff;
        int es = (int) cpu.read(Cpu.SS, (sp + 20) & cpu.stackMask, 4) & 0xffff;
        int ds = (int) cpu.read(Cpu.SS, (sp + 24) & cpu.stackMask, 4) & 0xffff;
        int fs = (int) cpu.read(Cpu.SS, (sp + 28) & cpu.stackMask, 4) & 0xffff;
        int gs = (int) cpu.read(Cpu.SS, (sp + 32) & cpu.stackMask, 4) & 0xffff;
        f.setAll(flags & 0x3f7fd7 | Flags.FIXED);
        cpu.updateMode(); // VM is set: virtual-8086 mode, CPL 3
        int[] sels = {es, selector, ss, ds, fs, gs};
        for (int s = 0; s < 6; s++) segments.loadRealMode(s, sels[s]);
        cpu.gpr[Cpu.RSP] = esp & 0xffffffffL;
        cpu.nextRip = ip & 0xffff;
    }

    /** Restores EFLAGS on IRET: IOPL only at CPL 0, IF only when CPL <= IOPL (SDM IRET pseudo-code). */
    private void restoreFlags(int flags, int osize, int cpl) {
        int mask = Flags.ARITH | Flags.TF | Flags.DF | Flags.NT | Flags.RF | Flags.AC | Flags.ID;
        int iopl = (f.bits >> 12) & 3;
        if (cpl == 0) mask |= Flags.IOPL | Flags.IF | Flags.VIF | Flags.VIP;
        else if (cpl <= iopl) mask |= Flags.IF;
        if (osize == 2) mask &= 0xffff;
        f.setMasked(mask, flags);
        cpu.updateMode();
    }

    private void longModeIret(int osize) {
        long sp = cpu.gpr[Cpu.RSP] & cpu.stackMask;
        long ip = cpu.read(Cpu.SS, sp, osize);
        int selector = (int) cpu.read(Cpu.SS, (sp + osize) & cpu.stackMask, osize) & 0xffff;
        int flags = (int) cpu.read(Cpu.SS, (sp + 2L * osize) & cpu.stackMask, osize);
        boolean popsStack = cpu.mode64 || (selector & 3) != cpu.cpl;
        long newSp = 0;
        int newSs = 0;
        if (popsStack) {
            newSp = cpu.read(Cpu.SS, (sp + 3L * osize) & cpu.stackMask, osize);
            newSs = (int) cpu.read(Cpu.SS, (sp + 4L * osize) & cpu.stackMask, osize) & 0xffff;
        }
        long d = checkIretTarget(selector);
        int rpl = selector & 3;
        long ssd = popsStack ? checkOuterStack(newSs, rpl) : 0;
        int oldCpl = cpu.cpl;
        boolean toLong = (d & (1L << 53)) != 0;
        setCs(selector, d, rpl, toLong ? ip : ip & 0xffffffffL);
        if (popsStack) {
            if (ssd == 0) segments.loadNull(Cpu.SS, newSs);
            else segments.load(Cpu.SS, newSs, ssd);
            cpu.gpr[Cpu.RSP] = newSp;
            if (!cpu.mode64) cpu.setSp(newSp);
        } else {
            cpu.setSp(sp + 3L * osize);
        }
        restoreFlags(flags, osize, oldCpl);
        if (rpl > oldCpl) nullifyDataSegments();
    }
}
