package org.plugboard.cpu.x86;

import java.util.Random;

/**
 * Random operands for floating-point and vector tests, biased towards the values where
 * implementations go wrong: zeros, denormals, infinities, quiet and signalling NaNs, the
 * extremes of the normal range, values next to rounding boundaries and small integers.
 */
final class SimdValues {
    private final Random rnd;

    SimdValues(Random rnd) {
        this.rnd = rnd;
    }

    int float32() {
        int sign = rnd.nextBoolean() ? 0x80000000 : 0;
        switch (rnd.nextInt(12)) {
            case 0: return sign;                                        // zero
            case 1: return sign | (rnd.nextInt(0x7fffff) + 1);          // denormal
            case 2: return sign | 0x7f800000;                           // infinity
            case 3: return sign | 0x7fc00000 | rnd.nextInt(0x400000);   // quiet NaN
            case 4: return sign | 0x7f800000 | (rnd.nextInt(0x3fffff) + 1); // signalling NaN
            case 5: return sign | 0x7f7fffff - rnd.nextInt(4);          // near the largest
            case 6: return sign | 0x00800000 + rnd.nextInt(4);          // near the smallest normal
            case 7: return Float.floatToRawIntBits((float) (rnd.nextInt(2001) - 1000)); // integers
            case 8: return Float.floatToRawIntBits(rnd.nextInt(64) + 0.5f * (rnd.nextInt(3) - 1)); // halfway cases
            case 9: return sign | (rnd.nextInt(254) + 1) << 23 | (rnd.nextBoolean() ? 0x7fffff : 0); // boundaries
            default: return sign | (rnd.nextInt(60) + 97) << 23 | rnd.nextInt(0x800000); // ordinary, within 2^±30
        }
    }

    long float64() {
        long sign = rnd.nextBoolean() ? Long.MIN_VALUE : 0;
        long frac = rnd.nextLong() & 0xfffffffffffffL;
        switch (rnd.nextInt(12)) {
            case 0: return sign;
            case 1: return sign | (frac == 0 ? 1 : frac);
            case 2: return sign | 0x7ff0000000000000L;
            case 3: return sign | 0x7ff8000000000000L | (frac >>> 1);
            case 4: return sign | 0x7ff0000000000000L | ((frac >>> 1) == 0 ? 1 : frac >>> 1);
            case 5: return sign | 0x7fefffffffffffffL - rnd.nextInt(4);
            case 6: return sign | 0x0010000000000000L + rnd.nextInt(4);
            case 7: return Double.doubleToRawLongBits(rnd.nextInt(2001) - 1000);
            case 8: return Double.doubleToRawLongBits(rnd.nextInt(64) + 0.5 * (rnd.nextInt(3) - 1));
            case 9: return sign | (long) (rnd.nextInt(2046) + 1) << 52 | (rnd.nextBoolean() ? 0xfffffffffffffL : 0);
            case 10: return Double.doubleToRawLongBits(Float.intBitsToFloat(float32())); // exactly representable as float
            default: return sign | (long) (rnd.nextInt(120) + 963) << 52 | frac;
        }
    }

    /** An 80-bit x87 value: sign/exponent (16 bits) and significand. */
    long[] extended() {
        int sign = rnd.nextBoolean() ? 0x8000 : 0;
        long m = rnd.nextLong();
        switch (rnd.nextInt(8)) {
            case 0: return new long[] {sign, 0};
            case 1: return new long[] {sign, m & Long.MAX_VALUE};               // denormal
            case 2: return new long[] {sign | 0x7fff, Long.MIN_VALUE};          // infinity
            case 3: return new long[] {sign | 0x7fff, m | Long.MIN_VALUE};      // NaN
            case 4: return new long[] {sign | rnd.nextInt(0x7fff), m & Long.MAX_VALUE}; // unnormal or pseudo-denormal
            case 5: return new long[] {sign | rnd.nextInt(0x10000), m};          // anything
            default: return new long[] {sign | (0x3fff + rnd.nextInt(64) - 32), m | Long.MIN_VALUE};
        }
    }

    /** A 64-bit lane for integer operations: structured values as well as random bits. */
    long bits64() {
        switch (rnd.nextInt(6)) {
            case 0: return 0;
            case 1: return -1;
            case 2: return rnd.nextLong() & 0x00ff00ff00ff00ffL;
            case 3: return 0x8000800080008000L ^ (rnd.nextLong() & 0x0101010101010101L);
            case 4: return (long) float32() << 32 | (float32() & 0xffffffffL);
            default: return rnd.nextLong();
        }
    }
}
