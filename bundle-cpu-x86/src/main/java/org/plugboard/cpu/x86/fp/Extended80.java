package org.plugboard.cpu.x86.fp;

import static org.plugboard.cpu.x86.fp.FpEnv.*;

/**
 * The x87's 80-bit extended format (SDM vol. 1, 4.2.2 and 8.2): a value is a 16-bit sign/exponent word
 * and a 64-bit significand with an explicit integer bit. Operations take (sexp, mant) pairs, return the
 * result's significand and leave its sign/exponent word in {@code e.sexp}; they run on the shared rounding
 * core in x87 mode (wrapped exponents when overflow/underflow are unmasked).
 * Encodings the 387 and later reject (pseudo-NaN, pseudo-infinity, unnormal) are invalid operands;
 * pseudo-denormals are read as denormals with the minimum exponent.
 */
public final class Extended80 {
    /** Classes of an operand. */
    public static final int ZERO = 0, DENORMAL = 1, NORMAL = 2, INFINITY = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;
    public static final int INDEFINITE_SEXP = 0xffff;
    public static final long INDEFINITE_MANT = 0xc000000000000000L;
    public static final long INTEGER_BIT = Long.MIN_VALUE;
    private static final int BIAS = 16383;

    private Extended80() {
    }

    public static int classify(int sexp, long mant) {
        int exp = sexp & 0x7fff;
        if (exp == 0) return mant == 0 ? ZERO : DENORMAL;
        if (mant >= 0) return UNSUPPORTED;
        if (exp != 0x7fff) return NORMAL;
        if (mant == INTEGER_BIT) return INFINITY;
        return (mant & (1L << 62)) != 0 ? QNAN : SNAN;
    }

    public static boolean isNaN(int sexp, long mant) {
        int c = classify(sexp, mant);
        return c == QNAN || c == SNAN;
    }

    static boolean neg(int sexp) {
        return (sexp & 0x8000) != 0;
    }

    /** Unbiased exponent of a finite non-zero operand, denormals normalised. */
    static int unpackExp(int sexp, long mant) {
        int exp = sexp & 0x7fff;
        return exp == 0 ? 1 - BIAS - Long.numberOfLeadingZeros(mant) : exp - BIAS;
    }

    static long unpackSig(long mant) {
        return mant << Long.numberOfLeadingZeros(mant);
    }

    /** The precision-control formats (FCW.PC: 0 single, 2 double, 3 extended; the reserved 1 is taken as extended). */
    public static FpFormat precision(int pc) {
        return pc == 0 ? FpFormat.EXTENDED24 : pc == 2 ? FpFormat.EXTENDED53 : FpFormat.EXTENDED;
    }

    private static long result(boolean neg, long sig, FpFormat f, FpEnv e) {
        int exp = e.rexp;
        long mant = exp == 0x7fff && sig == 0 ? INTEGER_BIT : sig << (64 - f.precision);
        e.sexp = (neg ? 0x8000 : 0) | (exp & 0x7fff);
        return mant;
    }

    static long value(int sexp, long mant, FpEnv e) {
        e.sexp = sexp;
        return mant;
    }

    static long indefinite(FpEnv e) {
        e.flags |= IE;
        e.sexp = INDEFINITE_SEXP;
        return INDEFINITE_MANT;
    }

    /** Quiets a NaN operand (sets IE for a signalling one). */
    public static long quietNaN(int sexp, long mant, FpEnv e) {
        if (classify(sexp, mant) == SNAN) e.flags |= IE;
        e.sexp = sexp;
        return mant | (1L << 62);
    }

    /**
     * The x87 NaN result of a two-operand operation with a NaN or unsupported operand (SDM vol. 1,
     * table 4-7): an unsupported operand gives the indefinite; of two NaNs a QNaN beats an SNaN and
     * otherwise the larger significand wins; the result is quiet.
     */
    public static long propagate(int as, long am, int bs, long bm, FpEnv e) {
        int ca = classify(as, am), cb = classify(bs, bm);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) return indefinite(e);
        if (ca == SNAN || cb == SNAN) e.flags |= IE;
        boolean an = ca == QNAN || ca == SNAN, bn = cb == QNAN || cb == SNAN;
        boolean pickA;
        if (an && bn) {
            if (ca != cb) pickA = ca == QNAN;
            else {
                int c = Long.compareUnsigned(am << 1, bm << 1);
                pickA = c > 0 || (c == 0 && !neg(as));
            }
        } else pickA = an;
        e.sexp = pickA ? as : bs;
        return (pickA ? am : bm) | (1L << 62);
    }

    private static boolean special(int c) {
        return c >= QNAN;
    }

    private static void denormal(int ca, int cb, FpEnv e) {
        if (ca == DENORMAL || cb == DENORMAL) e.flags |= DE;
    }

    /** a + b (b's sign flipped when subtract), rounded to the precision format f. */
    public static long add(int as, long am, int bs, long bm, boolean subtract, FpFormat f, FpEnv e) {
        int ca = classify(as, am), cb = classify(bs, bm);
        e.roundedUp = false;
        if (special(ca) || special(cb)) return propagate(as, am, bs, bm, e);
        boolean an = neg(as), bn = neg(bs) ^ subtract;
        if (ca == INFINITY && cb == INFINITY && an != bn) return indefinite(e);
        denormal(ca, cb, e);
        if (ca == INFINITY) return value(as, am, e);
        if (cb == INFINITY) return value((bs & 0x7fff) | (bn ? 0x8000 : 0), bm, e);
        if (ca == ZERO && cb == ZERO) return value(FpCore.zeroSumSign(an, bn, e) ? 0x8000 : 0, 0, e);
        if (cb == ZERO) return roundOnly(an, as, am, f, e);
        if (ca == ZERO) return roundOnly(bn, bs, bm, f, e);
        long sig = FpCore.add(an, unpackExp(as, am), unpackSig(am), bn, unpackExp(bs, bm), unpackSig(bm), f, e);
        if (e.rexp == 0 && sig == 0) return value(e.rneg ? 0x8000 : 0, 0, e);
        return result(e.rneg, sig, f, e);
    }

    /** A finite non-zero value rounded to format f (precision control, denormal results). */
    public static long roundOnly(boolean neg, int sexp, long mant, FpFormat f, FpEnv e) {
        long sig = FpCore.round(neg, unpackExp(sexp, mant), unpackSig(mant), 0, f, e);
        return result(neg, sig, f, e);
    }

    public static long mul(int as, long am, int bs, long bm, FpFormat f, FpEnv e) {
        int ca = classify(as, am), cb = classify(bs, bm);
        e.roundedUp = false;
        if (special(ca) || special(cb)) return propagate(as, am, bs, bm, e);
        boolean n = neg(as) ^ neg(bs);
        if ((ca == INFINITY && cb == ZERO) || (ca == ZERO && cb == INFINITY)) return indefinite(e);
        denormal(ca, cb, e);
        if (ca == INFINITY || cb == INFINITY) return value((n ? 0x8000 : 0) | 0x7fff, INTEGER_BIT, e);
        if (ca == ZERO || cb == ZERO) return value(n ? 0x8000 : 0, 0, e);
        long sig = FpCore.mul(n, unpackExp(as, am), unpackSig(am), unpackExp(bs, bm), unpackSig(bm), f, e);
        return result(n, sig, f, e);
    }

    public static long div(int as, long am, int bs, long bm, FpFormat f, FpEnv e) {
        int ca = classify(as, am), cb = classify(bs, bm);
        e.roundedUp = false;
        if (special(ca) || special(cb)) return propagate(as, am, bs, bm, e);
        boolean n = neg(as) ^ neg(bs);
        if ((ca == INFINITY && cb == INFINITY) || (ca == ZERO && cb == ZERO)) return indefinite(e);
        if (cb == ZERO && ca != INFINITY) {
            e.flags |= ZE; // the host reports no DE for a denormal dividend here
            return value((n ? 0x8000 : 0) | 0x7fff, INTEGER_BIT, e);
        }
        denormal(ca, cb, e);
        if (ca == INFINITY) return value((n ? 0x8000 : 0) | 0x7fff, INTEGER_BIT, e);
        if (ca == ZERO || cb == INFINITY) return value(n ? 0x8000 : 0, 0, e);
        long sig = FpCore.div(n, unpackExp(as, am), unpackSig(am), unpackExp(bs, bm), unpackSig(bm), f, e);
        return result(n, sig, f, e);
    }

    public static long sqrt(int as, long am, FpFormat f, FpEnv e) {
        int ca = classify(as, am);
        e.roundedUp = false;
        if (ca == UNSUPPORTED) return indefinite(e);
        if (special(ca)) return quietNaN(as, am, e);
        if (ca == ZERO) return value(as, am, e);
        if (neg(as)) {
            return indefinite(e);
        }
        denormal(ca, ca, e);
        if (ca == INFINITY) return value(as, am, e);
        long sig = FpCore.sqrt(unpackExp(as, am), unpackSig(am), f, e);
        return result(false, sig, f, e);
    }

    /** FRNDINT: rounds to an integral value by e.rounding. */
    public static long roundToInteger(int as, long am, FpEnv e) {
        int ca = classify(as, am);
        e.roundedUp = false;
        if (ca == UNSUPPORTED) return indefinite(e);
        if (special(ca)) return quietNaN(as, am, e);
        if (ca == ZERO || ca == INFINITY) return value(as, am, e);
        denormal(ca, ca, e);
        int exp = unpackExp(as, am);
        if (exp >= 63) return value(as, am, e);
        boolean n = neg(as);
        long m = FpCore.toInteger(n, exp, unpackSig(am), e.rounding, e);
        if (e.inexact) e.flags |= PE;
        if (m == 0) return value(n ? 0x8000 : 0, 0, e);
        int lz = Long.numberOfLeadingZeros(m);
        e.sexp = (n ? 0x8000 : 0) | (63 - lz + BIAS);
        return m << lz;
    }

    /** Comparison results, as in {@link SoftFloat}. */
    public static int compare(int as, long am, int bs, long bm, boolean quietNaNsSignal, FpEnv e) {
        int ca = classify(as, am), cb = classify(bs, bm);
        if (ca == UNSUPPORTED || cb == UNSUPPORTED) {
            e.flags |= IE;
            return SoftFloat.UNORDERED;
        }
        if (special(ca) || special(cb)) {
            if (quietNaNsSignal || ca == SNAN || cb == SNAN) e.flags |= IE;
            return SoftFloat.UNORDERED;
        }
        denormal(ca, cb, e);
        if (ca == ZERO && cb == ZERO) return SoftFloat.EQ;
        boolean an = neg(as) && ca != ZERO, bn = neg(bs) && cb != ZERO;
        if (ca == ZERO) return bn ? SoftFloat.GT : SoftFloat.LT;
        if (cb == ZERO) return an ? SoftFloat.LT : SoftFloat.GT;
        if (an != bn) return an ? SoftFloat.LT : SoftFloat.GT;
        int c;
        if (ca == INFINITY || cb == INFINITY) c = ca == cb ? 0 : ca == INFINITY ? 1 : -1;
        else {
            int ea = unpackExp(as, am), eb = unpackExp(bs, bm);
            c = ea != eb ? Integer.compare(ea, eb) : Long.compareUnsigned(unpackSig(am), unpackSig(bm));
        }
        if (c == 0) return SoftFloat.EQ;
        return (c < 0) ^ an ? SoftFloat.LT : SoftFloat.GT;
    }

    // ---- conversions

    /** FLD m32 / m64: exact; an SNaN is quieted (IE), a denormal source raises DE. */
    public static long fromBinary(long bits, boolean wide, FpEnv e) {
        long m = widen(bits, wide, e);
        return isNaN(e.sexp, m) ? quietNaN(e.sexp, m, e) : m;
    }

    /** A binary32/binary64 value as an 80-bit one, exactly: NaNs keep their signalling bit; DE for denormals. */
    public static long widen(long bits, boolean wide, FpEnv e) {
        int fb = wide ? 52 : 23, emax = wide ? 0x7ff : 0xff, bias = wide ? 1023 : 127;
        boolean n = wide ? bits < 0 : (bits & 0x80000000L) != 0;
        int exp = (int) (bits >>> fb) & emax;
        long frac = bits & ((1L << fb) - 1);
        int sign = n ? 0x8000 : 0;
        e.roundedUp = false;
        if (exp == emax) {
            if (frac == 0) return value(sign | 0x7fff, INTEGER_BIT, e);
            e.sexp = sign | 0x7fff;
            return INTEGER_BIT | (frac << (63 - fb));
        }
        if (exp == 0) {
            if (frac == 0) return value(sign, 0, e);
            e.flags |= DE;
            int lz = Long.numberOfLeadingZeros(frac);
            e.sexp = sign | (1 - bias + BIAS - (lz - (63 - fb)));
            return frac << lz;
        }
        e.sexp = sign | (exp - bias + BIAS);
        return INTEGER_BIT | (frac << (63 - fb));
    }

    /** FST m32 / m64: rounded by e.rounding to binary32 (wide false) or binary64. */
    public static long toBinary(int as, long am, boolean wide, FpEnv e) {
        FpFormat f = wide ? FpFormat.BINARY64 : FpFormat.BINARY32;
        int fb = wide ? 52 : 23, sshift = wide ? 63 : 31;
        long emaxField = wide ? 0x7ffL : 0xffL;
        int ca = classify(as, am);
        long sign = neg(as) ? 1L << sshift : 0;
        e.roundedUp = false;
        if (ca == UNSUPPORTED) {
            e.flags |= IE;
            return (1L << sshift) | (emaxField << fb) | (1L << (fb - 1));
        }
        if (special(ca)) {
            if (ca == SNAN) e.flags |= IE;
            return sign | (emaxField << fb) | (1L << (fb - 1)) | ((am << 1) >>> (64 - fb));
        }
        if (ca == ZERO) return sign;
        if (ca == INFINITY) return sign | (emaxField << fb); // FST raises no DE for a denormal source
        long sig = FpCore.round(neg(as), unpackExp(as, am), unpackSig(am), 0, f, e);
        long exp = e.rexp;
        if (exp == f.maxExp + 1) return sign | (emaxField << fb);
        return sign | ((exp & emaxField) << fb) | (sig & ((1L << fb) - 1));
    }

    /** FILD: exact. */
    public static long fromInteger(long v, FpEnv e) {
        e.roundedUp = false;
        if (v == 0) return value(0, 0, e);
        boolean n = v < 0;
        long m = n ? -v : v;
        int lz = Long.numberOfLeadingZeros(m);
        e.sexp = (n ? 0x8000 : 0) | (63 - lz + BIAS);
        return m << lz;
    }

    /**
     * FIST/FISTP/FISTTP: rounded (or truncated) to a signed integer of the given width in bits; NaNs,
     * infinities and out-of-range values give the integer indefinite with IE.
     */
    public static long toInteger(int as, long am, int bits, boolean truncate, FpEnv e) {
        long indefinite = 1L << (bits - 1);
        int ca = classify(as, am);
        e.roundedUp = false;
        if (ca == ZERO) return 0;
        if (ca >= INFINITY) {
            e.flags |= IE;
            return indefinite;
        }
        boolean n = neg(as); // FIST raises no DE for a denormal source
        long m = FpCore.toInteger(n, unpackExp(as, am), unpackSig(am), truncate ? RZ : e.rounding, e);
        boolean up = e.roundedUp;
        if (e.rexp != 0 || Long.compareUnsigned(m, indefinite) > 0 || (m == indefinite && !n)) {
            e.flags |= IE;
            e.roundedUp = false;
            return indefinite;
        }
        if (e.inexact) e.flags |= PE;
        e.roundedUp = up;
        long v = n ? -m : m;
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }
}
