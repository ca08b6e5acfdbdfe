package org.plugboard.cpu.x86.fp;

/**
 * The floating-point environment an operation runs in: rounding, masks and DAZ/FTZ set by the caller,
 * exception flags OR-ed in by the operation. One per floating-point unit; not thread-safe.
 */
public final class FpEnv {
    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
    public static final int RN = 0, RD = 1, RU = 2, RZ = 3;

    public int rounding;
    public boolean daz, ftz;
    public int masks;
    public int flags;
    /**
     * x87 semantics instead of SSE: with overflow/underflow unmasked the result is delivered with its
     * exponent wrapped by 3 * 2^(exponent bits - 2), 24576 for the 80-bit format (SDM vol. 1, 8.5.3/8.5.4). (Tininess is detected after rounding for both units: that
     * is what this machine's x87 does, tested in Extended80Test.)
     */
    public boolean x87;
    /** After an x87-mode operation: the result's magnitude was rounded up (FSW.C1). */
    public boolean roundedUp;
    /** The sign/exponent word of the last 80-bit result ({@link Extended80} returns the significand). */
    public int sexp;

    // Scratch outputs of the core (biased exponent field, sign, and a 64-bit division remainder):
    // they let the core hand back several values without allocating.
    int rexp;
    boolean rneg;
    long rem;
    boolean inexact;
    /** Extra results of some x87 operations (FPREM quotient bits, FSIN range, FBSTP's top bytes). */
    int aux;
}
