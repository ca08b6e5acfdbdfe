package org.plugboard.cpu.x86.fp;

/**
 * A binary floating-point format as the rounding core sees it: precision and exponent range.
 * The x87's precision control gives the extended formats with 24 and 53 bits, which keep the
 * extended exponent range.
 */
public final class FpFormat {
    public static final FpFormat BINARY32 = new FpFormat(24, 127, 254);
    public static final FpFormat BINARY64 = new FpFormat(53, 1023, 2046);
    public static final FpFormat EXTENDED = new FpFormat(64, 16383, 32766);
    public static final FpFormat EXTENDED53 = new FpFormat(53, 16383, 32766);
    public static final FpFormat EXTENDED24 = new FpFormat(24, 16383, 32766);

    /** Significand bits including the leading one. */
    public final int precision;
    public final int bias;
    /** Largest biased exponent of a finite number; maxExp + 1 encodes infinities and NaNs. */
    public final int maxExp;

    private FpFormat(int precision, int bias, int maxExp) {
        this.precision = precision;
        this.bias = bias;
        this.maxExp = maxExp;
    }
}
