package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.Flags.MASK;

/**
 * Executes decoded instructions. The switch stays small (each case calls a method) so the JVM
 * compiles it; the integer operations are here, while segment loads, far transfers, interrupts,
 * port I/O and system instructions live in their own units.
 */
final class Interpreter {
    final Cpu cpu;
    private final Flags f;
    final Alu alu;
    final Segments segments;
    final Transfers transfers;
    final PortIo io;
    final SystemOps system;
    private final StringOps strings;
    private final Sse sse;
    private final X87 x87;
    /** The CPU model advertises POPCNT; without it F3 0F B8 is undefined. */
    private final boolean popcnt;

    /** Set by an instruction that must end its block now (mode change, unfinished REP, code invalidated). */
    boolean stopBlock;
    /** The address of the memory operand of the instruction being executed, for read-modify-write. */
    private long operandAddress;

    Interpreter(Cpu cpu, Segments segments, Transfers transfers, PortIo io, SystemOps system) {
        this.cpu = cpu;
        this.f = cpu.flags;
        this.alu = new Alu(cpu);
        this.segments = segments;
        this.transfers = transfers;
        this.io = io;
        this.system = system;
        this.strings = new StringOps(cpu, alu, io, this);
        this.sse = new Sse(cpu, this, new SimdFeatures(system.model()));
        this.popcnt = system.model().has("popcnt");
        this.x87 = new X87(cpu, this);
    }

    // --- operands ---

    long ea(Insn i) {
        long a = i.disp;
        if (i.base >= 0) a += cpu.gpr[i.base];
        if (i.index >= 0) a += cpu.gpr[i.index] << i.scale;
        if (i.ripRelative) a += cpu.nextRip;
        return a & i.amask;
    }

    // the operand helpers stay tiny so that the JIT inlines them into every case of execute()

    private long readRm(Insn i) {
        return i.mem ? readMem(i) : cpu.reg(i.rm, i.osize);
    }

    private long readMem(Insn i) {
        return cpu.read(i.seg, ea(i), i.osize);
    }

    private long readRm(Insn i, int size) {
        if (!i.mem) return cpu.reg(i.rm, size);
        return cpu.read(i.seg, ea(i), size);
    }

    /** Reads the r/m operand of a read-modify-write, remembering its address and checking it is writable. */
    private long readRmForUpdate(Insn i) {
        return i.mem ? readMemForUpdate(i) : cpu.reg(i.rm, i.osize);
    }

    private long readMemForUpdate(Insn i) {
        long a = ea(i);
        operandAddress = a;
        cpu.checkWritable(i.seg, a, i.osize);
        return cpu.read(i.seg, a, i.osize);
    }

    private void writeRmAfterRead(Insn i, long v) {
        if (i.mem) cpu.write(i.seg, operandAddress, i.osize, v);
        else cpu.setReg(i.rm, i.osize, v);
    }

    private void writeRm(Insn i, long v) {
        if (i.mem) writeMem(i, v);
        else cpu.setReg(i.rm, i.osize, v);
    }

    private void writeMem(Insn i, long v) {
        cpu.write(i.seg, ea(i), i.osize, v);
    }

    void branch(long target, int size) {
        target &= MASK[size];
        if (target > cpu.branchLimit) throw cpu.fault(Vectors.GP, 0);
        cpu.nextRip = target;
    }

    private CpuFault undefined() {
        return cpu.fault(Vectors.UD);
    }

    // --- dispatch ---

    void execute(Insn i) {
        switch (i.op) {
            case Op.ALU_RM_R: aluRmR(i); break;
            case Op.ALU_R_RM: aluRRm(i); break;
            case Op.ALU_RM_I: aluRmI(i); break;
            case Op.TEST_RM_R: alu.alu(Alu.AND, i.osize, readRm(i), cpu.reg(i.reg, i.osize)); break;
            case Op.TEST_RM_I: alu.alu(Alu.AND, i.osize, readRm(i), i.imm & MASK[i.osize]); break;
            case Op.INC: writeRmAfterRead(i, alu.inc(i.osize, readRmForUpdate(i))); break;
            case Op.DEC: writeRmAfterRead(i, alu.dec(i.osize, readRmForUpdate(i))); break;
            case Op.NOT: writeRmAfterRead(i, ~readRmForUpdate(i) & MASK[i.osize]); break;
            case Op.NEG: writeRmAfterRead(i, alu.neg(i.osize, readRmForUpdate(i))); break;
            case Op.MULDIV: alu.mulDiv(i.sub, i.osize, readRm(i)); break;
            case Op.IMUL_R_RM: cpu.setReg(i.reg, i.osize, alu.imul2(i.osize, cpu.reg(i.reg, i.osize), readRm(i))); break;
            case Op.IMUL_R_RM_I: cpu.setReg(i.reg, i.osize, alu.imul2(i.osize, readRm(i), i.imm & MASK[i.osize])); break;
            case Op.SHIFT_I: shift(i, (int) i.imm); break;
            case Op.SHIFT_CL: shift(i, (int) cpu.gpr[Cpu.RCX]); break;
            case Op.SHLD_I: doubleShift(i, true, (int) i.imm); break;
            case Op.SHLD_CL: doubleShift(i, true, (int) cpu.gpr[Cpu.RCX]); break;
            case Op.SHRD_I: doubleShift(i, false, (int) i.imm); break;
            case Op.SHRD_CL: doubleShift(i, false, (int) cpu.gpr[Cpu.RCX]); break;
            case Op.MOV_RM_R: writeRm(i, cpu.reg(i.reg, i.osize)); break;
            case Op.MOV_R_RM: cpu.setReg(i.reg, i.osize, readRm(i)); break;
            case Op.MOV_RM_I: writeRm(i, i.imm & MASK[i.osize]); break;
            case Op.MOV_RM_SEG: movFromSegment(i); break;
            case Op.MOV_SEG_RM: movToSegment(i); break;
            case Op.LEA: cpu.setReg(i.reg, i.osize, ea(i)); break;
            case Op.MOVZX: cpu.setReg(i.reg, i.osize, readRm(i, (int) i.imm)); break;
            case Op.MOVSX: cpu.setReg(i.reg, i.osize, Alu.signExtend(readRm(i, (int) i.imm), (int) i.imm) & MASK[i.osize]); break;
            case Op.MOVSXD: cpu.setReg(i.reg, i.osize, Alu.signExtend(readRm(i, 4), 4) & MASK[i.osize]); break;
            case Op.XCHG: xchg(i); break;
            case Op.XADD: xadd(i); break;
            case Op.CMPXCHG: cmpxchg(i); break;
            case Op.CMPXCHG8B: cmpxchgDouble(i); break;
            case Op.PUSH_RM: cpu.push(readRm(i), i.osize); break;
            case Op.PUSH_I: cpu.push(i.imm & MASK[i.osize], i.osize); break;
            case Op.PUSH_SEG: pushSegment(i); break;
            case Op.POP_RM: popRm(i); break;
            case Op.POP_SEG: popSegment(i); break;
            case Op.PUSHA: pusha(i.osize); break;
            case Op.POPA: popa(i.osize); break;
            case Op.PUSHF: system.pushf(i.osize); break;
            case Op.POPF: system.popf(i.osize); stopBlock = true; break;
            case Op.ENTER: enter(i); break;
            case Op.LEAVE: leave(i.osize); break;
            case Op.CBW: cbw(i.osize); break;
            case Op.CWD: cwd(i.osize); break;
            case Op.JCC: jcc(i.sub, i.imm, i.osize); break;
            case Op.JMP: branch(cpu.nextRip + i.imm, i.osize); break;
            case Op.CALL: call(cpu.nextRip + i.imm, i.osize); break;
            case Op.JMP_RM: branch(readRm(i), i.osize); break;
            case Op.CALL_RM: call(readRm(i), i.osize); break;
            case Op.RET: ret(i.osize, i.imm); break;
            case Op.JMP_FAR: transfers.farJump((int) i.imm2, i.imm, i.osize); break;
            case Op.CALL_FAR: transfers.farCall((int) i.imm2, i.imm, i.osize); break;
            case Op.JMP_FAR_M: farIndirect(i, false); break;
            case Op.CALL_FAR_M: farIndirect(i, true); break;
            case Op.RETF: transfers.farReturn(i.osize, (int) i.imm); break;
            case Op.IRET: transfers.iret(i.osize); break;
            case Op.LOOP: loop(i); break;
            case Op.JCXZ: if (cpu.reg(Cpu.RCX, i.asize) == 0) branch(cpu.nextRip + i.imm, i.osize); break;
            case Op.INT: transfers.softwareInterrupt((int) i.imm, Transfers.SOFTWARE); break;
            case Op.INT3: transfers.softwareInterrupt(Vectors.BP, Transfers.BREAKPOINT); break;
            case Op.INTO: if (f.of()) transfers.softwareInterrupt(Vectors.OF, Transfers.BREAKPOINT); break;
            case Op.INT1: transfers.softwareInterrupt(Vectors.DB, Transfers.ICEBP); break;
            case Op.SETCC: writeRm(i, f.cond(i.sub) ? 1 : 0); break;
            case Op.CMOVCC: cmov(i); break;
            case Op.BT_RM_R: bitTest(i, cpu.reg(i.reg, i.osize), true); break;
            case Op.BT_RM_I: bitTest(i, i.imm & 0xff, false); break;
            case Op.BSF: bitScan(i, true); break;
            case Op.BSR: bitScan(i, false); break;
            case Op.TZCNT: countZeros(i, true); break;
            case Op.LZCNT: countZeros(i, false); break;
            case Op.POPCNT: popcnt(i); break;
            case Op.BSWAP: bswap(i); break;
            case Op.MOVS: strings.movs(i); break;
            case Op.CMPS: strings.cmps(i); break;
            case Op.STOS: strings.stos(i); break;
            case Op.LODS: strings.lods(i); break;
            case Op.SCAS: strings.scas(i); break;
            case Op.INS: strings.ins(i); break;
            case Op.OUTS: strings.outs(i); break;
            case Op.IN_I: cpu.setReg(Cpu.RAX, i.osize, io.in((int) i.imm, i.osize)); stopBlock = true; break;
            case Op.IN_DX: cpu.setReg(Cpu.RAX, i.osize, io.in((int) cpu.gpr[Cpu.RDX] & 0xffff, i.osize)); stopBlock = true; break;
            case Op.OUT_I: io.out((int) i.imm, i.osize, cpu.reg(Cpu.RAX, i.osize)); stopBlock = true; break;
            case Op.OUT_DX: io.out((int) cpu.gpr[Cpu.RDX] & 0xffff, i.osize, cpu.reg(Cpu.RAX, i.osize)); stopBlock = true; break;
            case Op.CLC: f.setBit(Flags.CF, false); break;
            case Op.STC: f.setBit(Flags.CF, true); break;
            case Op.CMC: f.setBit(Flags.CF, !f.cf()); break;
            case Op.CLI: system.cli(); break;
            case Op.STI: system.sti(); stopBlock = true; break;
            case Op.CLD: f.bits &= ~Flags.DF; break;
            case Op.STD: f.bits |= Flags.DF; break;
            case Op.SAHF: f.setMasked(Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF, (int) (cpu.gpr[Cpu.RAX] >>> 8)); break;
            case Op.LAHF: cpu.setReg(16, 1, f.get() & 0xff); break;
            case Op.SALC: cpu.setReg(Cpu.RAX, 1, f.cf() ? 0xff : 0); break;
            case Op.DAA: alu.daa(); break;
            case Op.DAS: alu.das(); break;
            case Op.AAA: alu.aaa(false); break;
            case Op.AAS: alu.aaa(true); break;
            case Op.AAM: alu.aam((int) i.imm); break;
            case Op.AAD: alu.aad((int) i.imm); break;
            case Op.XLAT: xlat(i); break;
            case Op.NOP: case Op.PAUSE: break;
            case Op.LOAD_FAR_PTR: loadFarPointer(i); break;
            case Op.BOUND: bound(i); break;
            case Op.ARPL: arpl(i); break;
            case Op.FPU: x87.escape(i); break;
            case Op.FWAIT: x87.fwait(); break;
            case Op.SSE: sse.execute(i); break;
            case Op.UD: throw i.sub == 1 ? cpu.fault(Vectors.GP, 0) : undefined();
            case Op.INVALID64: throw undefined();
            default: system.execute(i); break;
        }
    }

    private void aluRmR(Insn i) {
        int os = i.osize;
        if (i.sub == Alu.CMP) {
            alu.alu(Alu.CMP, os, readRm(i), cpu.reg(i.reg, os));
            return;
        }
        long d = readRmForUpdate(i);
        writeRmAfterRead(i, alu.alu(i.sub, os, d, cpu.reg(i.reg, os)));
    }

    private void aluRRm(Insn i) {
        int os = i.osize;
        long r = alu.alu(i.sub, os, cpu.reg(i.reg, os), readRm(i));
        if (i.sub != Alu.CMP) cpu.setReg(i.reg, os, r);
    }

    private void aluRmI(Insn i) {
        int os = i.osize;
        long b = i.imm & MASK[os];
        if (i.sub == Alu.CMP) {
            alu.alu(Alu.CMP, os, readRm(i), b);
            return;
        }
        long d = readRmForUpdate(i);
        writeRmAfterRead(i, alu.alu(i.sub, os, d, b));
    }

    private void shift(Insn i, int count) {
        count &= i.osize == 8 ? 0x3f : 0x1f;
        if (count == 0) {
            shiftByZero(i);
            return;
        }
        long v = readRmForUpdate(i);
        writeRmAfterRead(i, alu.shift(i.sub, i.osize, v, count));
    }

    /** A zero count changes no flags, but the operand is still written (a 32-bit register is zero-extended). */
    private void shiftByZero(Insn i) {
        if (i.mem) cpu.checkWritable(i.seg, ea(i), i.osize);
        else if (i.osize == 4) cpu.setReg(i.rm, 4, cpu.reg(i.rm, 4));
    }

    private void doubleShift(Insn i, boolean left, int count) {
        count &= i.osize == 8 ? 0x3f : 0x1f;
        if (count == 0) {
            shiftByZero(i);
            return;
        }
        long v = readRmForUpdate(i);
        writeRmAfterRead(i, alu.doubleShift(left, i.osize, v, cpu.reg(i.reg, i.osize), count));
    }

    private void xchg(Insn i) {
        long a = readRmForUpdate(i);
        long b = cpu.reg(i.reg, i.osize);
        writeRmAfterRead(i, b);
        cpu.setReg(i.reg, i.osize, a);
    }

    private void xadd(Insn i) {
        long d = readRmForUpdate(i);
        long s = cpu.reg(i.reg, i.osize);
        long sum = alu.alu(Alu.ADD, i.osize, d, s);
        cpu.setReg(i.reg, i.osize, d);
        writeRmAfterRead(i, sum);
    }

    private void cmpxchg(Insn i) {
        long d = readRmForUpdate(i);
        long acc = cpu.reg(Cpu.RAX, i.osize);
        alu.alu(Alu.CMP, i.osize, acc, d);
        if (acc == d) writeRmAfterRead(i, cpu.reg(i.reg, i.osize));
        else {
            if (i.mem) writeRmAfterRead(i, d); // memory is written back either way; a register is left alone
            cpu.setReg(Cpu.RAX, i.osize, d);
        }
    }

    /** CMPXCHG8B, or CMPXCHG16B with REX.W. */
    private void cmpxchgDouble(Insn i) {
        long a = ea(i);
        if (i.osize == 8) {
            if ((cpu.linear(i.seg, a) & 15) != 0) throw cpu.fault(Vectors.GP, 0);
            cpu.checkWritable(i.seg, a, 16);
            long lo = cpu.read(i.seg, a, 8), hi = cpu.read(i.seg, a + 8, 8);
            boolean eq = lo == cpu.gpr[Cpu.RAX] && hi == cpu.gpr[Cpu.RDX];
            if (eq) {
                cpu.write(i.seg, a, 8, cpu.gpr[Cpu.RBX]);
                cpu.write(i.seg, a + 8, 8, cpu.gpr[Cpu.RCX]);
            } else {
                cpu.write(i.seg, a, 8, lo);
                cpu.write(i.seg, a + 8, 8, hi);
                cpu.gpr[Cpu.RAX] = lo;
                cpu.gpr[Cpu.RDX] = hi;
            }
            f.setBit(Flags.ZF, eq);
            return;
        }
        cpu.checkWritable(i.seg, a, 8);
        long m = cpu.read(i.seg, a, 8);
        long expected = cpu.reg(Cpu.RDX, 4) << 32 | cpu.reg(Cpu.RAX, 4);
        boolean eq = m == expected;
        if (eq) cpu.write(i.seg, a, 8, cpu.reg(Cpu.RCX, 4) << 32 | cpu.reg(Cpu.RBX, 4));
        else {
            cpu.write(i.seg, a, 8, m);
            cpu.setReg(Cpu.RAX, 4, m);
            cpu.setReg(Cpu.RDX, 4, m >>> 32);
        }
        f.setBit(Flags.ZF, eq);
    }

    private void movFromSegment(Insn i) {
        if (i.reg > 5) throw undefined();
        long v = cpu.seg[i.reg].selector;
        if (i.mem) cpu.write(i.seg, ea(i), 2, v);
        else cpu.setReg(i.rm, i.osize, v); // register destinations get the selector zero-extended
    }

    private void movToSegment(Insn i) {
        if (i.reg > 5 || i.reg == Cpu.CS) throw undefined();
        segments.loadData(i.reg, (int) readRm(i, 2));
        if (i.reg == Cpu.SS) system.stackSegmentLoaded();
        stopBlock = true;
    }

    private void pushSegment(Insn i) {
        long sp = (cpu.gpr[Cpu.RSP] - i.osize) & cpu.stackMask;
        cpu.write(Cpu.SS, sp, 2, cpu.seg[i.sub].selector); // Intel writes only the selector's 16 bits
        cpu.setSp(sp);
    }

    private void popSegment(Insn i) {
        int sel = (int) cpu.peek(0, 2);
        segments.loadData(i.sub, sel);
        cpu.setSp(cpu.sp() + i.osize);
        if (i.sub == Cpu.SS) system.stackSegmentLoaded();
        stopBlock = true;
    }

    private void popRm(Insn i) {
        if (!i.mem) {
            popRegister(i.rm, i.osize);
            return;
        }
        long v = cpu.peek(0, i.osize);
        long oldSp = cpu.gpr[Cpu.RSP];
        cpu.setSp(cpu.sp() + i.osize); // POP [rSP+x] uses the incremented rSP for the address
        try {
            writeRm(i, v);
        } catch (CpuFault e) {
            cpu.gpr[Cpu.RSP] = oldSp;
            throw e;
        }
    }

    /** POP to a register: rSP is incremented first, so POP rSP loads the popped value. */
    void popRegister(int r, int os) {
        long v = cpu.peek(0, os);
        cpu.setSp(cpu.sp() + os);
        cpu.setReg(r, os, v);
    }

    private void pusha(int os) {
        long sp = cpu.sp();
        long top = (sp - 8L * os) & cpu.stackMask;
        for (int r = 0; r < 8; r++) {
            long v = r == Cpu.RSP ? sp : cpu.reg(r, os);
            cpu.write(Cpu.SS, (sp - (long) (r + 1) * os) & cpu.stackMask, os, v);
        }
        cpu.setSp(top);
    }

    private void popa(int os) {
        long sp = cpu.sp();
        for (int r = 7; r >= 0; r--) {
            long v = cpu.read(Cpu.SS, (sp + (long) (7 - r) * os) & cpu.stackMask, os);
            if (r != Cpu.RSP) cpu.setReg(r, os, v);
        }
        cpu.setSp(sp + 8L * os);
    }

    private void enter(Insn i) {
        int os = i.osize;
        int size = (int) i.imm, level = (int) i.imm2 & 31;
        long bpMask = cpu.stackMask;
        cpu.push(cpu.reg(Cpu.RBP, os), os);
        long frame = cpu.sp();
        long bp = cpu.gpr[Cpu.RBP] & bpMask;
        for (int k = 1; k < level; k++) {
            bp = (bp - os) & bpMask;
            cpu.push(cpu.read(Cpu.SS, bp, os), os);
        }
        if (level > 0) cpu.push(frame, os);
        long sp = (cpu.sp() - size) & cpu.stackMask;
        cpu.write(Cpu.SS, sp, 1, cpu.read(Cpu.SS, sp, 1)); // the new top must be writable (#SS/#PF now)
        cpu.setReg(Cpu.RBP, cpu.stackSize == 2 ? 2 : os, frame);
        cpu.setSp(sp);
    }

    private void leave(int os) {
        long bp = cpu.gpr[Cpu.RBP] & cpu.stackMask;
        long v = cpu.read(Cpu.SS, bp, os);
        cpu.setSp(bp + os);
        cpu.setReg(Cpu.RBP, os, v);
    }

    private void cbw(int os) {
        int half = os / 2;
        cpu.setReg(Cpu.RAX, os, Alu.signExtend(cpu.reg(Cpu.RAX, half), half) & MASK[os]);
    }

    private void cwd(int os) {
        boolean neg = (cpu.reg(Cpu.RAX, os) & Flags.SIGN[os]) != 0;
        cpu.setReg(Cpu.RDX, os, neg ? -1L : 0);
    }

    /** Jcc; compiled blocks call it too (with {@code cpu.nextRip} set, as here). */
    void jcc(int cc, long displacement, int os) {
        if (f.cond(cc)) branch(cpu.nextRip + displacement, os);
    }

    void call(long target, int os) {
        long ret = cpu.nextRip;
        target &= MASK[os];
        if (target > cpu.branchLimit) throw cpu.fault(Vectors.GP, 0);
        cpu.push(ret, os);
        cpu.nextRip = target;
    }

    void ret(int os, long release) {
        long target = cpu.peek(0, os);
        branch(target, os);
        cpu.setSp(cpu.sp() + os + release);
    }

    private void farIndirect(Insn i, boolean call) {
        long a = ea(i);
        int offSize = i.osize;
        long offset = cpu.read(i.seg, a, offSize);
        int sel = (int) cpu.read(i.seg, (a + offSize) & i.amask, 2);
        if (call) transfers.farCall(sel, offset, i.osize);
        else transfers.farJump(sel, offset, i.osize);
    }

    private void loop(Insn i) {
        long c = (cpu.reg(Cpu.RCX, i.asize) - 1) & MASK[i.asize];
        cpu.setReg(Cpu.RCX, i.asize, c);
        boolean take = c != 0 && (i.sub == 2 || f.zf() == (i.sub == 1));
        if (take) branch(cpu.nextRip + i.imm, i.osize);
    }

    private void cmov(Insn i) {
        long v = readRm(i); // the source is read (and may fault) whatever the condition
        if (f.cond(i.sub)) cpu.setReg(i.reg, i.osize, v);
        else if (i.osize == 4) cpu.setReg(i.reg, 4, cpu.reg(i.reg, 4)); // 32-bit CMOV zero-extends anyway
    }

    /** BT, BTS, BTR, BTC; a register bit offset may address memory beyond the operand. */
    private void bitTest(Insn i, long offset, boolean registerOffset) {
        int os = i.osize, bits = os * 8;
        long bit;
        long value;
        if (!i.mem) {
            bit = offset & (bits - 1);
            value = cpu.reg(i.rm, os);
        } else {
            long a = ea(i);
            if (registerOffset) {
                long signed = Alu.signExtend(offset, os);
                a = (a + (signed >> (os == 8 ? 6 : os == 4 ? 5 : 4)) * os) & i.amask;
                bit = signed & (bits - 1);
            } else {
                bit = offset & (bits - 1);
            }
            operandAddress = a;
            if (i.sub != 0) cpu.checkWritable(i.seg, a, os);
            value = cpu.read(i.seg, a, os);
        }
        boolean set = ((value >>> bit) & 1) != 0;
        f.setBit(Flags.CF, set);
        if (i.sub == 0) return;
        long m = 1L << bit;
        long r = i.sub == 1 ? value | m : i.sub == 2 ? value & ~m : value ^ m;
        writeRmAfterRead(i, r);
    }

    private void bitScan(Insn i, boolean forward) {
        long v = readRm(i);
        if (v == 0) {
            f.setBit(Flags.ZF, true);
            return;
        }
        int index = forward ? Long.numberOfTrailingZeros(v) : 63 - Long.numberOfLeadingZeros(v);
        f.setBit(Flags.ZF, false);
        cpu.setReg(i.reg, i.osize, index);
    }

    private void countZeros(Insn i, boolean trailing) {
        if (!system.hasCountZeros(trailing)) {
            bitScan(i, trailing); // without the feature the F3 prefix is ignored: BSF/BSR
            return;
        }
        long v = readRm(i);
        int bits = i.osize * 8;
        int n = v == 0 ? bits : trailing ? Long.numberOfTrailingZeros(v) : Long.numberOfLeadingZeros(v) - (64 - bits);
        cpu.setReg(i.reg, i.osize, n);
        f.materialize();
        f.setBit(Flags.CF, v == 0);
        f.setBit(Flags.ZF, n == 0);
    }

    private void popcnt(Insn i) {
        if (!popcnt) throw cpu.fault(Vectors.UD);
        long v = readRm(i);
        int n = Long.bitCount(v);
        cpu.setReg(i.reg, i.osize, n);
        f.setMasked(Flags.ARITH, v == 0 ? Flags.ZF : 0);
    }

    private void bswap(Insn i) {
        if (i.osize == 8) cpu.gpr[i.rm] = Long.reverseBytes(cpu.gpr[i.rm]);
        else if (i.osize == 4) cpu.setReg(i.rm, 4, Integer.reverseBytes((int) cpu.gpr[i.rm]) & 0xffffffffL);
        else cpu.setReg(i.rm, 2, 0); // undefined for 16-bit operands; current parts zero the register
    }

    private void xlat(Insn i) {
        long a = (cpu.gpr[Cpu.RBX] + (cpu.gpr[Cpu.RAX] & 0xff)) & i.amask;
        cpu.setReg(Cpu.RAX, 1, cpu.read(i.seg, a, 1));
    }

    private void loadFarPointer(Insn i) {
        long a = ea(i);
        long offset = cpu.read(i.seg, a, i.osize);
        int sel = (int) cpu.read(i.seg, (a + i.osize) & i.amask, 2);
        segments.loadData(i.sub, sel);
        cpu.setReg(i.reg, i.osize, offset);
        if (i.sub == Cpu.SS) {
            system.inhibitInterrupts();
            stopBlock = true;
        }
    }

    private void bound(Insn i) {
        long a = ea(i);
        int os = i.osize;
        long index = Alu.signExtend(cpu.reg(i.reg, os), os);
        long lower = Alu.signExtend(cpu.read(i.seg, a, os), os);
        long upper = Alu.signExtend(cpu.read(i.seg, (a + os) & i.amask, os), os);
        if (index < lower || index > upper) throw cpu.fault(Vectors.BR);
    }

    private void arpl(Insn i) {
        if (!cpu.protectedMode || cpu.v86) throw undefined();
        long d = readRmForUpdate(i);
        long s = cpu.reg(i.reg, 2);
        if ((d & 3) < (s & 3)) {
            writeRmAfterRead(i, (d & ~3L) | (s & 3));
            f.setBit(Flags.ZF, true);
        } else {
            f.setBit(Flags.ZF, false);
        }
    }
}
