package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.SseDecoder.NONE;
import static org.plugboard.cpu.x86.SseDecoder.P66;
import static org.plugboard.cpu.x86.SseDecoder.PF2;
import static org.plugboard.cpu.x86.SseDecoder.PF3;

/**
 * The MMX/SSE unit: executes {@link Op#SSE} instructions (keys from {@link SseDecoder}) after the
 * checks every SIMD instruction makes on CR0 and CR4 (SDM vol. 3, 13.1-13.4): #UD for what the OS
 * has not enabled, #NM for lazy state switching, #MF for a pending x87 exception before MMX code.
 * Operands and the MMX/integer instructions are handled here; moves and shuffles in {@link SimdMoves},
 * the operations themselves in {@link SimdInt}, {@link SimdFloat}, {@link StringCompare} and {@link Crc32}.
 */
final class Sse {
    private final Cpu cpu;
    private final FpuState s;
    private final Interpreter interpreter;
    private final StateSaveOps state;
    private final SimdFloat fp;
    private final SimdMoves moves;
    private final SimdFeatures features;
    /** Destination, source and scratch registers as 64-bit words. */
    private final long[] d = new long[2], t = new long[2], u = new long[2];
    /**
     * The SSE checks on CR0/CR4 are made when the instruction first touches a register or memory:
     * an encoding that does not exist is found before that and raises #UD, not #NM (decoding faults
     * come first on hardware).
     */
    private boolean gatePending;

    Sse(Cpu cpu, Interpreter interpreter, SimdFeatures features) {
        this.cpu = cpu;
        this.features = features;
        this.s = cpu.fpu;
        this.interpreter = interpreter;
        this.state = new StateSaveOps(cpu, interpreter, features);
        this.fp = new SimdFloat(cpu);
        this.moves = new SimdMoves(cpu, this);
    }

    void execute(Insn i) {
        int key = i.sub;
        gatePending = false;
        if ((key & 0x3ff) == SseDecoder.GROUP15) {
            state.group15(i, key >> 10);
            return;
        }
        if (!features.allows(key)) throw undefined(); // the CPU model lacks the instruction: #UD before #NM
        switch (key) {
            case SseDecoder.XGETBV: state.xgetbv(); return;
            case SseDecoder.XSETBV: state.xsetbv(); return;
            default: break;
        }
        int prefix = key >> 10, m = key & 0x3ff;
        if (prefix == NONE && mmxForm(m)) {
            if (!mmxEncodingExists(i, m)) throw undefined(); // decoding faults come before #NM and #MF
            mmxGate();
            enterMmx();
            if (m == 0x77) s.ftw = 0xffff; // EMMS: all x87 registers empty (and TOP = 0, as the AMD host shows)
            else integer(i, m, 1);
            return;
        }
        // CRC32 and MOVNTI work on general registers only: no CR0/CR4 checks
        if (m == 0x1f0 || m == 0x1f1) {
            if (prefix != PF2) throw undefined(); // MOVBE is not implemented
            crc32(i, m);
            return;
        }
        if (m == 0xc3) {
            if (prefix != NONE || !i.mem) throw undefined();
            cpu.write(i.seg, address(i, 1), i.osize, cpu.reg(i.reg, i.osize));
            return;
        }
        gatePending = true;
        if (prefix == P66 && (integer128(m) || (mmxForm(m) && !integerMove(m)))) integer(i, m, 2);
        else if (!moves.execute(i, prefix, m) && !fp.execute(i, prefix, m, this)) throw undefined();
        touch(); // every instruction touches something; this keeps the checks even if one did not
    }

    /** The deferred SSE checks, before the first access of the instruction. */
    private void touch() {
        if (gatePending) {
            gatePending = false;
            sseGate();
        }
    }

    // --- gatekeeping ---

    CpuFault undefined() {
        return cpu.fault(Vectors.UD);
    }

    /** SSE instructions: #UD with CR0.EM or without CR4.OSFXSR, then #NM with CR0.TS. */
    private void sseGate() {
        if ((cpu.cr0 & Cpu.CR0_EM) != 0 || (cpu.cr4 & Cpu.CR4_OSFXSR) == 0) throw undefined();
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) throw cpu.fault(Vectors.NM);
    }

    /** MMX instructions: #UD with CR0.EM, #NM with CR0.TS, a pending unmasked x87 exception (#MF or FERR#). */
    private void mmxGate() {
        if ((cpu.cr0 & Cpu.CR0_EM) != 0) throw undefined();
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) throw cpu.fault(Vectors.NM);
        cpu.fpuErrors.checkPending();
    }

    /** Every MMX instruction but EMMS puts the x87 unit in MMX state: TOP = 0, all registers valid. */
    private void enterMmx() {
        s.fsw &= ~0x3800;
        s.ftw = 0;
    }

    /** An SSE instruction with an MMX register operand (CVTPI2PS, MOVQ2DQ ...): both sets of checks. */
    void mmxOperand() {
        touch();
        cpu.fpuErrors.checkPending();
        enterMmx();
    }

    /** The opcodes whose unprefixed form works on MMX registers (0F and 0F 38 maps, 0F 3A 0F). */
    private static boolean mmxForm(int m) {
        if (m >= 0x60 && m <= 0x7f) return m != 0x6c && m != 0x6d && m != 0x78 && m != 0x79 && m != 0x7a && m != 0x7b
                && m != 0x7c && m != 0x7d;
        if (m >= 0xd1 && m <= 0xfe) return m != 0xd6 && m != 0xe6 && m != 0xf0;
        return m == 0xc4 || m == 0xc5 || (m >= 0x100 && m <= 0x10b) || (m >= 0x11c && m <= 0x11e) || m == 0x20f;
    }

    /** Moves between MMX/XMM registers, general registers and memory, with a form for each. */
    private static boolean integerMove(int m) {
        switch (m) {
            case 0x6e: case 0x7e: case 0x6f: case 0x7f: case 0xe7: case 0xd7: case 0xc4: case 0xc5: case 0xf7: return true;
            default: return false;
        }
    }

    /** MMX forms that need a register (or memory) operand, and the opcode extensions of the shift groups. */
    private static boolean mmxEncodingExists(Insn i, int m) {
        int r = i.reg & 7;
        switch (m) {
            case 0x71: case 0x72: return !i.mem && (r == 2 || r == 4 || r == 6);
            case 0x73: return !i.mem && (r == 2 || r == 6);
            case 0xd7: case 0xc5: case 0xf7: return !i.mem;
            case 0xe7: return i.mem;
            default: return true;
        }
    }

    /** XMM-only integer instructions (66 prefix). */
    private static boolean integer128(int m) {
        if (SimdInt.isElementwise128(m)) return true;
        switch (m) {
            case 0x6c: case 0x6d: case 0x12b: case 0x128: case 0x110: case 0x20e: case 0x117: case 0x141: case 0x242:
            case 0x120: case 0x121: case 0x122: case 0x123: case 0x124: case 0x125:
            case 0x130: case 0x131: case 0x132: case 0x133: case 0x134: case 0x135:
            case 0x12a: case 0x214: case 0x215: case 0x216: case 0x220: case 0x222:
            case 0x260: case 0x261: case 0x262: case 0x263: case 0x20c: case 0x20d: case 0x114: case 0x115:
                return true;
            default:
                return false;
        }
    }

    // --- registers and memory ---

    long mm(int r) {
        return s.mant[r & 7];
    }

    /** Writing an MMX register sets its x87 exponent field to all ones. */
    void setMm(int r, long v) {
        s.mant[r & 7] = v;
        s.sexp[r & 7] = 0xffff;
    }

    void loadXmm(int r, long[] v) {
        touch();
        v[0] = s.xmm[2 * r];
        v[1] = s.xmm[2 * r + 1];
    }

    void storeXmm(int r, long[] v) {
        touch();
        s.xmm[2 * r] = v[0];
        s.xmm[2 * r + 1] = v[1];
    }

    long address(Insn i, int alignment) {
        touch();
        long a = interpreter.ea(i);
        if (alignment > 1 && (cpu.linear(i.seg, a) & (alignment - 1)) != 0) throw cpu.fault(Vectors.GP, 0);
        return a;
    }

    /** Reads 2, 4, 8 or 16 bytes into v (zero-extended); 16-byte reads may require alignment. */
    void readMem(Insn i, int bytes, long[] v, boolean aligned) {
        long a = address(i, aligned ? bytes : 1);
        if (bytes == 16) {
            long lo = cpu.read(i.seg, a, 8);
            v[1] = cpu.read(i.seg, (a + 8) & i.amask, 8);
            v[0] = lo;
        } else {
            v[0] = cpu.read(i.seg, a, bytes);
            v[1] = 0;
        }
    }

    void writeMem(Insn i, int bytes, long[] v, boolean aligned) {
        long a = address(i, aligned ? bytes : 1);
        if (bytes == 16) {
            cpu.checkWritable(i.seg, a, 16);
            cpu.mmu.probeWrite(cpu.linear(i.seg, a), 16);
            cpu.write(i.seg, a, 8, v[0]);
            cpu.write(i.seg, (a + 8) & i.amask, 8, v[1]);
        } else {
            cpu.write(i.seg, a, bytes, v[0]);
        }
    }

    /** The XMM or memory source: a register whole, or {@code bytes} from memory. */
    void source(Insn i, int bytes, boolean aligned, long[] v) {
        if (i.mem) readMem(i, bytes, v, aligned);
        else loadXmm(i.rm, v);
    }

    /** Legacy SSE: a 16-byte memory operand must be aligned, except for the instructions that say otherwise. */
    void source128(Insn i, long[] v) {
        source(i, 16, true, v);
    }

    long gpr(Insn i, int size) {
        touch();
        return i.mem ? cpu.read(i.seg, address(i, 1), size) : cpu.reg(i.rm, size);
    }

    // --- integer instructions on MMX (n = 1) or XMM (n = 2) registers ---

    private void integer(Insn i, int m, int n) {
        if (n == 1) d[0] = mm(i.reg);
        else loadXmm(i.reg, d);
        if (integerSpecial(i, m, n)) return;
        if (n == 2) {
            source128(i, t);
        } else if (i.mem) {
            readMem(i, 8, t, false);
        } else {
            t[0] = mm(i.rm);
        }
        if (SimdInt.isElementwise(m) || SimdInt.isElementwise128(m)) SimdInt.elementwise(m, d, t, n);
        else binary(i, m, n);
        if (n == 1) setMm(i.reg, d[0]);
        else storeXmm(i.reg, d);
    }

    /** Integer operations with a register and a full-width source. */
    private void binary(Insn i, int m, int n) {
        switch (m) {
            case 0xf5: SimdInt.pmaddwd(d, t, n); break;
            case 0x104: SimdInt.pmaddubsw(d, t, n); break;
            case 0xf6: SimdInt.psadbw(d, t, n); break;
            case 0xf4: SimdInt.mulDq(d, t, n, false); break;
            case 0x128: SimdInt.mulDq(d, t, n, true); break;
            case 0x101: SimdInt.horizontal(d, t, n, 2, false, false, u); break;
            case 0x102: SimdInt.horizontal(d, t, n, 4, false, false, u); break;
            case 0x103: SimdInt.horizontal(d, t, n, 2, false, true, u); break;
            case 0x105: SimdInt.horizontal(d, t, n, 2, true, false, u); break;
            case 0x106: SimdInt.horizontal(d, t, n, 4, true, false, u); break;
            case 0x107: SimdInt.horizontal(d, t, n, 2, true, true, u); break;
            case 0x100: SimdInt.pshufb(d, t, n, u); break;
            case 0x63: SimdInt.pack(d, t, n, 2, false, u); break;
            case 0x67: SimdInt.pack(d, t, n, 2, true, u); break;
            case 0x6b: SimdInt.pack(d, t, n, 4, false, u); break;
            case 0x12b: SimdInt.pack(d, t, n, 4, true, u); break;
            case 0x60: SimdInt.unpack(d, t, n, 1, false, u); break;
            case 0x61: SimdInt.unpack(d, t, n, 2, false, u); break;
            case 0x62: SimdInt.unpack(d, t, n, 4, false, u); break;
            case 0x6c: SimdInt.unpack(d, t, n, 8, false, u); break;
            case 0x68: SimdInt.unpack(d, t, n, 1, true, u); break;
            case 0x69: SimdInt.unpack(d, t, n, 2, true, u); break;
            case 0x6a: SimdInt.unpack(d, t, n, 4, true, u); break;
            case 0x6d: SimdInt.unpack(d, t, n, 8, true, u); break;
            case 0xd1: SimdInt.shift(d, n, 2, SimdInt.SRL, t[0]); break;
            case 0xd2: SimdInt.shift(d, n, 4, SimdInt.SRL, t[0]); break;
            case 0xd3: SimdInt.shift(d, n, 8, SimdInt.SRL, t[0]); break;
            case 0xe1: SimdInt.shift(d, n, 2, SimdInt.SRA, t[0]); break;
            case 0xe2: SimdInt.shift(d, n, 4, SimdInt.SRA, t[0]); break;
            case 0xf1: SimdInt.shift(d, n, 2, SimdInt.SLL, t[0]); break;
            case 0xf2: SimdInt.shift(d, n, 4, SimdInt.SLL, t[0]); break;
            case 0xf3: SimdInt.shift(d, n, 8, SimdInt.SLL, t[0]); break;
            case 0x20f: SimdInt.palignr(d, t, n, (int) i.imm & 0xff, u); break;
            case 0x20e: SimdInt.blend(d, t, 2, i.imm, null); break;
            case 0x110: loadXmm(0, u); SimdInt.blend(d, t, 1, 0, u); break;
            case 0x114: loadXmm(0, u); SimdInt.blend(d, t, 4, 0, u); break;
            case 0x115: loadXmm(0, u); SimdInt.blend(d, t, 8, 0, u); break;
            case 0x20c: SimdInt.blend(d, t, 4, i.imm, null); break;
            case 0x20d: SimdInt.blend(d, t, 8, i.imm, null); break;
            case 0x141: SimdInt.phminposuw(d, t); break;
            case 0x242: SimdInt.mpsadbw(d, t, (int) i.imm, u); break;
            case 0x70: shuffle(i, n); break;
            default: throw undefined();
        }
    }

    private void shuffle(Insn i, int n) {
        int imm = (int) i.imm;
        if (n == 1) SimdInt.shuffle(d, t, 2, 0, 4, imm);
        else SimdInt.shuffle(d, t, 4, 0, 4, imm);
    }

    /**
     * Integer instructions whose source is not a plain full-width operand (immediate shifts, narrow
     * memory sources, general registers, mask stores); true when handled (and written back).
     */
    private boolean integerSpecial(Insn i, int m, int n) {
        switch (m) {
            case 0x71: case 0x72: case 0x73: shiftImmediate(i, m, n); return true;
            case 0x6e: case 0x7e: case 0x6f: case 0x7f: case 0xe7: case 0xd7: case 0xc4: case 0xc5: case 0xf7:
                mmxMove(i, m); // only MMX forms come here: the XMM ones are among the moves
                return true;
            case 0x120: extendFrom(i, 8, 1, 2, true); return true;
            case 0x121: extendFrom(i, 4, 1, 4, true); return true;
            case 0x122: extendFrom(i, 2, 1, 8, true); return true;
            case 0x123: extendFrom(i, 8, 2, 4, true); return true;
            case 0x124: extendFrom(i, 4, 2, 8, true); return true;
            case 0x125: extendFrom(i, 8, 4, 8, true); return true;
            case 0x130: extendFrom(i, 8, 1, 2, false); return true;
            case 0x131: extendFrom(i, 4, 1, 4, false); return true;
            case 0x132: extendFrom(i, 2, 1, 8, false); return true;
            case 0x133: extendFrom(i, 8, 2, 4, false); return true;
            case 0x134: extendFrom(i, 4, 2, 8, false); return true;
            case 0x135: extendFrom(i, 8, 4, 8, false); return true;
            case 0x117: ptest(i); return true;
            case 0x12a: // MOVNTDQA
                if (!i.mem) throw undefined();
                readMem(i, 16, d, true);
                storeXmm(i.reg, d);
                return true;
            case 0x214: case 0x215: case 0x216: extract(i, m); return true;
            case 0x220: case 0x222: insert(i, m); return true;
            case 0x260: case 0x261: case 0x262: case 0x263:
                source(i, 16, false, t);
                StringCompare.execute(cpu, this, m & 3, (int) i.imm, d, t, i.osize == 8);
                return true;
            default:
                return false;
        }
    }

    /** 0F 71-73 with an immediate count: register form only; /2 SRL, /4 SRA, /6 SLL, /3 and /7 byte shifts of XMM. */
    private void shiftImmediate(Insn i, int m, int n) {
        if (i.mem) throw undefined();
        int kind = i.reg & 7, count = (int) i.imm & 0xff;
        int size = m == 0x71 ? 2 : m == 0x72 ? 4 : 8;
        if (n == 1) d[0] = mm(i.rm);
        else loadXmm(i.rm, d);
        if (m == 0x73 && (kind == 3 || kind == 7)) {
            if (n == 1) throw undefined();
            SimdInt.byteShift(d, Math.min(count, 16), kind == 7, u);
        } else if (kind == 2 || kind == 6 || (kind == 4 && m != 0x73)) {
            SimdInt.shift(d, n, size, kind, count);
        } else {
            throw undefined();
        }
        if (n == 1) setMm(i.rm, d[0]);
        else storeXmm(i.rm, d);
    }

    private void extendFrom(Insn i, int bytes, int from, int to, boolean signed) {
        source(i, bytes, false, t);
        SimdInt.extend(d, t, from, to, signed);
        storeXmm(i.reg, d);
    }

    /** PTEST: ZF when dest AND src is zero, CF when src AND NOT dest is zero; other flags cleared. */
    private void ptest(Insn i) {
        source128(i, t);
        boolean zf = ((d[0] & t[0]) | (d[1] & t[1])) == 0;
        boolean cf = ((~d[0] & t[0]) | (~d[1] & t[1])) == 0;
        setFlags(zf, false, cf);
    }

    /** ZF, PF and CF as given, OF, AF and SF cleared (COMISS, PTEST). */
    void setFlags(boolean zf, boolean pf, boolean cf) {
        cpu.flags.setMasked(Flags.ARITH, (zf ? Flags.ZF : 0) | (pf ? Flags.PF : 0) | (cf ? Flags.CF : 0));
    }

    /** PEXTRB/PEXTRW/PEXTRD/PEXTRQ (0F 3A 14-16): an element to a general register (zero-extended) or memory. */
    private void extract(Insn i, int m) {
        int size = m == 0x214 ? 1 : m == 0x215 ? 2 : i.osize == 8 ? 8 : 4;
        long v = SimdInt.get(d, size, (int) i.imm & (16 / size - 1));
        if (i.mem) cpu.write(i.seg, address(i, 1), size, v);
        else cpu.setReg(i.rm, size == 8 ? 8 : 4, v);
    }

    /** PINSRB/PINSRD/PINSRQ (0F 3A 20, 22). */
    private void insert(Insn i, int m) {
        int size = m == 0x220 ? 1 : i.osize == 8 ? 8 : 4;
        long v = gpr(i, size);
        SimdInt.set(d, size, (int) i.imm & (16 / size - 1), v);
        storeXmm(i.reg, d);
    }

    /** MMX moves and the MMX forms of PMOVMSKB, PINSRW, PEXTRW, MASKMOVQ. */
    private void mmxMove(Insn i, int m) {
        switch (m) {
            case 0x6e: setMm(i.reg, gpr(i, i.osize)); break;
            case 0x7e: storeGpr(i, i.osize, mm(i.reg)); break;
            case 0x6f: setMm(i.reg, i.mem ? cpu.read(i.seg, address(i, 1), 8) : mm(i.rm)); break;
            case 0x7f:
                if (i.mem) cpu.write(i.seg, address(i, 1), 8, mm(i.reg));
                else setMm(i.rm, mm(i.reg));
                break;
            case 0xe7:
                if (!i.mem) throw undefined();
                cpu.write(i.seg, address(i, 1), 8, mm(i.reg));
                break;
            case 0xd7:
                if (i.mem) throw undefined();
                d[0] = mm(i.rm);
                cpu.setReg(i.reg, i.osize == 8 ? 8 : 4, SimdInt.byteMask(d, 1));
                break;
            case 0xc4: {
                d[0] = mm(i.reg);
                SimdInt.set(d, 2, (int) i.imm & 3, gpr(i, 2));
                setMm(i.reg, d[0]);
                break;
            }
            case 0xc5:
                if (i.mem) throw undefined();
                cpu.setReg(i.reg, i.osize == 8 ? 8 : 4, (mm(i.rm) >>> (16 * (i.imm & 3))) & 0xffff);
                break;
            default: // 0xf7 MASKMOVQ
                if (i.mem) throw undefined();
                d[0] = mm(i.reg);
                t[0] = mm(i.rm);
                maskedStore(i, 1, d, t);
                break;
        }
    }

    void storeGpr(Insn i, int size, long v) {
        touch();
        if (i.mem) cpu.write(i.seg, address(i, 1), size, v);
        else cpu.setReg(i.rm, size, v);
    }

    /** MASKMOVQ/MASKMOVDQU: the bytes of d whose mask byte in t has bit 7 set, to DS:rDI (segment overridable). */
    void maskedStore(Insn i, int n, long[] d, long[] t) {
        int seg = i.segOverride ? i.seg : Cpu.DS;
        long base = cpu.gpr[Cpu.RDI] & i.amask;
        for (int k = 0; k < 8 * n; k++) {
            if ((SimdInt.get(t, 1, k) & 0x80) != 0) cpu.write(seg, (base + k) & i.amask, 1, SimdInt.get(d, 1, k));
        }
    }

    /** The MMX register an SSE conversion reads or writes (CVTPI2PS, CVTPS2PI ...), after the MMX transition. */
    long mmxSource(Insn i) {
        mmxOperand();
        return i.mem ? cpu.read(i.seg, address(i, 1), 8) : mm(i.rm);
    }

    void setMmx(int r, long v) {
        setMm(r, v);
    }

    // --- CRC32 ---

    private void crc32(Insn i, int m) {
        int size = m == 0x1f0 ? 1 : i.osize;
        long v = gpr(i, size);
        int crc = Crc32.update((int) cpu.gpr[i.reg], v, size);
        cpu.setReg(i.reg, i.osize == 8 ? 8 : 4, crc & 0xffffffffL);
    }
}
