package org.plugboard.cpu.x86.fp;

import java.util.Random;

/**
 * Random 80-bit operands rich in what the x87 treats specially: zeros, denormals, pseudo-denormals,
 * infinities, quiet and signalling NaNs, unsupported encodings (unnormals, pseudo-infinities,
 * pseudo-NaNs), extreme exponents, and significands that make results exact or halfway. Returned as
 * {sexp, mant}.
 */
public final class ExtendedOperands {
    private final Random r;

    public ExtendedOperands(Random r) {
        this.r = r;
    }

    public long[] next() {
        return next(null);
    }

    /** A second operand: with first given, its exponent is often tied to the first's. */
    public long[] next(long[] first) {
        int sign = r.nextBoolean() ? 0x8000 : 0;
        long frac = SoftFloatTest.fraction(r, 63);
        long top = Long.MIN_VALUE;
        if (first != null && r.nextInt(3) == 0) {
            int fe = (int) first[0] & 0x7fff;
            int exp = r.nextBoolean() ? fe + r.nextInt(70) - 3 : r.nextBoolean() ? 0x7ffe - fe + 16383 + r.nextInt(5) - 2 : fe - 16383 + r.nextInt(5) - 2 + 64;
            exp = Math.max(1, Math.min(0x7ffe, exp));
            return new long[] {sign | exp, top | frac};
        }
        switch (r.nextInt(20)) {
            case 0: return new long[] {sign, 0};
            case 1: return new long[] {sign, frac == 0 ? 1 : frac};
            case 2: return new long[] {sign, top | frac};                            // pseudo-denormal
            case 3: return new long[] {sign | 0x7fff, top};
            case 4: return new long[] {sign | 0x7fff, top | (1L << 62) | frac};
            case 5: return new long[] {sign | 0x7fff, top | Math.max(1, frac & ~(1L << 62))};
            case 6: return new long[] {sign | (1 + r.nextInt(0x7ffe)), frac};          // unnormal
            case 7: return new long[] {sign | 0x7fff, frac};                         // pseudo-infinity / pseudo-NaN
            case 8: return new long[] {sign | (0x7ffe - r.nextInt(3)), top | frac};
            case 9: return new long[] {sign | (1 + r.nextInt(3)), top | frac};
            case 10: case 11: return new long[] {sign | (16383 + r.nextInt(70) - 5), top | frac};
            case 12: return new long[] {sign | (16383 - 1022 + r.nextInt(5) - 2 - (r.nextBoolean() ? 52 : 0)), top | frac};
            case 13: return new long[] {sign | (16383 - 126 + r.nextInt(5) - 2 - (r.nextBoolean() ? 23 : 0)), top | frac};
            case 14: return new long[] {sign | (16383 + (r.nextBoolean() ? 1024 : 128) + r.nextInt(5) - 3), top | frac};
            default: return new long[] {sign | (1 + r.nextInt(0x7ffe)), top | frac};
        }
    }
}
