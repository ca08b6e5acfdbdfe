package org.plugboard.cpu.x86.fp;

import static org.plugboard.cpu.x86.fp.FpEnv.*;

/**
 * SSE semantics for binary32 and binary64 (bits in int / long): IEEE 754 arithmetic in all four
 * rounding modes with the x86 rules for NaNs (a NaN in the first source wins, SNaNs are quieted,
 * invalid operations give the default NaN), tininess after rounding, DAZ and FTZ. Both widths run
 * through one implementation on the interchange layout (binary32 bits zero-extended in a long) and the
 * shared rounding core {@link FpCore}.
 */
public final class SoftFloat {
    public static final int LT = 0, EQ = 1, GT = 2, UNORDERED = 3;
    private static final FpFormat F32 = FpFormat.BINARY32, F64 = FpFormat.BINARY64;

    private SoftFloat() {
    }

    public static int add32(int a, int b, FpEnv e) { return (int) addSub(a & 0xffffffffL, b & 0xffffffffL, false, F32, e); }
    public static int sub32(int a, int b, FpEnv e) { return (int) addSub(a & 0xffffffffL, b & 0xffffffffL, true, F32, e); }
    public static int mul32(int a, int b, FpEnv e) { return (int) mul(a & 0xffffffffL, b & 0xffffffffL, F32, e); }
    public static int div32(int a, int b, FpEnv e) { return (int) div(a & 0xffffffffL, b & 0xffffffffL, F32, e); }
    public static int sqrt32(int a, FpEnv e) { return (int) sqrt(a & 0xffffffffL, F32, e); }
    public static long add64(long a, long b, FpEnv e) { return addSub(a, b, false, F64, e); }
    public static long sub64(long a, long b, FpEnv e) { return addSub(a, b, true, F64, e); }
    public static long mul64(long a, long b, FpEnv e) { return mul(a, b, F64, e); }
    public static long div64(long a, long b, FpEnv e) { return div(a, b, F64, e); }
    public static long sqrt64(long a, FpEnv e) { return sqrt(a, F64, e); }

    public static int f64to32(long a, FpEnv e) { return (int) convert(a, F64, F32, e); }
    public static long f32to64(int a, FpEnv e) { return convert(a & 0xffffffffL, F32, F64, e); }
    public static int i32to32(int v, FpEnv e) { return (int) fromInt(v, F32, e); }
    public static long i32to64(int v, FpEnv e) { return fromInt(v, F64, e); }
    public static int i64to32(long v, FpEnv e) { return (int) fromInt(v, F32, e); }
    public static long i64to64(long v, FpEnv e) { return fromInt(v, F64, e); }
    public static int f32toI32(int a, boolean truncate, FpEnv e) { return (int) toInt(a & 0xffffffffL, truncate, false, F32, e); }
    public static long f32toI64(int a, boolean truncate, FpEnv e) { return toInt(a & 0xffffffffL, truncate, true, F32, e); }
    public static int f64toI32(long a, boolean truncate, FpEnv e) { return (int) toInt(a, truncate, false, F64, e); }
    public static long f64toI64(long a, boolean truncate, FpEnv e) { return toInt(a, truncate, true, F64, e); }
    public static int roundInt32(int a, int rounding, boolean suppressInexact, FpEnv e) {
        return (int) roundInt(a & 0xffffffffL, rounding, suppressInexact, F32, e);
    }
    public static long roundInt64(long a, int rounding, boolean suppressInexact, FpEnv e) {
        return roundInt(a, rounding, suppressInexact, F64, e);
    }
    public static int compare32(int a, int b, boolean quietNaNsSignal, FpEnv e) {
        return compare(a & 0xffffffffL, b & 0xffffffffL, quietNaNsSignal, F32, e);
    }
    public static int compare64(long a, long b, boolean quietNaNsSignal, FpEnv e) {
        return compare(a, b, quietNaNsSignal, F64, e);
    }

    // ---- the interchange layout of a format

    private static int fracBits(FpFormat f) { return f.precision - 1; }
    private static int signShift(FpFormat f) { return f == F32 ? 31 : 63; }
    private static int expField(long a, FpFormat f) { return (int) (a >>> fracBits(f)) & (f.maxExp + 1); }
    private static long frac(long a, FpFormat f) { return a & ((1L << fracBits(f)) - 1); }
    private static boolean neg(long a, FpFormat f) { return ((a >>> signShift(f)) & 1) != 0; }
    private static long signBit(FpFormat f) { return 1L << signShift(f); }
    private static boolean isNaN(long a, FpFormat f) { return expField(a, f) == f.maxExp + 1 && frac(a, f) != 0; }
    private static boolean isSNaN(long a, FpFormat f) { return isNaN(a, f) && (frac(a, f) >>> (fracBits(f) - 1)) == 0; }
    private static boolean isInf(long a, FpFormat f) { return expField(a, f) == f.maxExp + 1 && frac(a, f) == 0; }
    private static boolean isZero(long a, FpFormat f) { return (a & (signBit(f) - 1)) == 0; }
    private static boolean isDenormal(long a, FpFormat f) { return expField(a, f) == 0 && frac(a, f) != 0; }
    private static long quiet(long a, FpFormat f) { return a | (1L << (fracBits(f) - 1)); }
    private static long defaultNaN(FpFormat f) { return signBit(f) | ((long) (f.maxExp + 1) << fracBits(f)) | (1L << (fracBits(f) - 1)); }
    private static long infinity(boolean neg, FpFormat f) { return (neg ? signBit(f) : 0) | ((long) (f.maxExp + 1) << fracBits(f)); }
    private static long zero(boolean neg, FpFormat f) { return neg ? signBit(f) : 0; }

    /** The unbiased exponent of a finite non-zero value, with denormals normalised. */
    private static int unpackExp(long a, FpFormat f) {
        int ef = expField(a, f);
        if (ef != 0) return ef - f.bias;
        return 1 - f.bias - (Long.numberOfLeadingZeros(frac(a, f)) - (63 - fracBits(f)));
    }

    /** The significand of a finite non-zero value, normalised to bit 63. */
    private static long unpackSig(long a, FpFormat f) {
        int ef = expField(a, f);
        long m = frac(a, f) | (ef != 0 ? 1L << fracBits(f) : 0);
        return m << Long.numberOfLeadingZeros(m);
    }

    private static long pack(boolean neg, long sig, FpEnv e, FpFormat f) {
        long mag = e.rexp == f.maxExp + 1 ? (long) e.rexp << fracBits(f)
                : ((long) e.rexp << fracBits(f)) | frac(sig, f);
        return (neg ? signBit(f) : 0) | mag;
    }

    /** DAZ: a denormal source reads as a signed zero. */
    private static long daz(long a, FpFormat f, FpEnv e) {
        return e.daz && isDenormal(a, f) ? a & signBit(f) : a;
    }

    /** The x86 (SSE) NaN result of a two-source operation where at least one source is a NaN. */
    private static long propagate(long a, long b, FpFormat f, FpEnv e) {
        if (isSNaN(a, f) || isSNaN(b, f)) e.flags |= IE;
        return quiet(isNaN(a, f) ? a : b, f);
    }

    private static long invalid(FpFormat f, FpEnv e) {
        e.flags |= IE;
        return defaultNaN(f);
    }

    private static void denormalCheck(long a, long b, FpFormat f, FpEnv e) {
        if (isDenormal(a, f) || isDenormal(b, f)) e.flags |= DE;
    }

    // ---- operations

    private static long addSub(long a, long b, boolean subtract, FpFormat f, FpEnv e) {
        a = daz(a, f, e);
        b = daz(b, f, e);
        if (isNaN(a, f) || isNaN(b, f)) return propagate(a, b, f, e);
        boolean an = neg(a, f), bn = neg(b, f) ^ subtract;
        if (isInf(a, f) && isInf(b, f) && an != bn) return invalid(f, e);
        denormalCheck(a, b, f, e);
        if (isInf(a, f)) return a;
        if (isInf(b, f)) return infinity(bn, f);
        if (isZero(a, f) && isZero(b, f)) return zero(FpCore.zeroSumSign(an, bn, e), f);
        if (isZero(b, f)) return roundOnly(a, f, e);
        if (isZero(a, f)) return roundOnly(b ^ (subtract ? signBit(f) : 0), f, e);
        long sig = FpCore.add(an, unpackExp(a, f), unpackSig(a, f), bn, unpackExp(b, f), unpackSig(b, f), f, e);
        return pack(e.rneg, sig, e, f);
    }

    /** A finite non-zero operand passed through unchanged except for FTZ-style tininess handling. */
    private static long roundOnly(long a, FpFormat f, FpEnv e) {
        boolean n = neg(a, f);
        long sig = FpCore.round(n, unpackExp(a, f), unpackSig(a, f), 0, f, e);
        return pack(n, sig, e, f);
    }

    private static long mul(long a, long b, FpFormat f, FpEnv e) {
        a = daz(a, f, e);
        b = daz(b, f, e);
        if (isNaN(a, f) || isNaN(b, f)) return propagate(a, b, f, e);
        boolean n = neg(a, f) ^ neg(b, f);
        if ((isInf(a, f) && isZero(b, f)) || (isZero(a, f) && isInf(b, f))) return invalid(f, e);
        denormalCheck(a, b, f, e);
        if (isInf(a, f) || isInf(b, f)) return infinity(n, f);
        if (isZero(a, f) || isZero(b, f)) return zero(n, f);
        long sig = FpCore.mul(n, unpackExp(a, f), unpackSig(a, f), unpackExp(b, f), unpackSig(b, f), f, e);
        return pack(n, sig, e, f);
    }

    private static long div(long a, long b, FpFormat f, FpEnv e) {
        a = daz(a, f, e);
        b = daz(b, f, e);
        if (isNaN(a, f) || isNaN(b, f)) return propagate(a, b, f, e);
        boolean n = neg(a, f) ^ neg(b, f);
        if ((isInf(a, f) && isInf(b, f)) || (isZero(a, f) && isZero(b, f))) return invalid(f, e);
        if (isZero(b, f) && !isInf(a, f)) {
            e.flags |= ZE; // the host reports no DE for a denormal dividend here
            return infinity(n, f);
        }
        denormalCheck(a, b, f, e);
        if (isInf(a, f)) return infinity(n, f);
        if (isZero(a, f) || isInf(b, f)) return zero(n, f);
        long sig = FpCore.div(n, unpackExp(a, f), unpackSig(a, f), unpackExp(b, f), unpackSig(b, f), f, e);
        return pack(n, sig, e, f);
    }

    private static long sqrt(long a, FpFormat f, FpEnv e) {
        a = daz(a, f, e);
        if (isNaN(a, f)) return propagate(a, a, f, e);
        if (isZero(a, f)) return a;
        if (neg(a, f)) return invalid(f, e);
        if (isDenormal(a, f)) e.flags |= DE;
        if (isInf(a, f)) return a;
        long sig = FpCore.sqrt(unpackExp(a, f), unpackSig(a, f), f, e);
        return pack(false, sig, e, f);
    }

    private static long convert(long a, FpFormat from, FpFormat to, FpEnv e) {
        a = daz(a, from, e);
        boolean n = neg(a, from);
        if (isNaN(a, from)) {
            if (isSNaN(a, from)) e.flags |= IE;
            long payload = frac(a, from);
            long p = to.precision > from.precision ? payload << (to.precision - from.precision) : payload >>> (from.precision - to.precision);
            return quiet(infinity(n, to) | p, to);
        }
        if (isInf(a, from)) return infinity(n, to);
        if (isZero(a, from)) return zero(n, to);
        if (isDenormal(a, from)) e.flags |= DE;
        long sig = FpCore.round(n, unpackExp(a, from), unpackSig(a, from), 0, to, e);
        return pack(n, sig, e, to);
    }

    private static long fromInt(long v, FpFormat f, FpEnv e) {
        if (v == 0) return 0;
        boolean n = v < 0;
        long m = n ? -v : v;
        int lz = Long.numberOfLeadingZeros(m);
        long sig = FpCore.round(n, 63 - lz, m << lz, 0, f, e);
        return pack(n, sig, e, f);
    }

    private static long toInt(long a, boolean truncate, boolean wide, FpFormat f, FpEnv e) {
        long indefinite = wide ? Long.MIN_VALUE : 0x80000000L;
        a = daz(a, f, e);
        if (isNaN(a, f) || isInf(a, f)) {
            e.flags |= IE;
            return indefinite;
        }
        if (isZero(a, f)) return 0;
        boolean n = neg(a, f);
        long m = FpCore.toInteger(n, unpackExp(a, f), unpackSig(a, f), truncate ? RZ : e.rounding, e);
        long limit = wide ? Long.MIN_VALUE : 0x80000000L; // magnitude limit (inclusive for negative values)
        if (e.rexp != 0 || Long.compareUnsigned(m, limit) > 0 || (m == limit && !n)) {
            e.flags |= IE;
            return indefinite;
        }
        if (e.inexact) e.flags |= PE;
        return wide ? (n ? -m : m) : (n ? -m : m) & 0xffffffffL;
    }

    private static long roundInt(long a, int rounding, boolean suppressInexact, FpFormat f, FpEnv e) {
        a = daz(a, f, e);
        if (isNaN(a, f)) return propagate(a, a, f, e);
        if (isInf(a, f) || isZero(a, f)) return a;
        int exp = unpackExp(a, f);
        if (exp >= fracBits(f)) return a;
        boolean n = neg(a, f);
        long m = FpCore.toInteger(n, exp, unpackSig(a, f), rounding, e);
        if (e.inexact && !suppressInexact) e.flags |= PE;
        if (m == 0) return zero(n, f);
        int lz = Long.numberOfLeadingZeros(m);
        long sig = FpCore.round(n, 63 - lz, m << lz, 0, f, e); // exact: the integer fits the precision
        return pack(n, sig, e, f);
    }

    private static int compare(long a, long b, boolean quietNaNsSignal, FpFormat f, FpEnv e) {
        a = daz(a, f, e);
        b = daz(b, f, e);
        if (isNaN(a, f) || isNaN(b, f)) {
            if (quietNaNsSignal || isSNaN(a, f) || isSNaN(b, f)) e.flags |= IE;
            return UNORDERED;
        }
        denormalCheck(a, b, f, e);
        if (isZero(a, f) && isZero(b, f)) return EQ;
        boolean an = neg(a, f), bn = neg(b, f);
        if (an != bn) return an ? LT : GT;
        long ma = a & (signBit(f) - 1), mb = b & (signBit(f) - 1);
        if (ma == mb) return EQ;
        return (ma < mb) ^ an ? LT : GT;
    }
}
