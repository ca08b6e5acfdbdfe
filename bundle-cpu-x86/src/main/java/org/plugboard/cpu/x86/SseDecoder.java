package org.plugboard.cpu.x86;

/**
 * Decodes the SIMD opcode maps (0F xx, 0F 38 xx, 0F 3A xx; SDM vol. 2, appendix A): the mandatory
 * prefix selects the instruction (none, 66, F3, F2 — F2/F3 win over 66, and 66 is then no
 * operand-size override), followed by ModRM and, for some opcodes, an 8-bit immediate. The result is
 * {@link Op#SSE} with {@code sub} = {@link #key}; which forms exist (register or memory, MMX or XMM)
 * is the executor's business.
 */
final class SseDecoder {
    static final int NONE = 0, P66 = 1, PF3 = 2, PF2 = 3;
    static final int MAP_0F = 0, MAP_0F38 = 1, MAP_0F3A = 2;
    /** Keys of the instructions decoded elsewhere: 0F AE (group 15, with its prefix) and 0F 01 D0/D1. */
    static final int GROUP15 = 0xae, XGETBV = 0x1000, XSETBV = 0x1001;

    private SseDecoder() {
    }

    /** The executor's switch key: prefix, map and opcode. */
    static int key(int prefix, int map, int opcode) {
        return prefix << 10 | map << 8 | opcode;
    }

    /** The mandatory prefix: the last of F2/F3 if any, else 66. */
    static int prefix(Insn in, boolean p66) {
        return in.rep == 1 ? PF3 : in.rep == 2 ? PF2 : p66 ? P66 : NONE;
    }

    static void decode(Decoder d, Insn in, int map, int opcode, boolean p66, int rex) {
        int prefix = prefix(in, p66);
        if (map != MAP_0F || opcode != 0x77) d.readModrm(); // EMMS has no ModRM
        in.op = Op.SSE;
        in.sub = key(prefix, map, opcode);
        // REX.W selects 64-bit general registers (MOVD/MOVQ, CVTSI2SS, PEXTRQ...); 66 is not a size here
        in.osize = (rex & 8) != 0 ? 8 : 4;
        if (map == MAP_0F38 && opcode == 0xf1 && prefix == PF2 && p66 && (rex & 8) == 0)
            in.osize = 2; // CRC32 r32, r/m16: here 66 is the operand size
        if (map == MAP_0F38 && opcode == 0xf0 && !in.mem && rex == 0 && in.rm >= 4 && in.rm < 8)
            in.rm += 12; // CRC32 r/m8 without REX: AH, CH, DH, BH
        if (map == MAP_0F3A || (map == MAP_0F && hasImm8(opcode))) in.imm = d.nextByte();
    }

    /** 0F 70-73 (shuffles and shift groups), C2 (compare), C4-C6 (PINSRW, PEXTRW, SHUFPS). */
    private static boolean hasImm8(int opcode) {
        return (opcode >= 0x70 && opcode <= 0x73) || opcode == 0xc2 || (opcode >= 0xc4 && opcode <= 0xc6);
    }
}
