package org.plugboard.cpu.x86;

import org.plugboard.api.cpu.InterruptController;

/**
 * System instructions: flags with privilege rules (PUSHF/POPF/CLI/STI), control and debug
 * registers, descriptor-table registers, MSRs, CPUID, the time-stamp counter and fast system calls.
 * The x87 and SSE units do their own #NM/#UD gatekeeping.
 */
final class SystemOps {
    private final Cpu cpu;
    private final Flags f;
    private final Segments segments;
    private final CpuModel model;
    private final Msrs msrs;
    private final VcpuControl control;
    /** MONITOR/MWAIT when hidden from CPUID: #UD (default) or no-ops, for guests that use them unasked. */
    private final boolean mwaitAsNop;
    private final boolean lzcnt, tzcnt;
    private final int[] cpuidOut = new int[4];
    private final int apicId;
    private final CpuTopology topology;
    /** Set by the interpreter owner: ends the current block. */
    private Interpreter interpreter;

    /** The CPUID model, for the other units' feature checks. */
    CpuModel model() {
        return model;
    }

    SystemOps(Cpu cpu, Segments segments, CpuModel model, Msrs msrs, VcpuControl control, boolean mwaitAsNop, int apicId,
            CpuTopology topology) {
        this.cpu = cpu;
        this.f = cpu.flags;
        this.segments = segments;
        this.model = model;
        this.msrs = msrs;
        this.control = control;
        this.mwaitAsNop = mwaitAsNop;
        this.lzcnt = model.has("abm");
        this.tzcnt = false; // TZCNT comes with BMI1, which needs VEX instructions this engine lacks
        this.apicId = apicId;
        this.topology = topology;
    }

    void attach(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    private CpuFault gp0() {
        return cpu.fault(Vectors.GP, 0);
    }

    private void requireCpl0() {
        if (cpu.cpl != 0) throw gp0();
    }

    private void requireProtectedMode() {
        if (!cpu.protectedMode || cpu.v86) throw cpu.fault(Vectors.UD);
    }

    private void endBlock() {
        interpreter.stopBlock = true;
    }

    private int iopl() {
        return (f.bits >> 12) & 3;
    }

    boolean hasCountZeros(boolean trailing) {
        return trailing ? tzcnt : lzcnt;
    }

    // --- flags ---

    void pushf(int osize) {
        if (cpu.v86 && iopl() < 3) throw gp0();
        cpu.push(f.get() & ~(Flags.VM | Flags.RF) & Flags.MASK[osize], osize);
    }

    void popf(int osize) {
        if (cpu.v86 && iopl() < 3) throw gp0();
        int v = (int) cpu.peek(0, osize);
        int mask = Flags.ARITH | Flags.TF | Flags.DF | Flags.NT | Flags.AC | Flags.ID;
        if (!cpu.protectedMode || cpu.cpl == 0) mask |= Flags.IOPL | Flags.IF;
        else if (cpu.cpl <= iopl()) mask |= Flags.IF;
        if (cpu.v86) mask |= Flags.IF; // IOPL is 3 here
        if (osize == 2) mask &= 0xffff;
        cpu.setSp(cpu.sp() + osize);
        f.setMasked(mask, v);
    }

    void cli() {
        if (cpu.protectedMode && cpu.cpl > iopl()) throw gp0();
        f.bits &= ~Flags.IF;
    }

    void sti() {
        if (cpu.protectedMode && cpu.cpl > iopl()) throw gp0();
        if ((f.bits & Flags.IF) == 0) inhibitInterrupts();
        f.bits |= Flags.IF;
    }

    /** The next instruction completes before an external interrupt is taken (STI, MOV SS, POP SS, LSS). */
    void inhibitInterrupts() {
        cpu.inhibitUntil = cpu.retired + 2;
    }

    /** MOV SS and POP SS: interrupts and debug exceptions wait until the next instruction completes. */
    void stackSegmentLoaded() {
        inhibitInterrupts();
        cpu.breakpoints.stackSegmentLoaded();
    }

    // --- everything else ---

    void execute(Insn i) {
        switch (i.op) {
            case Op.HLT: requireCpl0(); control.halt(); endBlock(); break;
            case Op.CPUID: cpuid(); break;
            case Op.RDTSC: rdtsc(false); break;
            case Op.RDTSCP: rdtsc(true); break;
            case Op.RDMSR: requireCpl0(); rdmsr(); break;
            case Op.WRMSR: requireCpl0(); msrs.write((int) cpu.gpr[Cpu.RCX], cpu.reg(Cpu.RDX, 4) << 32 | cpu.reg(Cpu.RAX, 4)); endBlock(); break;
            case Op.RDPMC: rdpmc(); break;
            case Op.LGDT: case Op.LIDT: loadTableRegister(i); break;
            case Op.SGDT: case Op.SIDT: storeTableRegister(i); break;
            case Op.LLDT: lldt(i); break;
            case Op.LTR: ltr(i); break;
            case Op.SLDT: requireProtectedMode(); storeSelector(i, cpu.ldtr.selector); break;
            case Op.STR: requireProtectedMode(); storeSelector(i, cpu.tr.selector); break;
            case Op.LMSW: lmsw(i); break;
            case Op.SMSW: storeSelector(i, (int) cpu.cr0 & 0xffff); break;
            case Op.INVLPG: requireCpl0(); control.translationsChanged(); endBlock(); break;
            case Op.CLTS: requireCpl0(); cpu.cr0 &= ~Cpu.CR0_TS; break;
            case Op.MOV_R_CR: requireCpl0(); cpu.setReg(i.rm, i.osize, readCr(i.reg)); break;
            case Op.MOV_CR_R: requireCpl0(); writeCr(i.reg, cpu.reg(i.rm, i.osize)); endBlock(); break;
            case Op.MOV_R_DR: requireCpl0(); cpu.setReg(i.rm, i.osize, readDr(i.reg)); break;
            case Op.MOV_DR_R: requireCpl0(); writeDr(i.reg, cpu.reg(i.rm, i.osize)); break;
            case Op.LAR: case Op.LSL: larLsl(i); break;
            case Op.VERR: case Op.VERW: verify(i); break;
            case Op.SYSCALL: syscall(); break;
            case Op.SYSRET: sysret(i); break;
            case Op.SYSENTER: sysenter(); break;
            case Op.SYSEXIT: sysexit(i); break;
            case Op.SWAPGS: swapgs(); break;
            case Op.PRIV_NOP: requireCpl0(); break;
            case Op.MONITOR: case Op.MWAIT: monitorMwait(i); break;
            case Op.STAC_CLAC: stacClac(i); break;
            default: throw cpu.fault(Vectors.UD);
        }
    }

    private void cpuid() {
        int[] o = cpuidOut;
        int leaf = (int) cpu.gpr[Cpu.RAX];
        model.cpuid(leaf, (int) cpu.gpr[Cpu.RCX], apicId, topology, o);
        if (leaf == 1 && (cpu.cr4 & Cpu.CR4_OSXSAVE) != 0) o[2] |= 1 << 27; // OSXSAVE mirrors CR4
        cpu.setReg(Cpu.RAX, 4, o[0] & 0xffffffffL);
        cpu.setReg(Cpu.RBX, 4, o[1] & 0xffffffffL);
        cpu.setReg(Cpu.RCX, 4, o[2] & 0xffffffffL);
        cpu.setReg(Cpu.RDX, 4, o[3] & 0xffffffffL);
    }

    private void rdtsc(boolean withAux) {
        if ((cpu.cr4 & Cpu.CR4_TSD) != 0 && cpu.cpl != 0) throw gp0();
        if (withAux && !model.has("rdtscp")) throw cpu.fault(Vectors.UD);
        long t = msrs.tsc();
        cpu.setReg(Cpu.RAX, 4, t & 0xffffffffL);
        cpu.setReg(Cpu.RDX, 4, t >>> 32);
        if (withAux) cpu.setReg(Cpu.RCX, 4, msrs.tscAux);
    }

    private void rdmsr() {
        long v = msrs.read((int) cpu.gpr[Cpu.RCX]);
        cpu.setReg(Cpu.RAX, 4, v & 0xffffffffL);
        cpu.setReg(Cpu.RDX, 4, v >>> 32);
    }

    private void rdpmc() {
        if ((cpu.cr4 & Cpu.CR4_PCE) == 0 && cpu.cpl != 0) throw gp0();
        if ((cpu.gpr[Cpu.RCX] & 0xffffffffL) > 1) throw gp0();
        cpu.setReg(Cpu.RAX, 4, 0); // no performance counters: they read as zero
        cpu.setReg(Cpu.RDX, 4, 0);
    }

    private void loadTableRegister(Insn i) {
        requireCpl0();
        long a = interpreter.ea(i);
        int limit = (int) cpu.read(i.seg, a, 2);
        long base = cpu.read(i.seg, (a + 2) & i.amask, cpu.mode64 ? 8 : 4);
        if (!cpu.mode64 && i.osize == 2) base &= 0xffffff;
        if (i.op == Op.LGDT) {
            cpu.gdtBase = base;
            cpu.gdtLimit = limit;
        } else {
            cpu.idtBase = base;
            cpu.idtLimit = limit;
        }
    }

    private void storeTableRegister(Insn i) {
        long a = interpreter.ea(i);
        boolean gdt = i.op == Op.SGDT;
        cpu.write(i.seg, a, 2, gdt ? cpu.gdtLimit : cpu.idtLimit);
        cpu.write(i.seg, (a + 2) & i.amask, cpu.mode64 ? 8 : 4, gdt ? cpu.gdtBase : cpu.idtBase);
    }

    private int readSelectorOperand(Insn i) {
        return (int) (i.mem ? cpu.read(i.seg, interpreter.ea(i), 2) : cpu.reg(i.rm, 2));
    }

    private void storeSelector(Insn i, int value) {
        if (i.mem) cpu.write(i.seg, interpreter.ea(i), 2, value);
        else cpu.setReg(i.rm, i.osize, value);
    }

    private void lldt(Insn i) {
        requireProtectedMode();
        requireCpl0();
        int sel = readSelectorOperand(i);
        if ((sel & ~3) == 0) {
            cpu.ldtr.load(sel, 0, 0, SegmentCache.ATTR_UNUSABLE, false);
            return;
        }
        if ((sel & 4) != 0) throw cpu.fault(Vectors.GP, sel & 0xfffc);
        long d = segments.readDescriptor(sel, Vectors.GP);
        if (Segments.codeOrData(d) || Segments.type(d) != 2) throw cpu.fault(Vectors.GP, sel & 0xfffc);
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel & 0xfffc);
        long base = Segments.base(d);
        if (cpu.longMode) base |= (segments.readDescriptorHigh(sel, Vectors.GP) & 0xffffffffL) << 32;
        cpu.ldtr.load(sel, base, Segments.limit(d), Segments.attributes(d), false);
    }

    private void ltr(Insn i) {
        requireProtectedMode();
        requireCpl0();
        int sel = readSelectorOperand(i);
        if ((sel & ~3) == 0 || (sel & 4) != 0) throw cpu.fault(Vectors.GP, sel & 0xfffc);
        long d = segments.readDescriptor(sel, Vectors.GP);
        int type = Segments.type(d);
        boolean available = type == 9 || (type == 1 && !cpu.longMode);
        if (Segments.codeOrData(d) || !available) throw cpu.fault(Vectors.GP, sel & 0xfffc);
        if (!Segments.present(d)) throw cpu.fault(Vectors.NP, sel & 0xfffc);
        long base = Segments.base(d);
        if (cpu.longMode) base |= (segments.readDescriptorHigh(sel, Vectors.GP) & 0xffffffffL) << 32;
        long busy = d | 2L << 40;
        cpu.mmu.writeSystem(segments.descriptorAddress(sel, Vectors.GP) + 5, 1, (busy >>> 40) & 0xff);
        cpu.tr.load(sel, base, Segments.limit(d), Segments.attributes(busy), false);
    }

    private void lmsw(Insn i) {
        requireCpl0();
        long v = i.mem ? cpu.read(i.seg, interpreter.ea(i), 2) : cpu.reg(i.rm, 2);
        long bits = v & 0xf;
        if ((cpu.cr0 & Cpu.CR0_PE) != 0) bits |= Cpu.CR0_PE; // LMSW cannot leave protected mode
        writeCr(0, (cpu.cr0 & ~0xfL) | bits);
        endBlock();
    }

    // --- control and debug registers ---

    private long readCr(int n) {
        switch (n) {
            case 0: return cpu.cr0;
            case 2: return cpu.cr2;
            case 3: return cpu.cr3;
            case 4: return cpu.cr4;
            case 8: {
                InterruptController ic = control.interruptController();
                return ic == null ? 0 : ic.taskPriority() & 15;
            }
            default: throw cpu.fault(Vectors.UD);
        }
    }

    private static final long CR4_SUPPORTED = Cpu.CR4_VME | Cpu.CR4_PVI | Cpu.CR4_TSD | Cpu.CR4_DE | Cpu.CR4_PSE
            | Cpu.CR4_PAE | Cpu.CR4_MCE | Cpu.CR4_PGE | Cpu.CR4_PCE | Cpu.CR4_OSFXSR | Cpu.CR4_OSXMMEXCPT | Cpu.CR4_OSXSAVE;

    void writeCr(int n, long v) {
        switch (n) {
            case 0: writeCr0(v); break;
            case 2: cpu.cr2 = v; break;
            case 3:
                cpu.cr3 = cpu.longMode ? v & 0x000ffffffffff018L : v & 0xffffffffL;
                control.translationsChanged();
                break;
            case 4: {
                long supported = CR4_SUPPORTED | (model.has("smep") ? Cpu.CR4_SMEP : 0) | (model.has("smap") ? Cpu.CR4_SMAP : 0);
                if ((v & ~supported) != 0) throw gp0();
                if ((v & Cpu.CR4_OSXSAVE) != 0 && !model.has("xsave")) throw gp0();
                if (cpu.longMode && (v & Cpu.CR4_PAE) == 0) throw gp0();
                cpu.cr4 = v;
                control.translationsChanged();
                break;
            }
            case 8: {
                if ((v & ~15L) != 0) throw gp0();
                InterruptController ic = control.interruptController();
                if (ic != null) ic.setTaskPriority((int) v);
                break;
            }
            default: throw cpu.fault(Vectors.UD);
        }
    }

    private void writeCr0(long v) {
        if ((v >>> 32) != 0) throw gp0();
        if ((v & Cpu.CR0_PG) != 0 && (v & Cpu.CR0_PE) == 0) throw gp0();
        if ((v & Cpu.CR0_NW) != 0 && (v & Cpu.CR0_CD) == 0) throw gp0();
        boolean pagingOn = (v & Cpu.CR0_PG) != 0, wasOn = (cpu.cr0 & Cpu.CR0_PG) != 0;
        if (pagingOn && !wasOn && (cpu.efer & Cpu.EFER_LME) != 0) {
            if ((cpu.cr4 & Cpu.CR4_PAE) == 0 || (cpu.seg[Cpu.CS].attributes & SegmentCache.ATTR_L) != 0) throw gp0();
            cpu.efer |= Cpu.EFER_LMA;
        } else if (!pagingOn && wasOn && cpu.longMode) {
            if (cpu.mode64) throw gp0();
            cpu.efer &= ~Cpu.EFER_LMA;
        }
        cpu.cr0 = v | Cpu.CR0_ET;
        cpu.updateMode();
        control.translationsChanged();
    }

    private long readDr(int n) {
        n = debugRegister(n);
        if (n == 6) return cpu.dr[6] | Breakpoints.DR6_FIXED;
        if (n == 7) return cpu.dr[7] | Breakpoints.DR7_FIXED;
        return cpu.dr[n];
    }

    private void writeDr(int n, long v) {
        n = debugRegister(n);
        if (cpu.mode64 && n >= 6 && (v >>> 32) != 0) throw gp0();
        if (n == 6) v |= Breakpoints.DR6_FIXED;
        else if (n == 7) v |= Breakpoints.DR7_FIXED;
        cpu.dr[n] = v;
        control.translationsChanged(); // the MMU keeps pages under data breakpoints off its fast path
        endBlock(); // breakpoints take effect from the next instruction
    }

    /**
     * The register a MOV DR names: DR4/DR5 alias DR6/DR7 unless CR4.DE makes them #UD; with
     * DR7.GD set, any access is a #DB fault with DR6.BD (general detect; SDM vol. 3, 17.2.4).
     */
    private int debugRegister(int n) {
        if (n > 7 || ((n == 4 || n == 5) && (cpu.cr4 & Cpu.CR4_DE) != 0)) throw cpu.fault(Vectors.UD);
        if ((cpu.dr[7] & Breakpoints.DR7_GD) != 0) throw cpu.breakpoints.generalDetectFault();
        return n == 4 || n == 5 ? n + 2 : n;
    }

    // --- LAR, LSL, VERR, VERW ---

    private void larLsl(Insn i) {
        requireProtectedMode();
        int sel = readSelectorOperand(i);
        long d = accessibleDescriptor(sel, i.op == Op.LAR);
        if (d == 0) {
            f.setBit(Flags.ZF, false);
            return;
        }
        long value = i.op == Op.LAR ? (d >>> 32) & 0x00f0ff00L : Segments.limit(d);
        cpu.setReg(i.reg, i.osize, value & Flags.MASK[i.osize]);
        f.setBit(Flags.ZF, true);
    }

    /** The descriptor LAR/LSL may report, or 0 if the selector is null, out of range, of a wrong type or too privileged. */
    private long accessibleDescriptor(int sel, boolean lar) {
        if ((sel & ~3) == 0) return 0;
        long d;
        try {
            d = segments.readDescriptor(sel, Vectors.GP);
        } catch (CpuFault outside) {
            if (cpu.faultVector == Vectors.GP) return 0;
            throw outside;
        }
        if (!Segments.codeOrData(d)) {
            int type = Segments.type(d);
            boolean ok = cpu.longMode ? type == 2 || type == 9 || type == 11 || (lar && type == 12)
                    : type == 1 || type == 2 || type == 3 || type == 9 || type == 11 || (lar && (type == 4 || type == 5 || type == 12));
            if (!ok) return 0;
        }
        boolean conformingCode = Segments.code(d) && (Segments.type(d) & 4) != 0;
        int dpl = Segments.dpl(d);
        if (!conformingCode && (dpl < cpu.cpl || dpl < (sel & 3))) return 0;
        return d;
    }

    private void verify(Insn i) {
        requireProtectedMode();
        int sel = readSelectorOperand(i);
        long d = (sel & ~3) == 0 ? 0 : accessibleDescriptor(sel, true);
        boolean ok = d != 0 && Segments.codeOrData(d);
        if (ok) {
            if (i.op == Op.VERR) ok = !Segments.code(d) || (Segments.type(d) & 2) != 0;
            else ok = !Segments.code(d) && (Segments.type(d) & 2) != 0;
        }
        f.setBit(Flags.ZF, ok);
    }

    // --- fast system calls ---

    private static final int FLAT_CODE64 = 0xa09b, FLAT_CODE32 = 0xc09b, FLAT_DATA = 0xc093;

    private void loadFlat(int sreg, int selector, int attributes, int dpl) {
        cpu.seg[sreg].load(selector, 0, 0xffffffffL, attributes | dpl << 5, false);
    }

    private void syscall() {
        if ((cpu.efer & Cpu.EFER_SCE) == 0 || !model.has("syscall")) throw cpu.fault(Vectors.UD);
        int cs = (int) (msrs.star >>> 32) & 0xfffc;
        if (cpu.longMode) {
            cpu.gpr[Cpu.RCX] = cpu.nextRip;
            cpu.gpr[11] = f.get() & ~Flags.RF;
            boolean from64 = cpu.mode64;
            cpu.cpl = 0;
            loadFlat(Cpu.CS, cs, FLAT_CODE64, 0);
            loadFlat(Cpu.SS, cs + 8, FLAT_DATA, 0);
            f.setAll(f.get() & ~(int) msrs.fmask & ~Flags.RF);
            cpu.updateMode();
            cpu.nextRip = from64 ? msrs.lstar : msrs.cstar;
        } else {
            cpu.setReg(Cpu.RCX, 4, cpu.nextRip);
            cpu.cpl = 0;
            loadFlat(Cpu.CS, cs, FLAT_CODE32, 0);
            loadFlat(Cpu.SS, cs + 8, FLAT_DATA, 0);
            f.setAll(f.get() & ~(Flags.IF | Flags.VM | Flags.RF));
            cpu.updateMode();
            cpu.nextRip = msrs.star & 0xffffffffL;
        }
        endBlock();
    }

    private void sysret(Insn i) {
        if ((cpu.efer & Cpu.EFER_SCE) == 0 || !model.has("syscall")) throw cpu.fault(Vectors.UD);
        if (cpu.cpl != 0 || !cpu.protectedMode) throw gp0();
        int base = (int) (msrs.star >>> 48) & 0xffff;
        if (cpu.longMode) {
            boolean to64 = i.osize == 8;
            long target = to64 ? cpu.gpr[Cpu.RCX] : cpu.gpr[Cpu.RCX] & 0xffffffffL;
            if (to64 && (target << 16 >> 16) != target) throw gp0();
            f.setAll((int) cpu.gpr[11] & 0x3c7fd7);
            cpu.cpl = 3;
            loadFlat(Cpu.CS, ((to64 ? base + 16 : base) & 0xfffc) | 3, to64 ? FLAT_CODE64 : FLAT_CODE32, 3);
            loadFlat(Cpu.SS, ((base + 8) & 0xfffc) | 3, FLAT_DATA, 3);
            cpu.nextRip = target;
        } else {
            cpu.cpl = 3;
            loadFlat(Cpu.CS, (base & 0xfffc) | 3, FLAT_CODE32, 3);
            loadFlat(Cpu.SS, ((base + 8) & 0xfffc) | 3, FLAT_DATA, 3);
            f.bits |= Flags.IF;
            cpu.nextRip = cpu.gpr[Cpu.RCX] & 0xffffffffL;
        }
        cpu.updateMode();
        endBlock();
    }

    private void sysenter() {
        if (!cpu.protectedMode) throw gp0();
        int cs = (int) msrs.sysenterCs & 0xfffc;
        if (cs == 0) throw gp0();
        f.setAll(f.get() & ~(Flags.VM | Flags.IF | Flags.RF));
        cpu.cpl = 0;
        loadFlat(Cpu.CS, cs, cpu.longMode ? FLAT_CODE64 : FLAT_CODE32, 0);
        loadFlat(Cpu.SS, cs + 8, FLAT_DATA, 0);
        cpu.updateMode();
        cpu.gpr[Cpu.RSP] = cpu.longMode ? msrs.sysenterEsp : msrs.sysenterEsp & 0xffffffffL;
        cpu.nextRip = cpu.longMode ? msrs.sysenterEip : msrs.sysenterEip & 0xffffffffL;
        endBlock();
    }

    private void sysexit(Insn i) {
        int cs = (int) msrs.sysenterCs & 0xfffc;
        if (!cpu.protectedMode || cpu.v86 || cpu.cpl != 0 || cs == 0) throw gp0();
        boolean to64 = i.osize == 8;
        cpu.cpl = 3;
        loadFlat(Cpu.CS, (cs + (to64 ? 32 : 16)) | 3, to64 ? FLAT_CODE64 : FLAT_CODE32, 3);
        loadFlat(Cpu.SS, (cs + (to64 ? 40 : 24)) | 3, FLAT_DATA, 3);
        cpu.updateMode();
        cpu.gpr[Cpu.RSP] = to64 ? cpu.gpr[Cpu.RCX] : cpu.gpr[Cpu.RCX] & 0xffffffffL;
        cpu.nextRip = to64 ? cpu.gpr[Cpu.RDX] : cpu.gpr[Cpu.RDX] & 0xffffffffL;
        endBlock();
    }

    private void swapgs() {
        if (!cpu.mode64) throw cpu.fault(Vectors.UD);
        requireCpl0();
        long k = msrs.kernelGsBase;
        msrs.kernelGsBase = cpu.seg[Cpu.GS].base;
        cpu.seg[Cpu.GS].base = k;
        cpu.seg[Cpu.GS].derive(cpu.mode64);
    }

    /** STAC/CLAC: #UD without SMAP in CPUID, in virtual-8086 mode or above CPL 0. */
    private void stacClac(Insn i) {
        if (!model.has("smap") || cpu.v86 || cpu.cpl != 0) throw cpu.fault(Vectors.UD);
        if (i.sub == 1) f.bits |= Flags.AC;
        else f.bits &= ~Flags.AC;
    }

    private void monitorMwait(Insn i) {
        if (!mwaitAsNop) throw cpu.fault(Vectors.UD);
        requireCpl0();
    }
}
