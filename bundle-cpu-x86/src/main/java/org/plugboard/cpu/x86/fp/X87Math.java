package org.plugboard.cpu.x86.fp;

import static org.plugboard.cpu.x86.fp.Extended80.*;
import static org.plugboard.cpu.x86.fp.FpEnv.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The x87 operations beyond the basic arithmetic: FSCALE, FXTRACT, FPREM/FPREM1, packed BCD and the
 * transcendentals. The transcendentals are evaluated in decimal with about 200 bits (BigDecimal series
 * after argument reduction with a 330-bit pi) and then rounded once by the shared core, so they are
 * correctly rounded in almost all cases; the SDM promises only 1 ulp, and the tests compare them with
 * the host within 1 ulp. They allocate: they are rare and slow on hardware too.
 */
public final class X87Math {
    public static final int FSIN = 0, FCOS = 1, FTAN = 2, F2XM1 = 3;
    public static final int FYL2X = 10, FYL2XP1 = 11, FPATAN = 12;
    private static final MathContext MC = new MathContext(64, RoundingMode.HALF_EVEN);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798");
    private static final BigDecimal LN2 = new BigDecimal(
            "0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586332699641868754");
    /** Arguments up to 2^63 lose 19 digits in the reduction: it keeps 100. */
    private static final MathContext REDUCTION = new MathContext(100, RoundingMode.HALF_EVEN);
    private static final BigDecimal HALF_PI = PI.divide(BigDecimal.valueOf(2), REDUCTION);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /** Scaling by powers of two keeps this many digits (well beyond the 64 bits of a result and its sticky bit). */
    private static final MathContext WIDE = new MathContext(90, RoundingMode.HALF_EVEN);
    private static final int AUX_OUT_OF_RANGE = 0x100, AUX_INCOMPLETE = 0x200, AUX_QUOTIENT = 0x400;
    /**
     * FSIN/FCOS/FPTAN reduce their argument with the x87's 66-bit pi (0xC90FDAA22168C234C / 2^66,
     * SDM vol. 1, 8.3.10), not the true pi: large arguments then give the hardware's results.
     */
    private static final BigDecimal HALF_PI66 = new BigDecimal(new BigInteger("C90FDAA22168C234C", 16))
            .divide(new BigDecimal(BigInteger.ONE.shiftLeft(67)));

    private X87Math() {
    }

    /** After FSIN/FCOS/FPTAN: the operand was outside +-2^63 and left alone (C2). */
    public static boolean outOfRange(FpEnv e) {
        return (e.aux & AUX_OUT_OF_RANGE) != 0;
    }

    /** After FPREM/FPREM1: the low three quotient bits (Q2 Q1 Q0). */
    public static int quotientBits(FpEnv e) {
        return e.aux & 7;
    }

    /** After FPREM/FPREM1: the quotient bits mean something (a finite non-zero remainder step was done). */
    public static boolean quotientValid(FpEnv e) {
        return (e.aux & AUX_QUOTIENT) != 0;
    }

    /** After FPREM/FPREM1: only a partial remainder was computed (C2). */
    public static boolean incomplete(FpEnv e) {
        return (e.aux & AUX_INCOMPLETE) != 0;
    }

    /** After toBcd: the top two bytes of the packed BCD (sign byte and the highest digits). */
    public static int bcdHigh(FpEnv e) {
        return e.aux & 0xffff;
    }

    // ---- FSCALE, FXTRACT, FPREM

    /** FSCALE: x * 2^trunc(y). */
    public static long scale(int xs, long xm, int ys, long ym, FpEnv e) {
        int cx = classify(xs, xm), cy = classify(ys, ym);
        e.roundedUp = false;
        if (cx >= QNAN || cy >= QNAN) return propagate(xs, xm, ys, ym, e);
        boolean yn = neg(ys);
        if (cy == INFINITY) {
            if ((cx == ZERO && !yn) || (cx == INFINITY && yn)) return indefinite(e);
            if (cx == DENORMAL) e.flags |= DE;
            if (cx == ZERO || cx == INFINITY) return value(xs, xm, e);
            return yn ? value(xs & 0x8000, 0, e) : value((xs & 0x8000) | 0x7fff, INTEGER_BIT, e);
        }
        if (cx == DENORMAL || cy == DENORMAL) e.flags |= DE;
        if (cx == ZERO || cx == INFINITY) return value(xs, xm, e);
        long n = 0;
        if (cy != ZERO) {
            int ey = unpackExp(ys, ym);
            if (ey >= 30) n = 1L << 30;
            else if (ey >= 0) n = unpackSig(ym) >>> (63 - ey);
            if (yn) n = -n;
        }
        long exp = unpackExp(xs, xm) + n;
        exp = Math.max(-(1 << 20), Math.min(1 << 20, exp));
        return roundOnlyAt(neg(xs), (int) exp, unpackSig(xm), FpFormat.EXTENDED, e);
    }

    private static long roundOnlyAt(boolean neg, int exp, long sig, FpFormat f, FpEnv e) {
        long s = FpCore.round(neg, exp, sig, 0, f, e);
        int x = e.rexp;
        e.sexp = (neg ? 0x8000 : 0) | (x & 0x7fff);
        return x == 0x7fff && s == 0 ? INTEGER_BIT : s << (64 - f.precision);
    }

    /** FXTRACT's significand part (the value with exponent 0); ZE for a zero operand. */
    public static long extractSignificand(int xs, long xm, FpEnv e) {
        int c = classify(xs, xm);
        e.roundedUp = false;
        if (c == UNSUPPORTED) return indefinite(e);
        if (c >= QNAN) return quietNaN(xs, xm, e);
        if (c == ZERO) {
            e.flags |= ZE;
            return value(xs, xm, e);
        }
        if (c == INFINITY) return value(xs, xm, e);
        if (c == DENORMAL) e.flags |= DE;
        e.sexp = (xs & 0x8000) | 0x3fff;
        return unpackSig(xm);
    }

    /** FXTRACT's exponent part (as a value; -infinity for zero, +infinity for an infinity). */
    public static long extractExponent(int xs, long xm, FpEnv e) {
        int c = classify(xs, xm);
        if (c == UNSUPPORTED) return value(INDEFINITE_SEXP, INDEFINITE_MANT, e);
        if (c >= QNAN) return value(xs, xm | (1L << 62), e);
        if (c == ZERO) return value(0xffff, INTEGER_BIT, e);
        if (c == INFINITY) return value(0x7fff, INTEGER_BIT, e);
        return fromInteger(unpackExp(xs, xm), e);
    }

    /**
     * FPREM (ieee false: quotient truncated) and FPREM1 (quotient rounded to nearest even) of x by y. When
     * the exponents differ by 64 or more, only a partial remainder is computed, reducing the exponent
     * difference by 32 to 63 (AMD's documented choice: N = 32 + difference mod 32).
     */
    public static long remainder(int xs, long xm, int ys, long ym, boolean ieee, FpEnv e) {
        int cx = classify(xs, xm), cy = classify(ys, ym);
        e.roundedUp = false;
        e.aux = 0;
        if (cx >= QNAN || cy >= QNAN) return propagate(xs, xm, ys, ym, e);
        if (cx == INFINITY || cy == ZERO) return indefinite(e);
        if (cx == DENORMAL || cy == DENORMAL) e.flags |= DE;
        if (cx == ZERO || cy == INFINITY) {
            e.aux = AUX_QUOTIENT; // quotient 0; x in its canonical encoding (a pseudo-denormal gets exponent 1)
            return value((xs & 0x7fff) == 0 && xm < 0 ? xs | 1 : xs, xm, e);
        }
        int ex = unpackExp(xs, xm), ey = unpackExp(ys, ym);
        BigInteger mx = new BigInteger(Long.toUnsignedString(unpackSig(xm))), my = new BigInteger(Long.toUnsignedString(unpackSig(ym)));
        int d = ex - ey;
        boolean n = neg(xs);
        if (d < 0) {
            if (ieee && d == -1 && mx.compareTo(my) > 0) // |x| > |y| / 2: the quotient rounds to 1
                return fromRemainder(!n, my.shiftLeft(1).subtract(mx), ex - 63, 1, e);
            // x itself (quotient 0), in its canonical encoding (a pseudo-denormal gets exponent 1)
            e.aux = AUX_QUOTIENT;
            return roundOnlyAt(n, ex, unpackSig(xm), FpFormat.EXTENDED, e);
        }
        int shift = d < 64 ? d : 32 + d % 32;
        BigInteger x = mx.shiftLeft(shift);
        BigInteger[] qr = x.divideAndRemainder(my);
        BigInteger q = qr[0], r = qr[1];
        if (d >= 64) {
            e.aux = AUX_INCOMPLETE;
            return fromRemainder(n, r, ex - shift - 63, 0, e);
        }
        if (ieee) {
            int c = r.shiftLeft(1).compareTo(my);
            if (c > 0 || (c == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                r = my.subtract(r);
                n = !n;
            }
        }
        return fromRemainder(n, r, ey - 63, q.intValue() & 7, e);
    }

    /** The remainder r * 2^unitExp as an 80-bit value (exact), with the quotient bits in e.aux. */
    private static long fromRemainder(boolean neg, BigInteger r, int unitExp, int q, FpEnv e) {
        e.aux = (e.aux & AUX_INCOMPLETE) | AUX_QUOTIENT | q;
        if (r.signum() == 0) return value(neg ? 0x8000 : 0, 0, e);
        int bits = r.bitLength();
        long sig = r.shiftLeft(64 - bits).longValue();
        return roundOnlyAt(neg, unitExp + bits - 1, sig, FpFormat.EXTENDED, e);
    }

    // ---- packed BCD

    /** FBLD: 18 packed decimal digits and a sign bit, exactly. */
    public static long fromBcd(long lo, int hi, FpEnv e) {
        long v = 0;
        for (int k = 0; k < 2; k++) v = v * 10 + ((hi >> (4 * (1 - k))) & 0xf);
        for (int k = 15; k >= 0; k--) v = v * 10 + ((lo >>> (4 * k)) & 0xf);
        boolean n = (hi & 0x8000) != 0;
        if (v == 0) return value(n ? 0x8000 : 0, 0, e);
        long m = fromInteger(v, e);
        e.sexp |= n ? 0x8000 : 0;
        return m;
    }

    /**
     * FBSTP: ST0 rounded to an integer by the rounding control, as 18 packed digits; NaNs, infinities and
     * values of 10^18 or more store the packed BCD indefinite with IE. Returns the low 8 bytes; the top
     * two are in e.aux ({@link #bcdHigh}).
     */
    public static long toBcd(int xs, long xm, FpEnv e) {
        int c = classify(xs, xm);
        e.roundedUp = false;
        boolean n = neg(xs);
        if (c == ZERO) {
            e.aux = n ? 0x8000 : 0;
            return 0;
        }
        if (c >= INFINITY) return bcdIndefinite(e); // no DE for a denormal source
        long m = FpCore.toInteger(n, unpackExp(xs, xm), unpackSig(xm), e.rounding, e);
        if (e.rexp != 0 || Long.compareUnsigned(m, 999_999_999_999_999_999L) > 0) {
            e.roundedUp = false;
            return bcdIndefinite(e);
        }
        if (e.inexact) e.flags |= PE;
        long lo = 0;
        for (int k = 0; k < 16; k++) {
            lo |= (m % 10) << (4 * k);
            m /= 10;
        }
        int hi = (int) (m % 10) | (int) ((m / 10) % 10) << 4;
        e.aux = hi | (n ? 0x8000 : 0);
        return lo;
    }

    private static long bcdIndefinite(FpEnv e) {
        e.flags |= IE;
        e.aux = 0xffff;
        return 0xc000000000000000L;
    }

    // ---- transcendentals

    /** FSIN, FCOS, FPTAN (tan only: FPTAN pushes the 1.0 itself) and F2XM1 on x. */
    public static long unary(int fn, int xs, long xm, FpEnv e) {
        int c = classify(xs, xm);
        e.roundedUp = false;
        e.aux = 0;
        if (c == UNSUPPORTED) return indefinite(e);
        if (c >= QNAN) return quietNaN(xs, xm, e);
        boolean n = neg(xs);
        if (fn == F2XM1) {
            if (c == INFINITY) return n ? value(0xbfff, INTEGER_BIT, e) : value(xs, xm, e);
        } else {
            if (c == INFINITY) return indefinite(e);
            if (c != ZERO && unpackExp(xs, xm) >= 63) {
                e.aux = AUX_OUT_OF_RANGE;
                return value(xs, xm, e);
            }
        }
        if (c == ZERO) return fn == FCOS ? value(0x3fff, INTEGER_BIT, e) : value(xs, xm, e);
        if (c == DENORMAL) e.flags |= DE;
        if (fn != F2XM1 && unpackExp(xs, xm) < -40) return tiny(fn, n, unpackExp(xs, xm), unpackSig(xm), e);
        BigDecimal x = toDecimal(xs, xm);
        BigDecimal r;
        switch (fn) {
            case FSIN: r = sinCos(x, false); break;
            case FCOS: r = sinCos(x, true); break;
            case FTAN: r = sinCos(x, false).divide(sinCos(x, true), MC); break;
            default: r = exp2m1(x); break;
        }
        return fromDecimal(r, e);
    }

    /**
     * sin, cos and tan of |x| < 2^-40, where the decimal evaluation would lose the tiny correction that
     * decides directed rounding and PE: sin x is just below x, cos x just below 1; tan x is x, as on the host.
     */
    private static long tiny(int fn, boolean neg, int exp, long sig, FpEnv e) {
        long s;
        if (fn == FCOS) {
            s = FpCore.round(false, -1, -1L, -1L, FpFormat.EXTENDED, e);
            neg = false;
        } else if (fn == FSIN) {
            s = FpCore.round(neg, sig == Long.MIN_VALUE ? exp - 1 : exp, sig == Long.MIN_VALUE ? -1L : sig - 1, -1L, FpFormat.EXTENDED, e);
        } else { // tan: the host returns x itself, inexact, in every rounding mode (within the 1 ulp promised)
            s = FpCore.round(neg, exp, sig, 0, FpFormat.EXTENDED, e);
            e.flags |= PE;
        }
        int x = e.rexp;
        e.sexp = (neg ? 0x8000 : 0) | (x & 0x7fff);
        return s;
    }

    /** FYL2X (y * log2 x), FYL2XP1 (y * log2(x + 1)) and FPATAN (atan(y / x) in the right quadrant). */
    public static long binary(int fn, int ys, long ym, int xs, long xm, FpEnv e) {
        int cx = classify(xs, xm), cy = classify(ys, ym);
        e.roundedUp = false;
        e.aux = 0;
        if (cx >= QNAN || cy >= QNAN) return propagate(ys, ym, xs, xm, e);
        if (fn == FPATAN) return atan2(ys, ym, cy, xs, xm, cx, e);
        boolean xn = neg(xs), yn = neg(ys);
        if (fn == FYL2X) {
            if (xn && cx != ZERO) return indefinite(e);
            if (cx == ZERO) {
                if (cy == ZERO) return indefinite(e);
                if (cy != INFINITY) e.flags |= ZE;
                if (cy == DENORMAL) e.flags |= DE;
                return value((yn ? 0 : 0x8000) | 0x7fff, INTEGER_BIT, e);
            }
            if (cx == INFINITY) {
                if (cy == ZERO) return indefinite(e);
                if (cy == DENORMAL) e.flags |= DE;
                return value((yn ? 0x8000 : 0) | 0x7fff, INTEGER_BIT, e);
            }
        } else if (cx == INFINITY) {
            return indefinite(e);
        }
        if (cx == DENORMAL || cy == DENORMAL) e.flags |= DE;
        BigDecimal x = cx == ZERO ? BigDecimal.ZERO : toDecimal(xs, xm);
        BigDecimal log2 = fn == FYL2X ? ln(x) : ln1p(x);
        boolean logZero = log2.signum() == 0;
        if (cy == INFINITY) {
            if (logZero) return indefinite(e);
            return value(((yn ^ log2.signum() < 0) ? 0x8000 : 0) | 0x7fff, INTEGER_BIT, e);
        }
        if (cy == ZERO || logZero) {
            boolean n = yn ^ (log2.signum() < 0 || (logZero && (fn == FYL2X ? false : xn)));
            return value(n ? 0x8000 : 0, 0, e);
        }
        long m = fromDecimal(toDecimal(ys, ym).multiply(log2.divide(LN2, MC), MC), e);
        if (fn == FYL2X) e.flags |= PE; // the host reports PE even when y * log2(x) is exact (x a power of two)
        return m;
    }

    private static long atan2(int ys, long ym, int cy, int xs, long xm, int cx, FpEnv e) {
        boolean yn = neg(ys), xn = neg(xs);
        if (cx == DENORMAL || cy == DENORMAL) e.flags |= DE;
        BigDecimal r;
        if (cy == ZERO) {
            if (!xn) return value(ys, 0, e);
            r = PI;
        } else if (cx == ZERO) {
            r = HALF_PI;
        } else if (cy == INFINITY && cx == INFINITY) {
            r = xn ? PI.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(4), MC) : PI.divide(BigDecimal.valueOf(4), MC);
        } else if (cy == INFINITY) {
            r = HALF_PI;
        } else if (cx == INFINITY) {
            if (!xn) return value(ys & 0x8000, 0, e);
            r = PI;
        } else {
            BigDecimal y = toDecimal(ys, ym).abs(), x = toDecimal(xs, xm);
            r = atan(y.divide(x.abs(), MC));
            if (xn) r = PI.subtract(r, MC);
        }
        return fromDecimal(yn ? r.negate() : r, e);
    }

    private static BigDecimal toDecimal(int sexp, long mant) {
        int exp = unpackExp(sexp, mant) - 63;
        BigDecimal m = new BigDecimal(new BigInteger(Long.toUnsignedString(unpackSig(mant))));
        BigDecimal v = scaleBy(m, exp);
        return neg(sexp) ? v.negate() : v;
    }

    /** Rounds a decimal value to the x87 result by the current rounding (one rounding, through the core). */
    private static long fromDecimal(BigDecimal v, FpEnv e) {
        if (v.signum() == 0) return value(0, 0, e);
        boolean n = v.signum() < 0;
        v = v.abs();
        // exponent estimate from the decimal magnitude, then exact correction
        int exp = (int) Math.floor((v.precision() - v.scale() - 1) * 3.321928094887362);
        BigDecimal scaled = scaleBy(v, 63 - exp);
        BigDecimal top = new BigDecimal(BigInteger.ONE.shiftLeft(64));
        BigDecimal low = new BigDecimal(BigInteger.ONE.shiftLeft(63));
        while (scaled.compareTo(top) >= 0) {
            exp++;
            scaled = scaled.divide(TWO);
        }
        while (scaled.compareTo(low) < 0) {
            exp--;
            scaled = scaled.multiply(TWO);
        }
        BigDecimal withExt = scaled.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(64)));
        BigInteger whole = withExt.toBigInteger();
        boolean sticky = withExt.compareTo(new BigDecimal(whole)) != 0;
        long sig = whole.shiftRight(64).longValue();
        long ext = whole.longValue() | (sticky ? 1 : 0);
        long s = FpCore.round(n, exp, sig, ext, FpFormat.EXTENDED, e);
        int x = e.rexp;
        e.sexp = (n ? 0x8000 : 0) | (x & 0x7fff);
        return x == 0x7fff && s == 0 ? INTEGER_BIT : s;
    }

    private static BigDecimal scaleBy(BigDecimal v, int k) {
        return k >= 0 ? v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)), WIDE) : v.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-k)), WIDE);
    }

    /** sin or cos of x after reduction by pi/2. */
    private static BigDecimal sinCos(BigDecimal x, boolean cos) {
        BigDecimal q = x.divide(HALF_PI66, 0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(q.multiply(HALF_PI66), REDUCTION);
        int quadrant = q.toBigInteger().mod(BigInteger.valueOf(4)).intValue();
        if (cos) quadrant = (quadrant + 1) & 3;
        BigDecimal v = (quadrant & 1) == 0 ? sinSeries(r) : cosSeries(r);
        return (quadrant & 2) != 0 ? v.negate() : v;
    }

    private static BigDecimal sinSeries(BigDecimal x) {
        BigDecimal x2 = x.multiply(x, MC), term = x, sum = x;
        for (int k = 1; k < 60; k++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * k) * (2L * k + 1)), MC).negate();
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(70)) < 0) break;
        }
        return sum;
    }

    private static BigDecimal cosSeries(BigDecimal x) {
        BigDecimal x2 = x.multiply(x, MC), term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int k = 1; k < 60; k++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * k - 1) * (2L * k)), MC).negate();
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(70)) < 0) break;
        }
        return sum;
    }

    /**
     * 2^x - 1. The SDM defines F2XM1 for |x| <= 1 only; beyond that 2^x = 2^k * 2^f (k = floor(x)), with
     * very large |x| going straight to overflow or to -1.
     */
    private static BigDecimal exp2m1(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.ONE) <= 0) return expm1(x.multiply(LN2, MC));
        if (x.compareTo(BigDecimal.valueOf(20000)) > 0) x = BigDecimal.valueOf(20000);
        if (x.compareTo(BigDecimal.valueOf(-300)) < 0) x = BigDecimal.valueOf(-300);
        BigDecimal k = x.setScale(0, RoundingMode.FLOOR);
        BigDecimal pow = expm1(x.subtract(k).multiply(LN2, MC)).add(BigDecimal.ONE);
        return scaleBy(pow, k.intValue()).subtract(BigDecimal.ONE, MC);
    }

    /** e^x - 1 for |x| <= 1 (no cancellation: the series starts at x). */
    private static BigDecimal expm1(BigDecimal x) {
        BigDecimal term = x, sum = x;
        for (int k = 2; k < 80; k++) {
            term = term.multiply(x, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(70)) < 0) break;
        }
        return sum;
    }

    /** ln x for x > 0: x = m * 2^k with m in [1, 2), ln m = 2 atanh((m - 1) / (m + 1)). */
    private static BigDecimal ln(BigDecimal x) {
        int k = 0;
        BigDecimal m = x;
        int est = (int) Math.floor((x.precision() - x.scale() - 1) * 3.321928094887362);
        if (est > 4 || est < -4) {
            m = scaleBy(x, -est);
            k = est;
        }
        while (m.compareTo(TWO) >= 0) {
            m = m.divide(TWO);
            k++;
        }
        while (m.compareTo(BigDecimal.ONE) < 0) {
            m = m.multiply(TWO);
            k--;
        }
        BigDecimal lnm = atanh2(m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC));
        return LN2.multiply(BigDecimal.valueOf(k)).add(lnm, MC);
    }

    /** ln(1 + x) = 2 atanh(x / (2 + x)), accurate for small x. */
    private static BigDecimal ln1p(BigDecimal x) {
        return atanh2(x.divide(TWO.add(x), MC));
    }

    /** 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...), |t| < 1/3. */
    private static BigDecimal atanh2(BigDecimal t) {
        BigDecimal t2 = t.multiply(t, MC), power = t, sum = t;
        for (int k = 1; k < 400; k++) {
            power = power.multiply(t2, MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(70)) < 0) break;
        }
        return sum.multiply(TWO);
    }

    /** atan t for t >= 0: halve the argument until it is small, then the Taylor series. */
    private static BigDecimal atan(BigDecimal t) {
        boolean invert = t.compareTo(BigDecimal.ONE) > 0;
        if (invert) t = BigDecimal.ONE.divide(t, MC);
        int halvings = 0;
        while (t.compareTo(new BigDecimal("0.1")) > 0) {
            t = t.divide(BigDecimal.ONE.add(BigDecimal.ONE.add(t.multiply(t, MC)).sqrt(MC)), MC);
            halvings++;
        }
        BigDecimal t2 = t.multiply(t, MC), power = t, sum = t;
        for (int k = 1; k < 200; k++) {
            power = power.multiply(t2, MC).negate();
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(70)) < 0) break;
        }
        sum = sum.multiply(BigDecimal.valueOf(1L << halvings));
        return invert ? HALF_PI.subtract(sum, MC) : sum;
    }
}
