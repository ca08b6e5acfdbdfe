package org.plugboard.cpu.x86;

import java.util.ArrayList;
import java.util.List;

/**
 * The SIMD instruction forms the differential test generates, one per line:
 * {@code PREFIX OPCODE... DESCRIPTOR} where PREFIX is --, 66, f3, f2 or two of them (66f2), OPCODE follows 0F, and
 * DESCRIPTOR is: the ModRM.reg operand (x XMM, m MMX, g general register, or a digit for an opcode
 * extension), the r/m operand (x, m, g), memory allowed (M), register only (R) or memory only (O),
 * then flags: a (16-byte aligned memory), i (imm8), c (compare predicate imm8), r (rounding imm8),
 * w (REX.W sometimes), n (no ModRM), ~ (approximate result).
 */
final class SimdSpecs {
    private SimdSpecs() {
    }

    static final class Spec {
        int prefix;
        int[] opcode;
        char regType, rmType, memory, imm;
        boolean aligned, rexW, noModrm, approximate;
    }

    static Spec[] parse(String[] lines) {
        List<Spec> out = new ArrayList<>();
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            Spec s = new Spec();
            s.prefix = t[0].equals("--") ? 0 : Integer.parseInt(t[0], 16);
            s.opcode = new int[t.length - 2];
            for (int k = 1; k < t.length - 1; k++) s.opcode[k - 1] = Integer.parseInt(t[k], 16);
            String d = t[t.length - 1];
            s.regType = d.charAt(0);
            s.rmType = d.charAt(1);
            s.memory = d.charAt(2);
            for (char c : d.substring(3).toCharArray()) {
                switch (c) {
                    case 'a': s.aligned = true; break;
                    case 'i': case 'c': case 'r': s.imm = c; break;
                    case 'w': s.rexW = true; break;
                    case 'n': s.noModrm = true; break;
                    case '~': s.approximate = true; break;
                    default: throw new IllegalArgumentException("bad descriptor " + d);
                }
            }
            out.add(s);
        }
        return out.toArray(new Spec[0]);
    }

    /** The same descriptor for each opcode byte (after 0F, or after 0F 38 / 0F 3A when map is given). */
    private static List<String> each(String prefix, String map, String descriptor, int... opcodes) {
        List<String> l = new ArrayList<>();
        for (int op : opcodes) l.add(prefix + " " + map + " " + String.format("%02x", op) + " " + descriptor);
        return l;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from + 1];
        for (int k = 0; k < r.length; k++) r[k] = from + k;
        return r;
    }

    private static final int[] MMX_OPS = {0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x74, 0x75,
        0x76, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4,
        0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf8, 0xf9, 0xfa, 0xfb,
        0xfc, 0xfd, 0xfe};
    private static final int[] SSSE3_OPS = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x1c, 0x1d, 0x1e};

    private static String[] join(List<String> a) {
        return a.toArray(new String[0]);
    }

    static final String[] MMX;
    static final String[] SSE2_INTEGER;
    static final String[] SSE4_INTEGER;
    static final String[] SSE42 = {"66 3a 60 xxMi", "66 3a 61 xxMi", "66 3a 62 xxMi", "66 3a 63 xxMi", "66 3a 60 xxMiw",
        "66 3a 61 xxMiw", "66 38 37 xxMa", "f2 38 f0 ggMw", "f2 38 f1 ggMw", "66f2 38 f1 ggM", "f366 7e xxM"};
    /**
     * Prefix/opcode combinations that do not exist (#UD on both sides). AMD's SSE4a forms
     * (F2/F3 0F 2B, 0F 78/79), MOVBE (0F 38 F0/F1 without F2) and PCLMULQDQ (66 0F 3A 44)
     * are left out: the host has them.
     */
    static final String[] UNDEFINED = {"f3 60 xxM", "f2 fc xxM", "f3 d5 xxM", "f2 ef xxM", "f3 38 00 xxM", "f2 3a 0f xxMi",
        "-- 7c xxM", "-- d0 xxM", "f3 7c xxM", "-- 38 10 xxM", "-- 38 2a xxO", "-- 3a 08 xxMi", "f3 54 xxM", "f2 c6 xxMi",
        "-- e6 xxM", "f2 5b xxM", "-- d6 xxM", "66 77 xxRn", "f3 50 gxR", "66 52 xxM", "f2 53 xxM",
        "-- 71 3mRi", "66 72 7xRi", "-- 73 7mRi", "f2 2e xxM", "66 38 f5 xxM"};
    static final String[] FLOAT_MOVES;
    static final String[] SINGLE;
    static final String[] DOUBLE;
    static final String[] COMPARE = {"-- c2 xxMac", "66 c2 xxMac", "f3 c2 xxMc", "f2 c2 xxMc", "-- 2e xxM", "-- 2f xxM",
        "66 2e xxM", "66 2f xxM"};
    static final String[] CONVERT = {"-- 2a xmM", "66 2a xmM", "f3 2a xgMw", "f2 2a xgMw", "-- 2c mxM", "-- 2d mxM",
        "66 2c mxMa", "66 2d mxMa", "f3 2c gxMw", "f3 2d gxMw", "f2 2c gxMw", "f2 2d gxMw", "-- 5a xxM", "66 5a xxMa",
        "f3 5a xxM", "f2 5a xxM", "-- 5b xxMa", "66 5b xxMa", "f3 5b xxMa", "66 e6 xxMa", "f3 e6 xxM", "f2 e6 xxMa"};
    static final String[] SSE3 = {"66 7c xxMa", "66 7d xxMa", "f2 7c xxMa", "f2 7d xxMa", "66 d0 xxMa", "f2 d0 xxMa",
        "f2 12 xxM", "f3 12 xxMa", "f3 16 xxMa", "f2 f0 xxO"};
    static final String[] SSE41_FLOAT = {"66 3a 08 xxMar", "66 3a 09 xxMar", "66 3a 0a xxMr", "66 3a 0b xxMr",
        "66 3a 40 xxMai", "66 3a 41 xxMai", "66 3a 0c xxMai", "66 3a 0d xxMai", "66 38 14 xxMa", "66 38 15 xxMa",
        "66 3a 21 xxMi", "66 3a 17 xgMi"};

    static {
        List<String> l = new ArrayList<>(each("--", "", "mmM", MMX_OPS));
        l.addAll(each("--", "38", "mmM", SSSE3_OPS));
        l.addAll(List.of("-- 3a 0f mmMi", "-- 6e mgMw", "-- 7e mgMw", "-- 6f mmM", "-- 7f mmM", "-- 70 mmMi",
            "-- 71 2mRi", "-- 71 4mRi", "-- 71 6mRi", "-- 72 2mRi", "-- 72 4mRi", "-- 72 6mRi", "-- 73 2mRi", "-- 73 6mRi",
            "-- 77 mmRn", "-- d7 gmR", "-- e7 mmO", "-- f7 mmR", "-- c4 mgMi", "-- c5 gmRi"));
        MMX = join(l);

        l = new ArrayList<>(each("66", "", "xxMa", MMX_OPS));
        l.addAll(each("66", "", "xxMa", 0x6c, 0x6d));
        l.addAll(List.of("66 70 xxMai", "f3 70 xxMai", "f2 70 xxMai", "66 71 2xRi", "66 71 4xRi", "66 71 6xRi",
            "66 72 2xRi", "66 72 4xRi", "66 72 6xRi", "66 73 2xRi", "66 73 6xRi", "66 73 3xRi", "66 73 7xRi", "66 d6 xxM",
            "f3 7e xxM", "f3 6f xxM", "66 6f xxMa", "66 7f xxMa", "f3 7f xxM", "66 e7 xxOa", "66 f7 xxR", "f3 d6 xmR",
            "f2 d6 mxR", "66 6e xgMw", "66 7e xgMw", "66 d7 gxR", "66 c4 xgMi", "66 c5 gxRi", "-- c3 ggOw"));
        SSE2_INTEGER = join(l);

        l = new ArrayList<>(each("66", "38", "xxMa", SSSE3_OPS));
        l.addAll(each("66", "38", "xxMa", 0x10, 0x17, 0x28, 0x29, 0x2b, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
            0x40, 0x41));
        l.addAll(each("66", "38", "xxM", range(0x20, 0x25)));
        l.addAll(each("66", "38", "xxM", range(0x30, 0x35)));
        l.addAll(List.of("66 38 2a xxOa", "66 3a 0e xxMai", "66 3a 0f xxMai", "66 3a 42 xxMai", "66 3a 14 xgMi",
            "66 3a 15 xgMi", "66 3a 16 xgMiw", "66 3a 20 xgMi", "66 3a 22 xgMiw"));
        SSE4_INTEGER = join(l);

        l = new ArrayList<>();
        for (String p : new String[] {"--", "66", "f3", "f2"}) l.addAll(each(p, "", "xxM", 0x10, 0x11));
        for (String p : new String[] {"--", "66"}) {
            l.addAll(each(p, "", "xxMa", 0x14, 0x15, 0x28, 0x29, 0x54, 0x55, 0x56, 0x57));
            l.addAll(each(p, "", "xxO", 0x13, 0x17));
            l.addAll(List.of(p + " 2b xxOa", p + " 50 gxR", p + " c6 xxMai"));
        }
        l.addAll(List.of("-- 12 xxM", "66 12 xxO", "-- 16 xxM", "66 16 xxO"));
        FLOAT_MOVES = join(l);

        l = new ArrayList<>(each("--", "", "xxMa", 0x51, 0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f));
        l.addAll(each("f3", "", "xxM", 0x51, 0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f));
        l.addAll(List.of("-- 52 xxMa~", "-- 53 xxMa~", "f3 52 xxM~", "f3 53 xxM~"));
        SINGLE = join(l);

        l = new ArrayList<>(each("66", "", "xxMa", 0x51, 0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f));
        l.addAll(each("f2", "", "xxM", 0x51, 0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f));
        DOUBLE = join(l);
    }
}
