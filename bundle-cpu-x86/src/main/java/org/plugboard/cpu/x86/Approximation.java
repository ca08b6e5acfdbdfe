package org.plugboard.cpu.x86;

/**
 * RCPPS/RCPSS and RSQRTPS/RSQRTSS. The manuals only bound the relative error (1.5 * 2^-12) and
 * Intel and AMD parts return different bits; this CPU returns the correctly rounded value, which
 * is within the bound. Denormal inputs count as zero and tiny results are flushed to zero as Intel
 * documents (this AMD host sometimes returns a denormal instead); no MXCSR flags are raised.
 */
final class Approximation {
    private static final int QNAN_INDEFINITE = 0xffc00000;

    private Approximation() {
    }

    static int rcp(int a) {
        int sign = a & 0x80000000, exp = (a >>> 23) & 0xff;
        if (exp == 0xff) return (a & 0x7fffff) != 0 ? a | 0x400000 : sign; // NaN quieted; 1/inf = 0
        if (exp == 0) return sign | 0x7f800000;                            // zero or denormal: infinity
        int bits = Float.floatToRawIntBits(1.0f / Float.intBitsToFloat(a));
        return ((bits >>> 23) & 0xff) == 0 ? sign : bits;                  // tiny results are flushed (Intel)
    }

    static int rsqrt(int a) {
        int sign = a & 0x80000000, exp = (a >>> 23) & 0xff;
        if (exp == 0xff && (a & 0x7fffff) != 0) return a | 0x400000;
        if (exp == 0) return sign | 0x7f800000;                            // ±0 or denormal: ±infinity
        if (sign != 0) return QNAN_INDEFINITE;
        if (exp == 0xff) return 0;
        return Float.floatToRawIntBits((float) (1.0 / Math.sqrt(Float.intBitsToFloat(a))));
    }
}
