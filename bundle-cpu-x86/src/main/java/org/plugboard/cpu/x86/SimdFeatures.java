package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.SseDecoder.MAP_0F;
import static org.plugboard.cpu.x86.SseDecoder.MAP_0F38;
import static org.plugboard.cpu.x86.SseDecoder.NONE;
import static org.plugboard.cpu.x86.SseDecoder.P66;
import static org.plugboard.cpu.x86.SseDecoder.PF2;
import static org.plugboard.cpu.x86.SseDecoder.PF3;

/**
 * Which SIMD instructions the CPU model advertises: each {@link SseDecoder#key} maps to the CPUID
 * feature that introduced it (SDM vol. 2, each instruction's "CPUID Feature Flag" column), and the
 * model's answer is kept in a table so that execution pays one array load. An instruction whose
 * feature the model lacks raises #UD before any CR0/CR4 check, as on hardware and in QEMU.
 */
final class SimdFeatures {
    /** Indexed by key; the keys of XGETBV/XSETBV are the largest. */
    private final boolean[] allowed = new boolean[SseDecoder.XSETBV + 1];
    /** Group 15 (0F AE) by its ModRM reg field: FXSAVE, FXRSTOR, LDMXCSR, STMXCSR, XSAVE, XRSTOR, XSAVEOPT. */
    private final boolean[] group15 = new boolean[8];

    SimdFeatures(CpuModel model) {
        for (int key = 0; key < allowed.length; key++) allowed[key] = model.has(feature(key));
        String[] g15 = {"fxsr", "fxsr", "sse", "sse", "xsave", "xsave", "xsave", "sse"};
        for (int r = 0; r < 8; r++) group15[r] = model.has(g15[r]);
    }

    /** True when the model has the feature of the instruction with this key. */
    boolean allows(int key) {
        return allowed[key];
    }

    /** True when the model has the feature of group-15 instruction {@code reg} (0-7). */
    boolean allowsGroup15(int reg) {
        return group15[reg];
    }

    /** The CPUID feature an instruction key needs; keys that name no instruction get one too (they #UD anyway). */
    static String feature(int key) {
        if (key == SseDecoder.XGETBV || key == SseDecoder.XSETBV) return "xsave";
        int prefix = key >> 10 & 3, map = key >> 8 & 3, op = key & 0xff;
        if (map == MAP_0F38) {
            if (op == 0xf0 || op == 0xf1 || op == 0x37) return "sse4.2"; // CRC32, PCMPGTQ
            return op <= 0x0b || (op >= 0x1c && op <= 0x1e) ? "ssse3" : "sse4.1";
        }
        if (map != MAP_0F) { // 0F 3A
            if (op == 0x0f) return "ssse3"; // PALIGNR
            return op >= 0x60 && op <= 0x63 ? "sse4.2" : "sse4.1"; // PCMPxSTRx
        }
        switch (prefix) {
            case NONE: return map0fPlain(op);
            case P66: return op == 0xd0 || op == 0x7c || op == 0x7d ? "sse3" : "sse2"; // ADDSUBPD, HADDPD, HSUBPD
            case PF2: return op == 0x12 || op == 0x7c || op == 0x7d || op == 0xd0 || op == 0xf0 ? "sse3" : "sse2";
            case PF3: return map0fF3(op);
            default: return "sse";
        }
    }

    /** Unprefixed 0F xx: MMX, the integer additions SSE and SSE2 made to it, SSE single precision. */
    private static String map0fPlain(int op) {
        switch (op) {
            case 0x5a: case 0x5b: case 0xc3: case 0xd4: case 0xf4: case 0xfb: return "sse2"; // CVTPS2PD CVTDQ2PS MOVNTI PADDQ PMULUDQ PSUBQ
            case 0x70: case 0xc4: case 0xc5: case 0xd7: case 0xda: case 0xde: case 0xe0: case 0xe3: case 0xe4: case 0xe7:
            case 0xea: case 0xee: case 0xf6: case 0xf7:
                return "sse"; // PSHUFW PINSRW PEXTRW PMOVMSKB PMINUB PMAXUB PAVGB PAVGW PMULHUW MOVNTQ PMINSW PMAXSW PSADBW MASKMOVQ
            default:
                return (op >= 0x60 && op <= 0x7f) || op >= 0xd0 ? "mmx" : "sse";
        }
    }

    /** F3 0F xx: SSE scalar single precision, except what SSE2 and SSE3 added under this prefix. */
    private static String map0fF3(int op) {
        switch (op) {
            case 0x12: case 0x16: return "sse3"; // MOVSLDUP, MOVSHDUP
            case 0x5a: case 0x5b: case 0x6f: case 0x70: case 0x7e: case 0x7f: case 0xd6: case 0xe6: return "sse2";
            default: return "sse";
        }
    }
}
