package org.plugboard.cpu.x86;

/**
 * Turns instruction bytes into {@link Insn}s (Intel SDM vol. 2, appendix A opcode maps). The
 * decoder knows encodings only: which operation, which operands, which sizes. Whether an
 * instruction is allowed in the current mode or privilege level is the interpreter's business,
 * except for encodings that do not exist in 64-bit mode.
 */
final class Decoder {
    /** Where instruction bytes come from; may throw {@link CpuFault} (#PF on fetch). */
    interface ByteSource {
        int byteAt(long linear);
    }

    static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    private static final int MAX_LENGTH = 15;

    private ByteSource src;
    private long start, pos;
    private int rex;
    private boolean mode64;
    private boolean opOverride;
    private Insn in;

    /**
     * Decodes the instruction at {@code linear}.
     *
     * @param codeSize 2, 4 or 8: the default operand size of the code segment; invalid bytes give
     *                 {@link Op#UD} (sub 1 when the instruction is longer than 15 bytes: #GP)
     */
    void decode(ByteSource source, long linear, int codeSize, Insn out) {
        src = source;
        start = pos = linear;
        in = out;
        mode64 = codeSize == 8;
        reset(out);
        boolean adOverride = false;
        opOverride = false;
        rex = 0;
        int b;
        prefixes:
        for (;;) {
            b = next();
            switch (b) {
                case 0x66: opOverride = true; rex = 0; break;
                case 0x67: adOverride = true; rex = 0; break;
                case 0xf0: out.lock = true; rex = 0; break;
                case 0xf2: out.rep = 2; rex = 0; break;
                case 0xf3: out.rep = 1; rex = 0; break;
                case 0x26: segment(ES); break;
                case 0x2e: segment(CS); break;
                case 0x36: segment(SS); break;
                case 0x3e: segment(DS); break;
                case 0x64: segment(FS); break;
                case 0x65: segment(GS); break;
                default:
                    if (mode64 && (b & 0xf0) == 0x40) {
                        rex = b;
                        break;
                    }
                    break prefixes;
            }
        }
        if (mode64) {
            out.asize = adOverride ? 4 : 8;
            out.osize = (rex & 8) != 0 ? 8 : opOverride ? 2 : 4;
        } else if (codeSize == 4) {
            out.asize = adOverride ? 2 : 4;
            out.osize = opOverride ? 2 : 4;
        } else {
            out.asize = adOverride ? 4 : 2;
            out.osize = opOverride ? 4 : 2;
        }
        if (b == 0x0f) twoByte(next());
        else oneByte(b);
        if (out.lock && !lockable(out)) out.op = Op.UD;
        int len = (int) (pos - start);
        if (len > MAX_LENGTH) {
            reset(out);
            out.op = Op.UD; // longer than 15 bytes: #GP(0), signalled by sub = 1
            out.sub = 1;
        }
        out.len = len;
        out.amask = Flags.MASK[out.asize];
        src = null;
        in = null;
    }

    /** LOCK is allowed only on read-modify-write instructions with a memory destination (SDM vol. 2, LOCK). */
    private static boolean lockable(Insn i) {
        switch (i.op) {
            case Op.ALU_RM_R: case Op.ALU_RM_I: return i.mem && i.sub != 7; // not CMP
            case Op.INC: case Op.DEC: case Op.NOT: case Op.NEG: case Op.XCHG: case Op.XADD: case Op.CMPXCHG:
            case Op.CMPXCHG8B:
                return i.mem;
            case Op.BT_RM_R: case Op.BT_RM_I: return i.mem && i.sub != 0; // not BT
            case Op.MOV_R_CR: case Op.MOV_CR_R: return true; // LOCK MOV CR0 is AMD's CR8 encoding
            default: return false;
        }
    }

    private static void reset(Insn i) {
        i.op = Op.UD;
        i.sub = 0;
        i.reg = 0;
        i.rm = 0;
        i.mem = false;
        i.base = -1;
        i.index = -1;
        i.scale = 0;
        i.disp = 0;
        i.ripRelative = false;
        i.seg = DS;
        i.segOverride = false;
        i.imm = 0;
        i.imm2 = 0;
        i.rep = 0;
        i.lock = false;
    }

    private void segment(int s) {
        in.seg = s;
        in.segOverride = true;
        rex = 0;
    }

    private int next() {
        if (pos - start >= MAX_LENGTH + 1) return 0x90; // the caller sees the length and raises #GP
        return src.byteAt(pos++) & 0xff;
    }

    private long imm8() {
        return (byte) next();
    }

    private long imm16() {
        int lo = next();
        return (short) (lo | next() << 8);
    }

    private long imm32() {
        int v = next() | next() << 8 | next() << 16 | next() << 24;
        return v;
    }

    private long imm64() {
        long lo = imm32() & 0xffffffffL;
        return lo | imm32() << 32;
    }

    /** An immediate of the operand size, at most 32 bits (sign-extended for 64-bit operands). */
    private long immZ() {
        return in.osize == 2 ? imm16() : in.osize == 1 ? imm8() : imm32();
    }

    /** In 64-bit mode, stack and near-branch operations default to 64 bits (and cannot be 32). */
    private void d64() {
        if (mode64) in.osize = opOverride ? 2 : 8;
    }

    /** Near branches in 64-bit mode are always 64-bit (Intel ignores 66 there). */
    private void f64() {
        if (mode64) in.osize = 8;
    }

    private void op(int op) {
        in.op = op;
    }

    private void op(int op, int sub) {
        in.op = op;
        in.sub = sub;
    }

    /** Reads ModRM (and SIB, displacement) and fills reg and the r/m operand. */
    private void modrm() {
        int m = next();
        in.modrm = m;
        int mod = m >> 6, rm = m & 7;
        in.reg = ((m >> 3) & 7) | (rex & 4) << 1;
        if (mod == 3) {
            in.rm = rm | (rex & 1) << 3;
            return;
        }
        in.mem = true;
        if (in.asize == 2) {
            modrm16(mod, rm);
            return;
        }
        int base = rm;
        if (rm == 4) {
            int sib = next();
            int idx = ((sib >> 3) & 7) | (rex & 2) << 2;
            if (idx != 4) {
                in.index = idx;
                in.scale = sib >> 6;
            }
            base = sib & 7;
            if (base == 5 && mod == 0) {
                in.disp = imm32();
                base = -1;
            }
        } else if (rm == 5 && mod == 0) {
            in.disp = imm32();
            in.ripRelative = mode64;
            base = -1;
        }
        if (base >= 0) {
            base |= (rex & 1) << 3;
            in.base = base;
            if ((base & 7) == 4 || (base & 7) == 5) defaultSeg(SS);
        }
        if (mod == 1) in.disp = imm8();
        else if (mod == 2) in.disp = imm32();
    }

    private static final int[] BASE16 = {3, 3, 5, 5, 6, 7, 5, 3};
    private static final int[] INDEX16 = {6, 7, 6, 7, -1, -1, -1, -1};

    private void modrm16(int mod, int rm) {
        if (mod == 0 && rm == 6) {
            in.disp = imm16() & 0xffff;
            return;
        }
        in.base = BASE16[rm];
        in.index = INDEX16[rm];
        if (rm == 2 || rm == 3 || rm == 6) defaultSeg(SS);
        if (mod == 1) in.disp = imm8();
        else if (mod == 2) in.disp = imm16();
    }

    private void defaultSeg(int s) {
        if (!in.segOverride) in.seg = s;
    }

    /** Byte registers 4-7 without REX are AH, CH, DH, BH. */
    private int byteReg(int r) {
        return rex == 0 && r >= 4 && r < 8 ? 16 + r - 4 : r;
    }

    private void byteOperands() {
        in.osize = 1;
        in.reg = byteReg(in.reg);
        if (!in.mem) in.rm = byteReg(in.rm);
    }

    /** Byte r/m operand where the reg field selects the operation (group opcodes). */
    private void byteRm() {
        in.osize = 1;
        if (!in.mem) in.rm = byteReg(in.rm);
    }

    private void regOperand(int r) {
        in.rm = r;
        in.mem = false;
    }

    private void invalidIn64() {
        if (mode64) op(Op.INVALID64);
    }

    private void oneByte(int b) {
        if (b < 0x40 && (b & 7) < 6) {
            alu(b);
            return;
        }
        if (b >= 0x70 && b < 0x80) {
            op(Op.JCC, b & 15);
            f64();
            in.imm = imm8();
            return;
        }
        switch (b) {
            case 0x06: case 0x0e: case 0x16: case 0x1e: op(Op.PUSH_SEG, b >> 3); d64(); invalidIn64(); break;
            case 0x07: case 0x17: case 0x1f: op(Op.POP_SEG, b >> 3); d64(); invalidIn64(); break;
            case 0x27: op(Op.DAA); invalidIn64(); break;
            case 0x2f: op(Op.DAS); invalidIn64(); break;
            case 0x37: op(Op.AAA); invalidIn64(); break;
            case 0x3f: op(Op.AAS); invalidIn64(); break;
            case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
                op(Op.INC); regOperand(b & 7); break;
            case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
                op(Op.DEC); regOperand(b & 7); break;
            case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
                op(Op.PUSH_RM); d64(); regOperand((b & 7) | (rex & 1) << 3); break;
            case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
                op(Op.POP_RM); d64(); regOperand((b & 7) | (rex & 1) << 3); break;
            case 0x60: op(Op.PUSHA); invalidIn64(); break;
            case 0x61: op(Op.POPA); invalidIn64(); break;
            case 0x62: modrm(); op(in.mem ? Op.BOUND : Op.UD); invalidIn64(); break;
            case 0x63:
                modrm();
                if (mode64) op(Op.MOVSXD);
                else { op(Op.ARPL); in.osize = 2; }
                break;
            case 0x68: op(Op.PUSH_I); d64(); in.imm = immZ(); break;
            case 0x69: modrm(); op(Op.IMUL_R_RM_I); in.imm = immZ(); break;
            case 0x6a: op(Op.PUSH_I); d64(); in.imm = imm8(); break;
            case 0x6b: modrm(); op(Op.IMUL_R_RM_I); in.imm = imm8(); break;
            case 0x6c: op(Op.INS); in.osize = 1; break;
            case 0x6d: op(Op.INS); if (in.osize == 8) in.osize = 4; break;
            case 0x6e: op(Op.OUTS); in.osize = 1; break;
            case 0x6f: op(Op.OUTS); if (in.osize == 8) in.osize = 4; break;
            case 0x80: case 0x82:
                modrm(); byteRm(); op(Op.ALU_RM_I, in.reg & 7); in.imm = imm8();
                if (b == 0x82) invalidIn64();
                break;
            case 0x81: modrm(); op(Op.ALU_RM_I, in.reg & 7); in.imm = immZ(); break;
            case 0x83: modrm(); op(Op.ALU_RM_I, in.reg & 7); in.imm = imm8(); break;
            case 0x84: modrm(); byteOperands(); op(Op.TEST_RM_R); break;
            case 0x85: modrm(); op(Op.TEST_RM_R); break;
            case 0x86: modrm(); byteOperands(); op(Op.XCHG); break;
            case 0x87: modrm(); op(Op.XCHG); break;
            case 0x88: modrm(); byteOperands(); op(Op.MOV_RM_R); break;
            case 0x89: modrm(); op(Op.MOV_RM_R); break;
            case 0x8a: modrm(); byteOperands(); op(Op.MOV_R_RM); break;
            case 0x8b: modrm(); op(Op.MOV_R_RM); break;
            case 0x8c: modrm(); op(Op.MOV_RM_SEG); in.reg &= 7; if (in.mem) in.osize = 2; break;
            case 0x8d: modrm(); op(in.mem ? Op.LEA : Op.UD); break;
            case 0x8e: modrm(); op(Op.MOV_SEG_RM); in.reg &= 7; in.osize = 2; break;
            case 0x8f: modrm(); op((in.reg & 7) == 0 ? Op.POP_RM : Op.UD); d64(); break;
            case 0x90:
                if ((rex & 1) != 0) { op(Op.XCHG); in.reg = 0; regOperand(8); }
                else op(in.rep == 1 ? Op.PAUSE : Op.NOP);
                break;
            case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
                op(Op.XCHG); in.reg = 0; regOperand((b & 7) | (rex & 1) << 3); break;
            case 0x98: op(Op.CBW); break;
            case 0x99: op(Op.CWD); break;
            case 0x9a: op(Op.CALL_FAR); farPointer(); invalidIn64(); break;
            case 0x9b: op(Op.FWAIT); break;
            case 0x9c: op(Op.PUSHF); d64(); break;
            case 0x9d: op(Op.POPF); d64(); break;
            case 0x9e: op(Op.SAHF); break;
            case 0x9f: op(Op.LAHF); break;
            case 0xa0: case 0xa1: case 0xa2: case 0xa3:
                in.mem = true;
                in.disp = in.asize == 8 ? imm64() : in.asize == 4 ? imm32() & 0xffffffffL : imm16() & 0xffff;
                in.reg = 0;
                if ((b & 1) == 0) in.osize = 1;
                op(b < 0xa2 ? Op.MOV_R_RM : Op.MOV_RM_R);
                break;
            case 0xa4: op(Op.MOVS); in.osize = 1; break;
            case 0xa5: op(Op.MOVS); break;
            case 0xa6: op(Op.CMPS); in.osize = 1; break;
            case 0xa7: op(Op.CMPS); break;
            case 0xa8: op(Op.TEST_RM_I); in.osize = 1; regOperand(0); in.imm = imm8(); break;
            case 0xa9: op(Op.TEST_RM_I); regOperand(0); in.imm = immZ(); break;
            case 0xaa: op(Op.STOS); in.osize = 1; break;
            case 0xab: op(Op.STOS); break;
            case 0xac: op(Op.LODS); in.osize = 1; break;
            case 0xad: op(Op.LODS); break;
            case 0xae: op(Op.SCAS); in.osize = 1; break;
            case 0xaf: op(Op.SCAS); break;
            case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
                op(Op.MOV_RM_I); in.osize = 1; regOperand(byteReg((b & 7) | (rex & 1) << 3)); in.imm = imm8(); break;
            case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
                op(Op.MOV_RM_I); regOperand((b & 7) | (rex & 1) << 3); in.imm = in.osize == 8 ? imm64() : immZ(); break;
            case 0xc0: modrm(); byteRm(); op(Op.SHIFT_I, in.reg & 7); in.imm = next(); break;
            case 0xc1: modrm(); op(Op.SHIFT_I, in.reg & 7); in.imm = next(); break;
            case 0xc2: op(Op.RET); f64(); in.imm = imm16() & 0xffff; break;
            case 0xc3: op(Op.RET); f64(); break;
            case 0xc4: case 0xc5:
                modrm();
                if (mode64 || !in.mem) op(Op.UD); // VEX prefixes: no AVX
                else op(Op.LOAD_FAR_PTR, b == 0xc4 ? ES : DS);
                break;
            case 0xc6: modrm(); byteRm(); op((in.reg & 7) == 0 ? Op.MOV_RM_I : Op.UD); in.imm = imm8(); break;
            case 0xc7: modrm(); op((in.reg & 7) == 0 ? Op.MOV_RM_I : Op.UD); in.imm = immZ(); break;
            case 0xc8: op(Op.ENTER); d64(); in.imm = imm16() & 0xffff; in.imm2 = next(); break;
            case 0xc9: op(Op.LEAVE); d64(); break;
            case 0xca: op(Op.RETF); in.imm = imm16() & 0xffff; break;
            case 0xcb: op(Op.RETF); break;
            case 0xcc: op(Op.INT3); break;
            case 0xcd: op(Op.INT); in.imm = next(); break;
            case 0xce: op(Op.INTO); invalidIn64(); break;
            case 0xcf: op(Op.IRET); break;
            case 0xd0: modrm(); byteRm(); op(Op.SHIFT_I, in.reg & 7); in.imm = 1; break;
            case 0xd1: modrm(); op(Op.SHIFT_I, in.reg & 7); in.imm = 1; break;
            case 0xd2: modrm(); byteRm(); op(Op.SHIFT_CL, in.reg & 7); break;
            case 0xd3: modrm(); op(Op.SHIFT_CL, in.reg & 7); break;
            case 0xd4: op(Op.AAM); in.imm = next(); invalidIn64(); break;
            case 0xd5: op(Op.AAD); in.imm = next(); invalidIn64(); break;
            case 0xd6: op(Op.SALC); invalidIn64(); break;
            case 0xd7: op(Op.XLAT); break;
            case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
                modrm(); op(Op.FPU, b); break;
            case 0xe0: op(Op.LOOP, 0); f64(); in.imm = imm8(); break;
            case 0xe1: op(Op.LOOP, 1); f64(); in.imm = imm8(); break;
            case 0xe2: op(Op.LOOP, 2); f64(); in.imm = imm8(); break;
            case 0xe3: op(Op.JCXZ); f64(); in.imm = imm8(); break;
            case 0xe4: op(Op.IN_I); in.osize = 1; in.imm = next(); break;
            case 0xe5: op(Op.IN_I); if (in.osize == 8) in.osize = 4; in.imm = next(); break;
            case 0xe6: op(Op.OUT_I); in.osize = 1; in.imm = next(); break;
            case 0xe7: op(Op.OUT_I); if (in.osize == 8) in.osize = 4; in.imm = next(); break;
            case 0xe8: op(Op.CALL); f64(); in.imm = in.osize == 2 ? imm16() : imm32(); break;
            case 0xe9: op(Op.JMP); f64(); in.imm = in.osize == 2 ? imm16() : imm32(); break;
            case 0xea: op(Op.JMP_FAR); farPointer(); invalidIn64(); break;
            case 0xeb: op(Op.JMP); f64(); in.imm = imm8(); break;
            case 0xec: op(Op.IN_DX); in.osize = 1; break;
            case 0xed: op(Op.IN_DX); if (in.osize == 8) in.osize = 4; break;
            case 0xee: op(Op.OUT_DX); in.osize = 1; break;
            case 0xef: op(Op.OUT_DX); if (in.osize == 8) in.osize = 4; break;
            case 0xf1: op(Op.INT1); break;
            case 0xf4: op(Op.HLT); break;
            case 0xf5: op(Op.CMC); break;
            case 0xf6: case 0xf7: group3(b); break;
            case 0xf8: op(Op.CLC); break;
            case 0xf9: op(Op.STC); break;
            case 0xfa: op(Op.CLI); break;
            case 0xfb: op(Op.STI); break;
            case 0xfc: op(Op.CLD); break;
            case 0xfd: op(Op.STD); break;
            case 0xfe:
                modrm(); byteRm();
                int r = in.reg & 7;
                op(r == 0 ? Op.INC : r == 1 ? Op.DEC : Op.UD);
                break;
            case 0xff: group5(); break;
            default: op(Op.UD); break;
        }
    }

    private void alu(int b) {
        int kind = b >> 3;
        switch (b & 7) {
            case 0: modrm(); byteOperands(); op(Op.ALU_RM_R, kind); break;
            case 1: modrm(); op(Op.ALU_RM_R, kind); break;
            case 2: modrm(); byteOperands(); op(Op.ALU_R_RM, kind); break;
            case 3: modrm(); op(Op.ALU_R_RM, kind); break;
            case 4: op(Op.ALU_RM_I, kind); in.osize = 1; regOperand(0); in.imm = imm8(); break;
            default: op(Op.ALU_RM_I, kind); regOperand(0); in.imm = immZ(); break;
        }
    }

    private void farPointer() {
        in.imm = in.osize == 2 ? imm16() & 0xffff : imm32() & 0xffffffffL;
        in.imm2 = imm16() & 0xffff;
    }

    private void group3(int b) {
        modrm();
        if (b == 0xf6) byteRm();
        int r = in.reg & 7;
        switch (r) {
            case 0: case 1: op(Op.TEST_RM_I); in.imm = b == 0xf6 ? imm8() : immZ(); break;
            case 2: op(Op.NOT); break;
            case 3: op(Op.NEG); break;
            default: op(Op.MULDIV, r); break;
        }
    }

    private void group5() {
        modrm();
        switch (in.reg & 7) {
            case 0: op(Op.INC); break;
            case 1: op(Op.DEC); break;
            case 2: op(Op.CALL_RM); f64(); break;
            case 3: op(in.mem ? Op.CALL_FAR_M : Op.UD); break;
            case 4: op(Op.JMP_RM); f64(); break;
            case 5: op(in.mem ? Op.JMP_FAR_M : Op.UD); break;
            case 6: op(Op.PUSH_RM); d64(); break;
            default: op(Op.UD); break;
        }
    }

    private void twoByte(int b) {
        if (b >= 0x40 && b < 0x50) { modrm(); op(Op.CMOVCC, b & 15); return; }
        if (b >= 0x80 && b < 0x90) { op(Op.JCC, b & 15); f64(); in.imm = in.osize == 2 ? imm16() : imm32(); return; }
        if (b >= 0x90 && b < 0xa0) { modrm(); byteRm(); op(Op.SETCC, b & 15); return; }
        if (b >= 0xc8 && b < 0xd0) { op(Op.BSWAP); regOperand((b & 7) | (rex & 1) << 3); return; }
        switch (b) {
            case 0x00: group6(); break;
            case 0x01: group7(); break;
            case 0x02: modrm(); op(Op.LAR); break;
            case 0x03: modrm(); op(Op.LSL); break;
            case 0x05: op(Op.SYSCALL); break;
            case 0x06: op(Op.CLTS); break;
            case 0x07: op(Op.SYSRET); break;
            case 0x08: case 0x09: op(Op.PRIV_NOP); break;
            case 0x0b: op(Op.UD); break;
            case 0x0d: modrm(); op(in.mem ? Op.NOP : Op.UD); break;
            case 0x18: case 0x19: case 0x1a: case 0x1b: case 0x1c: case 0x1d: case 0x1e: case 0x1f:
                modrm(); op(Op.NOP); break;
            case 0x20: case 0x21: case 0x22: case 0x23:
                modrmRegisterForm();
                op(b == 0x20 ? Op.MOV_R_CR : b == 0x21 ? Op.MOV_R_DR : b == 0x22 ? Op.MOV_CR_R : Op.MOV_DR_R);
                in.osize = mode64 ? 8 : 4;
                if (b == 0x20 || b == 0x22) { if (in.lock && !mode64) in.reg |= 8; } // LOCK MOV CR0 = CR8 (AMD)
                break;
            case 0x30: op(Op.WRMSR); break;
            case 0x31: op(Op.RDTSC); break;
            case 0x32: op(Op.RDMSR); break;
            case 0x33: op(Op.RDPMC); break;
            case 0x34: op(Op.SYSENTER); break;
            case 0x35: op(Op.SYSEXIT); break;
            case 0xa0: op(Op.PUSH_SEG, FS); d64(); break;
            case 0xa1: op(Op.POP_SEG, FS); d64(); break;
            case 0xa2: op(Op.CPUID); break;
            case 0xa3: modrm(); op(Op.BT_RM_R, 0); break;
            case 0xa4: modrm(); op(Op.SHLD_I); in.imm = next(); break;
            case 0xa5: modrm(); op(Op.SHLD_CL); break;
            case 0xa8: op(Op.PUSH_SEG, GS); d64(); break;
            case 0xa9: op(Op.POP_SEG, GS); d64(); break;
            case 0xab: modrm(); op(Op.BT_RM_R, 1); break;
            case 0xac: modrm(); op(Op.SHRD_I); in.imm = next(); break;
            case 0xad: modrm(); op(Op.SHRD_CL); break;
            case 0xae: group15(); break;
            case 0xaf: modrm(); op(Op.IMUL_R_RM); break;
            case 0xb0: modrm(); byteOperands(); op(Op.CMPXCHG); break;
            case 0xb1: modrm(); op(Op.CMPXCHG); break;
            case 0xb2: modrm(); op(in.mem ? Op.LOAD_FAR_PTR : Op.UD, SS); break;
            case 0xb3: modrm(); op(Op.BT_RM_R, 2); break;
            case 0xb4: modrm(); op(in.mem ? Op.LOAD_FAR_PTR : Op.UD, FS); break;
            case 0xb5: modrm(); op(in.mem ? Op.LOAD_FAR_PTR : Op.UD, GS); break;
            case 0xb6: case 0xbe: {
                modrm();
                if (!in.mem) in.rm = byteReg(in.rm);
                op(b == 0xb6 ? Op.MOVZX : Op.MOVSX);
                in.imm = 1;
                break;
            }
            case 0xb7: case 0xbf: modrm(); op(b == 0xb7 ? Op.MOVZX : Op.MOVSX); in.imm = 2; break;
            case 0xb8: modrm(); op(in.rep == 1 ? Op.POPCNT : Op.UD); break;
            case 0xba: {
                modrm();
                int r = in.reg & 7;
                op(r >= 4 ? Op.BT_RM_I : Op.UD, r - 4);
                in.imm = next();
                break;
            }
            case 0xbb: modrm(); op(Op.BT_RM_R, 3); break;
            case 0xbc: modrm(); op(in.rep == 1 ? Op.TZCNT : Op.BSF); break;
            case 0xbd: modrm(); op(in.rep == 1 ? Op.LZCNT : Op.BSR); break;
            case 0xc0: modrm(); byteOperands(); op(Op.XADD); break;
            case 0xc1: modrm(); op(Op.XADD); break;
            case 0xc7: {
                modrm();
                op(in.mem && (in.reg & 7) == 1 ? Op.CMPXCHG8B : Op.UD);
                break;
            }
            case 0x38: SseDecoder.decode(this, in, 1, next(), opOverride, rex); break;
            case 0x3a: SseDecoder.decode(this, in, 2, next(), opOverride, rex); break;
            default:
                if ((b >= 0x10 && b < 0x18) || (b >= 0x28 && b < 0x30) || (b >= 0x50 && b < 0x80)
                        || (b >= 0xc2 && b < 0xc7) || b >= 0xd0) {
                    SseDecoder.decode(this, in, 0, b, opOverride, rex);
                } else {
                    op(Op.UD);
                }
                break;
        }
    }

    // the SIMD maps are decoded by SseDecoder, which reads the rest of the instruction through these

    int nextByte() {
        return next();
    }

    void readModrm() {
        modrm();
    }

    /** MOV to/from CRn/DRn: the r/m field is always a register whatever mod says. */
    private void modrmRegisterForm() {
        int m = next();
        in.reg = ((m >> 3) & 7) | (rex & 4) << 1;
        in.rm = (m & 7) | (rex & 1) << 3;
    }

    private void group6() {
        modrm();
        switch (in.reg & 7) {
            case 0: op(Op.SLDT); break;
            case 1: op(Op.STR); break;
            case 2: op(Op.LLDT); in.osize = 2; break;
            case 3: op(Op.LTR); in.osize = 2; break;
            case 4: op(Op.VERR); in.osize = 2; break;
            case 5: op(Op.VERW); in.osize = 2; break;
            default: op(Op.UD); break;
        }
    }

    private void group7() {
        modrm();
        int r = in.reg & 7;
        if (in.mem) {
            switch (r) {
                case 0: op(Op.SGDT); break;
                case 1: op(Op.SIDT); break;
                case 2: op(Op.LGDT); break;
                case 3: op(Op.LIDT); break;
                case 4: op(Op.SMSW); in.osize = 2; break;
                case 6: op(Op.LMSW); in.osize = 2; break;
                case 7: op(Op.INVLPG); break;
                default: op(Op.UD); break;
            }
            return;
        }
        int rm = in.rm & 7;
        switch (r) {
            case 1:
                if (rm == 2 || rm == 3) { op(Op.STAC_CLAC, rm - 2); break; } // CLAC, STAC
                op(rm == 0 ? Op.MONITOR : rm == 1 ? Op.MWAIT : Op.UD);
                break;
            case 2: op(rm < 2 ? Op.SSE : Op.UD, rm == 0 ? SseDecoder.XGETBV : SseDecoder.XSETBV); break;
            case 4: op(Op.SMSW); break;
            case 6: op(Op.LMSW); in.osize = 2; break;
            case 7:
                if (rm == 0 && mode64) op(Op.SWAPGS);
                else if (rm == 1) op(Op.RDTSCP);
                else op(Op.UD);
                break;
            default: op(Op.UD); break;
        }
    }

    private void group15() {
        modrm();
        int r = in.reg & 7;
        if (!in.mem && r >= 5) op(Op.NOP); // LFENCE, MFENCE, SFENCE: ordering is trivially kept
        else if (in.mem && r == 7) op(Op.NOP); // CLFLUSH
        else op(Op.SSE, SseDecoder.key(SseDecoder.prefix(in, opOverride), 0, 0xae)); // FXSAVE ... XSAVEOPT: the SSE unit's
    }
}
