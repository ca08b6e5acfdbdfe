package org.plugboard.cpu.x86;

/**
 * The integer SIMD operations of MMX, SSE2, SSSE3 and SSE4.1 on registers held as 64-bit words
 * ({@code n} = 1 for an MMX register, 2 for an XMM register, low word first). Each operation
 * computes {@code d = d op s} in place; {@code t} is scratch of the same size.
 */
final class SimdInt {
    private SimdInt() {
    }

    // --- elements: size in bytes, index from the low end ---

    static long get(long[] v, int size, int index) {
        int bit = index * size * 8;
        long w = v[bit >>> 6] >>> (bit & 63);
        return size == 8 ? w : w & ((1L << (size * 8)) - 1);
    }

    static long sget(long[] v, int size, int index) {
        long x = get(v, size, index);
        int sh = 64 - size * 8;
        return x << sh >> sh;
    }

    static void set(long[] v, int size, int index, long x) {
        int bit = index * size * 8;
        long m = size == 8 ? -1L : (1L << (size * 8)) - 1;
        int w = bit >>> 6, sh = bit & 63;
        v[w] = (v[w] & ~(m << sh)) | (x & m) << sh;
    }

    static long signedSat(long x, int size) {
        long max = (1L << (size * 8 - 1)) - 1, min = -max - 1;
        return x > max ? max : x < min ? min : x;
    }

    static long unsignedSat(long x, int size) {
        long max = (1L << (size * 8)) - 1;
        return x > max ? max : x < 0 ? 0 : x;
    }

    /** Elementwise operations: the 0F (map 0) and 0F 38 (map 1, +0x100) opcode numbers that name them. */
    static void elementwise(int op, long[] d, long[] s, int n) {
        switch (op) {
            case 0xfc: lanes(d, s, n, 1, ADD); break;
            case 0xfd: lanes(d, s, n, 2, ADD); break;
            case 0xfe: lanes(d, s, n, 4, ADD); break;
            case 0xd4: lanes(d, s, n, 8, ADD); break;
            case 0xf8: lanes(d, s, n, 1, SUB); break;
            case 0xf9: lanes(d, s, n, 2, SUB); break;
            case 0xfa: lanes(d, s, n, 4, SUB); break;
            case 0xfb: lanes(d, s, n, 8, SUB); break;
            case 0xec: lanes(d, s, n, 1, ADDS); break;
            case 0xed: lanes(d, s, n, 2, ADDS); break;
            case 0xe8: lanes(d, s, n, 1, SUBS); break;
            case 0xe9: lanes(d, s, n, 2, SUBS); break;
            case 0xdc: lanes(d, s, n, 1, ADDUS); break;
            case 0xdd: lanes(d, s, n, 2, ADDUS); break;
            case 0xd8: lanes(d, s, n, 1, SUBUS); break;
            case 0xd9: lanes(d, s, n, 2, SUBUS); break;
            case 0xd5: lanes(d, s, n, 2, MULLO); break;
            case 0xe5: lanes(d, s, n, 2, MULHS); break;
            case 0xe4: lanes(d, s, n, 2, MULHU); break;
            case 0x140: lanes(d, s, n, 4, MULLO); break;
            case 0xe0: lanes(d, s, n, 1, AVG); break;
            case 0xe3: lanes(d, s, n, 2, AVG); break;
            case 0xda: lanes(d, s, n, 1, MINU); break;
            case 0xde: lanes(d, s, n, 1, MAXU); break;
            case 0xea: lanes(d, s, n, 2, MINS); break;
            case 0xee: lanes(d, s, n, 2, MAXS); break;
            case 0x138: lanes(d, s, n, 1, MINS); break;
            case 0x139: lanes(d, s, n, 4, MINS); break;
            case 0x13a: lanes(d, s, n, 2, MINU); break;
            case 0x13b: lanes(d, s, n, 4, MINU); break;
            case 0x13c: lanes(d, s, n, 1, MAXS); break;
            case 0x13d: lanes(d, s, n, 4, MAXS); break;
            case 0x13e: lanes(d, s, n, 2, MAXU); break;
            case 0x13f: lanes(d, s, n, 4, MAXU); break;
            case 0x74: lanes(d, s, n, 1, EQ); break;
            case 0x75: lanes(d, s, n, 2, EQ); break;
            case 0x76: lanes(d, s, n, 4, EQ); break;
            case 0x129: lanes(d, s, n, 8, EQ); break;
            case 0x64: lanes(d, s, n, 1, GT); break;
            case 0x65: lanes(d, s, n, 2, GT); break;
            case 0x66: lanes(d, s, n, 4, GT); break;
            case 0x137: lanes(d, s, n, 8, GT); break;
            case 0x108: lanes(d, s, n, 1, SIGN); break;
            case 0x109: lanes(d, s, n, 2, SIGN); break;
            case 0x10a: lanes(d, s, n, 4, SIGN); break;
            case 0x10b: lanes(d, s, n, 2, MULHRS); break;
            case 0x11c: lanes(d, s, n, 1, ABS); break;
            case 0x11d: lanes(d, s, n, 2, ABS); break;
            case 0x11e: lanes(d, s, n, 4, ABS); break;
            case 0xdb: for (int k = 0; k < n; k++) d[k] &= s[k]; break;
            case 0xdf: for (int k = 0; k < n; k++) d[k] = ~d[k] & s[k]; break;
            case 0xeb: for (int k = 0; k < n; k++) d[k] |= s[k]; break;
            case 0xef: for (int k = 0; k < n; k++) d[k] ^= s[k]; break;
            default: throw new IllegalArgumentException("not an elementwise operation: " + Integer.toHexString(op));
        }
    }

    static final int ADD = 0, SUB = 1, ADDS = 2, SUBS = 3, ADDUS = 4, SUBUS = 5, MULLO = 6, MULHS = 7, MULHU = 8,
            AVG = 9, MINU = 10, MAXU = 11, MINS = 12, MAXS = 13, EQ = 14, GT = 15, SIGN = 16, MULHRS = 17, ABS = 18;

    static boolean isElementwise(int op) {
        switch (op) {
            case 0xfc: case 0xfd: case 0xfe: case 0xd4: case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xec: case 0xed:
            case 0xe8: case 0xe9: case 0xdc: case 0xdd: case 0xd8: case 0xd9: case 0xd5: case 0xe5: case 0xe4: case 0xe0:
            case 0xe3: case 0xda: case 0xde: case 0xea: case 0xee: case 0x74: case 0x75: case 0x76: case 0x64: case 0x65:
            case 0x66: case 0x108: case 0x109: case 0x10a: case 0x10b: case 0x11c: case 0x11d: case 0x11e: case 0xdb:
            case 0xdf: case 0xeb: case 0xef:
                return true;
            default:
                return false;
        }
    }

    /** SSE4.1/4.2 elementwise operations that exist only with 66 (XMM). */
    static boolean isElementwise128(int op) {
        switch (op) {
            case 0x140: case 0x138: case 0x139: case 0x13a: case 0x13b: case 0x13c: case 0x13d: case 0x13e: case 0x13f:
            case 0x129: case 0x137:
                return true;
            default:
                return false;
        }
    }

    private static void lanes(long[] d, long[] s, int n, int size, int kind) {
        int count = n * 8 / size;
        long umask = size == 8 ? -1L : (1L << (size * 8)) - 1;
        for (int k = 0; k < count; k++) {
            long a = sget(d, size, k), b = sget(s, size, k);
            long ua = a & umask, ub = b & umask;
            long r;
            switch (kind) {
                case ADD: r = a + b; break;
                case SUB: r = a - b; break;
                case ADDS: r = signedSat(a + b, size); break;
                case SUBS: r = signedSat(a - b, size); break;
                case ADDUS: r = unsignedSat(ua + ub, size); break;
                case SUBUS: r = unsignedSat(ua - ub, size); break;
                case MULLO: r = a * b; break;
                case MULHS: r = (a * b) >> (size * 8); break;
                case MULHU: r = (ua * ub) >>> (size * 8); break;
                case AVG: r = (ua + ub + 1) >>> 1; break;
                case MINU: r = Long.compareUnsigned(ua, ub) < 0 ? ua : ub; break;
                case MAXU: r = Long.compareUnsigned(ua, ub) > 0 ? ua : ub; break;
                case MINS: r = Math.min(a, b); break;
                case MAXS: r = Math.max(a, b); break;
                case EQ: r = a == b ? -1 : 0; break;
                case GT: r = a > b ? -1 : 0; break;
                case SIGN: r = b < 0 ? -a : b == 0 ? 0 : a; break;
                case MULHRS: r = ((a * b >> 14) + 1) >> 1; break;
                default: r = Math.abs(b); break; // ABS: of the source
            }
            set(d, size, k, r);
        }
    }

    // --- operations that combine lanes ---

    /** PMADDWD: pairs of signed words multiplied and added into dwords. */
    static void pmaddwd(long[] d, long[] s, int n) {
        for (int k = 0; k < 2 * n; k++) {
            long r = sget(d, 2, 2 * k) * sget(s, 2, 2 * k) + sget(d, 2, 2 * k + 1) * sget(s, 2, 2 * k + 1);
            set(d, 4, k, r);
        }
    }

    /** PMADDUBSW: unsigned bytes of the destination times signed bytes of the source, pairs added with saturation. */
    static void pmaddubsw(long[] d, long[] s, int n) {
        for (int k = 0; k < 4 * n; k++) {
            long r = get(d, 1, 2 * k) * sget(s, 1, 2 * k) + get(d, 1, 2 * k + 1) * sget(s, 1, 2 * k + 1);
            set(d, 2, k, signedSat(r, 2));
        }
    }

    /** PSADBW: per quadword, the sum of absolute byte differences in the low word. */
    static void psadbw(long[] d, long[] s, int n) {
        for (int w = 0; w < n; w++) {
            long sum = 0;
            for (int b = 0; b < 8; b++) sum += Math.abs(get(d, 1, 8 * w + b) - get(s, 1, 8 * w + b));
            d[w] = sum;
        }
    }

    /** PMULUDQ (signed = false) and PMULDQ: the even dwords multiplied into quadwords. */
    static void mulDq(long[] d, long[] s, int n, boolean signed) {
        for (int w = 0; w < n; w++) {
            d[w] = signed ? (long) (int) d[w] * (long) (int) s[w] : (d[w] & 0xffffffffL) * (s[w] & 0xffffffffL);
        }
    }

    /** PHADD/PHSUB (W, D, SW): pairs within the destination fill the low half, pairs within the source the high half. */
    static void horizontal(long[] d, long[] s, int n, int size, boolean subtract, boolean saturate, long[] t) {
        int half = n * 4 / size;
        long[] out = t;
        for (int k = 0; k < 2 * half; k++) {
            long[] src = k < half ? d : s;
            int j = k % half;
            long a = sget(src, size, 2 * j), b = sget(src, size, 2 * j + 1);
            long r = subtract ? a - b : a + b;
            set(out, size, k, saturate ? signedSat(r, size) : r);
        }
        System.arraycopy(out, 0, d, 0, n);
    }

    /** PSHUFB: each destination byte is the source-selected byte of the destination, or zero if bit 7 is set. */
    static void pshufb(long[] d, long[] s, int n, long[] t) {
        int count = 8 * n;
        for (int k = 0; k < count; k++) {
            long sel = get(s, 1, k);
            set(t, 1, k, (sel & 0x80) != 0 ? 0 : get(d, 1, (int) sel & (count - 1)));
        }
        System.arraycopy(t, 0, d, 0, n);
    }

    /** PACKSSWB, PACKUSWB, PACKSSDW, PACKUSDW: destination elements then source elements, narrowed with saturation. */
    static void pack(long[] d, long[] s, int n, int size, boolean unsigned, long[] t) {
        int half = n * 8 / size;
        int narrow = size / 2;
        for (int k = 0; k < 2 * half; k++) {
            long v = sget(k < half ? d : s, size, k % half);
            set(t, narrow, k, unsigned ? unsignedSat(v, narrow) : signedSat(v, narrow));
        }
        System.arraycopy(t, 0, d, 0, n);
    }

    /** PUNPCKL/PUNPCKH: elements of the low (or high) halves of destination and source interleaved. */
    static void unpack(long[] d, long[] s, int n, int size, boolean high, long[] t) {
        int half = n * 4 / size;
        int base = high ? half : 0;
        for (int k = 0; k < half; k++) {
            set(t, size, 2 * k, get(d, size, base + k));
            set(t, size, 2 * k + 1, get(s, size, base + k));
        }
        System.arraycopy(t, 0, d, 0, n);
    }

    /** Shifts of each element by a count; counts past the width give zero (or the sign for arithmetic shifts). */
    static void shift(long[] d, int n, int size, int kind, long count) {
        int bits = size * 8;
        int elements = n * 8 / size;
        for (int k = 0; k < elements; k++) {
            long r;
            if (Long.compareUnsigned(count, bits - 1) > 0) {
                r = kind == SRA ? sget(d, size, k) >> 63 : 0;
            } else {
                int c = (int) count;
                if (kind == SLL) r = get(d, size, k) << c;
                else if (kind == SRL) r = get(d, size, k) >>> c;
                else r = sget(d, size, k) >> c;
            }
            set(d, size, k, r);
        }
    }

    static final int SRL = 2, SRA = 4, SLL = 6;

    /** PSLLDQ/PSRLDQ: the whole register shifted by bytes. */
    static void byteShift(long[] d, int count, boolean left, long[] t) {
        for (int k = 0; k < 16; k++) {
            int from = left ? k - count : k + count;
            set(t, 1, k, from >= 0 && from < 16 ? get(d, 1, from) : 0);
        }
        d[0] = t[0];
        d[1] = t[1];
    }

    /** PALIGNR: the destination:source concatenation shifted right by imm bytes. */
    static void palignr(long[] d, long[] s, int n, int imm, long[] t) {
        int width = 8 * n;
        for (int k = 0; k < width; k++) {
            int from = k + imm;
            long b = from < width ? get(s, 1, from) : from < 2 * width ? get(d, 1, from - width) : 0;
            set(t, 1, k, b);
        }
        System.arraycopy(t, 0, d, 0, n);
    }

    /** PSHUFD (size 4, all lanes), PSHUFW (size 2, MMX), PSHUFLW/PSHUFHW (size 2, one half of the XMM register). */
    static void shuffle(long[] d, long[] s, int size, int first, int count, int imm) {
        for (int k = 0; k < count; k++) set(d, size, first + k, get(s, size, first + ((imm >> (2 * k)) & 3)));
    }

    /** PBLENDW (imm) and PBLENDVB/BLENDVPS/BLENDVPD (mask: the top bit of each XMM0 element). */
    static void blend(long[] d, long[] s, int size, long mask, long[] xmm0) {
        for (int k = 0; k < 16 / size; k++) {
            boolean take = xmm0 == null ? ((mask >> k) & 1) != 0 : sget(xmm0, size, k) < 0;
            if (take) set(d, size, k, get(s, size, k));
        }
    }

    /** PMOVSX/PMOVZX: the low elements of the source widened into the destination. */
    static void extend(long[] d, long[] s, int from, int to, boolean signed) {
        for (int k = 0; k < 16 / to; k++) set(d, to, k, signed ? sget(s, from, k) : get(s, from, k));
    }

    /** PHMINPOSUW: the smallest unsigned word and its index; the rest is zero. */
    static void phminposuw(long[] d, long[] s) {
        int best = 0;
        for (int k = 1; k < 8; k++) if (get(s, 2, k) < get(s, 2, best)) best = k;
        d[0] = get(s, 2, best) | (long) best << 16;
        d[1] = 0;
    }

    /** MPSADBW: eight sums of absolute differences of 4-byte groups (SDM vol. 2, MPSADBW). */
    static void mpsadbw(long[] d, long[] s, int imm, long[] t) {
        int srcOff = (imm & 3) * 4, dstOff = ((imm >> 2) & 1) * 4;
        for (int k = 0; k < 8; k++) {
            long sum = 0;
            for (int j = 0; j < 4; j++) sum += Math.abs(get(d, 1, dstOff + k + j) - get(s, 1, srcOff + j));
            set(t, 2, k, sum);
        }
        d[0] = t[0];
        d[1] = t[1];
    }

    /** PMOVMSKB: the top bit of each byte. */
    static long byteMask(long[] v, int n) {
        long m = 0;
        for (int k = 0; k < 8 * n; k++) m |= (get(v, 1, k) >>> 7) << k;
        return m;
    }
}
