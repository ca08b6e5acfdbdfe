package org.plugboard.cpu.x86.fp;

import static org.plugboard.cpu.x86.fp.FpEnv.*;

/**
 * The format-independent arithmetic core. One design serves binary32, binary64 and the x87's 80-bit
 * extended format (at 24, 53 and 64 bits of precision): a finite non-zero operand is unpacked to a sign,
 * an unbiased exponent and a 64-bit significand normalised to bit 63 (value = sig * 2^(exp - 63)); an
 * operation computes an exact 128-bit result (sig, ext) where ext holds the bits below sig with any
 * further non-zero bits jammed into its lowest bit (sticky), and {@link #round} rounds that to the
 * format, handling tininess, denormals, overflow and the x87's wrapped exponents in one place. 64 bits
 * are what the 80-bit format needs; the narrower formats simply round higher up, so there is exactly one
 * rounding routine to get right and to test bit for bit against the host CPU.
 *
 * <p>Results come back as a rounded significand (leading bit at precision - 1 for normal numbers) with
 * the biased exponent field in {@code e.rexp} (0: zero or denormal, maxExp + 1: infinity) and the sign
 * in {@code e.rneg} where the operation decides it.
 */
final class FpCore {
    private FpCore() {
    }

    /** Unsigned high word of a 64 x 64 bit product (Math.unsignedMultiplyHigh is Java 18). */
    static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * Rounds sig:ext * 2^(exp - 63) (sig normalised, bit 63 set) to format f, raising OE/UE/PE as the
     * masks and the x87 flag say. Returns the significand; e.rexp gets the biased exponent.
     */
    static long round(boolean neg, int exp, long sig, long ext, FpFormat f, FpEnv e) {
        int prec = f.precision;
        int biased = exp + f.bias;
        e.roundedUp = false;
        if (biased < 1) {
            boolean tiny = biased < 0 || !carries(neg, sig, ext, prec, e);
            if (tiny && (e.masks & UE) == 0 && !(e.x87 && biased + wrap(f) < 1)) {
                e.flags |= UE;
                if (e.x87) return roundNormal(neg, biased + wrap(f), sig, ext, f, e);
            } else if (tiny && e.x87 && (e.masks & UE) == 0) {
                // x87, beyond even the wrapped range: a signed zero (as the host does)
                e.flags |= UE | PE;
                e.rexp = 0;
                return 0;
            } else if (tiny && e.ftz) {
                e.flags |= UE | PE;
                e.rexp = 0;
                return 0;
            }
            int n = 1 - biased;
            if (n >= 128) {
                ext = (sig | ext) != 0 ? 1 : 0;
                sig = 0;
            } else if (n >= 64) {
                ext = (n == 64 ? sig : sig >>> (n - 64)) | (((n == 64 ? 0 : sig << (128 - n)) | ext) != 0 ? 1 : 0);
                sig = 0;
            } else {
                ext = (sig << (64 - n)) | (ext >>> n) | ((ext << (64 - n)) != 0 ? 1 : 0);
                sig >>>= n;
            }
            long r = roundAt(neg, sig, ext, prec, e);
            e.rexp = (r >>> (prec - 1)) != 0 ? 1 : 0;
            if (e.inexact) e.flags |= tiny ? UE | PE : PE;
            return r;
        }
        return roundNormal(neg, biased, sig, ext, f, e);
    }

    /** The x87's exponent wrap for unmasked overflow/underflow: 3 * 2^(exponent bits - 2) (24576 for 80 bits). */
    private static int wrap(FpFormat f) {
        return (f.bias + 1) / 2 * 3;
    }

    private static long roundNormal(boolean neg, int biased, long sig, long ext, FpFormat f, FpEnv e) {
        int prec = f.precision;
        long r = roundAt(neg, sig, ext, prec, e);
        if (prec == 64 ? r == 0 : r == 1L << prec) {
            r = 1L << (prec - 1);
            biased++;
        }
        if (e.inexact) e.flags |= PE;
        if (biased > f.maxExp) {
            e.flags |= OE;
            // unmasked: the result with its exponent wrapped, unless even that is out of range (then as masked)
            if ((e.masks & OE) == 0 && !(e.x87 && biased - wrap(f) > f.maxExp)) {
                e.rexp = e.x87 ? biased - wrap(f) : biased;
                return r;
            }
            e.flags |= PE;
            if ((e.masks & OE) == 0) { // x87, beyond even the wrapped range: infinity (as the host does)
                e.roundedUp = true;
                e.rexp = f.maxExp + 1;
                return 0;
            }
            boolean toInfinity = switch (e.rounding) {
                case RN -> true;
                case RD -> neg;
                case RU -> !neg;
                default -> false;
            };
            e.roundedUp = toInfinity;
            if (toInfinity) {
                e.rexp = f.maxExp + 1;
                return 0;
            }
            e.rexp = f.maxExp;
            return prec == 64 ? -1L : (1L << prec) - 1;
        }
        e.rexp = biased;
        return r;
    }

    /** Whether rounding sig:ext to prec bits carries out of the significand (for tininess after rounding). */
    private static boolean carries(boolean neg, long sig, long ext, int prec, FpEnv e) {
        boolean up = e.roundedUp;
        boolean inexact = e.inexact;
        long r = roundAt(neg, sig, ext, prec, e);
        e.roundedUp = up;
        e.inexact = inexact;
        return prec == 64 ? r == 0 : r == 1L << prec;
    }

    /** Rounds sig:ext to its top prec bits by e.rounding; sets e.inexact and e.roundedUp. */
    private static long roundAt(boolean neg, long sig, long ext, int prec, FpEnv e) {
        long kept;
        boolean half, sticky;
        if (prec == 64) {
            kept = sig;
            half = ext < 0;
            sticky = (ext << 1) != 0;
        } else {
            int drop = 64 - prec;
            kept = sig >>> drop;
            half = ((sig >>> (drop - 1)) & 1) != 0;
            sticky = (sig & ((1L << (drop - 1)) - 1)) != 0 || ext != 0;
        }
        boolean inexact = half || sticky;
        boolean up = switch (e.rounding) {
            case RN -> half && (sticky || (kept & 1) != 0);
            case RD -> neg && inexact;
            case RU -> !neg && inexact;
            default -> false;
        };
        e.inexact = inexact;
        e.roundedUp = up;
        return up ? kept + 1 : kept;
    }

    /** Exact zero result of an addition: its sign (SDM: +0 except when rounding down). */
    static boolean zeroSumSign(boolean an, boolean bn, FpEnv e) {
        return an == bn ? an : e.rounding == RD;
    }

    /**
     * a + b for finite non-zero unpacked operands (bn already flipped for subtraction). Returns the
     * rounded significand; e.rneg and e.rexp describe the result (an exact zero has e.rexp = 0, sig 0).
     */
    static long add(boolean an, int ae, long as, boolean bn, int be, long bs, FpFormat f, FpEnv e) {
        if (ae < be || (ae == be && Long.compareUnsigned(as, bs) < 0)) {
            boolean tn = an; an = bn; bn = tn;
            int te = ae; ae = be; be = te;
            long ts = as; as = bs; bs = ts;
        }
        long d = (long) ae - be;
        long bh, bl;
        if (d == 0) {
            bh = bs;
            bl = 0;
        } else if (d < 64) {
            bh = bs >>> d;
            bl = bs << (64 - d);
        } else if (d < 128) {
            bh = 0;
            bl = (d == 64 ? bs : bs >>> (d - 64)) | ((d != 64 && (bs << (128 - d)) != 0) ? 1 : 0);
        } else {
            bh = 0;
            bl = 1;
        }
        e.rneg = an;
        if (an == bn) {
            long hi = as + bh;
            long lo = bl;
            if (Long.compareUnsigned(hi, as) < 0) {
                lo = (lo >>> 1) | (hi << 63) | (lo & 1);
                hi = (hi >>> 1) | Long.MIN_VALUE;
                return round(an, ae + 1, hi, lo, f, e);
            }
            return round(an, ae, hi, lo, f, e);
        }
        long lo = -bl;
        long hi = as - bh - (bl != 0 ? 1 : 0);
        if (hi == 0 && lo == 0) {
            e.rneg = zeroSumSign(an, bn, e);
            e.rexp = 0;
            e.roundedUp = false;
            return 0;
        }
        int n;
        if (hi == 0) {
            n = 64 + Long.numberOfLeadingZeros(lo);
            hi = lo << (n - 64);
            lo = 0;
        } else {
            n = Long.numberOfLeadingZeros(hi);
            if (n > 0) {
                hi = (hi << n) | (lo >>> (64 - n));
                lo <<= n;
            }
        }
        return round(an, ae - n, hi, lo, f, e);
    }

    /** a * b for finite non-zero unpacked operands; the caller knows the sign. */
    static long mul(boolean neg, int ae, long as, int be, long bs, FpFormat f, FpEnv e) {
        long hi = mulHigh(as, bs);
        long lo = as * bs;
        e.rneg = neg;
        if (hi < 0) return round(neg, ae + be + 1, hi, lo, f, e);
        return round(neg, ae + be, (hi << 1) | (lo >>> 63), lo << 1, f, e);
    }

    /** a / b for finite non-zero unpacked operands. */
    static long div(boolean neg, int ae, long as, int be, long bs, FpFormat f, FpEnv e) {
        long q;
        int exp;
        if (Long.compareUnsigned(as, bs) >= 0) {
            q = divlu(as >>> 1, as << 63, bs, e);
            exp = ae - be;
        } else {
            q = divlu(as, 0, bs, e);
            exp = ae - be - 1;
        }
        long q2 = divlu(e.rem, 0, bs, e);
        e.rneg = neg;
        return round(neg, exp, q, q2 | (e.rem != 0 ? 1 : 0), f, e);
    }

    /**
     * Unsigned 128 / 64 division (u1:u0) / v with u1 < v and v normalised (bit 63 set): the quotient,
     * remainder in e.rem. Two 64 / 32 digit steps with the usual estimate correction.
     */
    static long divlu(long u1, long u0, long v, FpEnv e) {
        long vn1 = v >>> 32, vn0 = v & 0xffffffffL;
        long un1 = u0 >>> 32, un0 = u0 & 0xffffffffL;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while (Long.compareUnsigned(q1, 0xffffffffL) > 0
                || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xffffffffL) > 0) break;
        }
        long un21 = (u1 << 32) + un1 - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, 0xffffffffL) > 0
                || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, 0xffffffffL) > 0) break;
        }
        e.rem = (un21 << 32) + un0 - q0 * v;
        return (q1 << 32) | q0;
    }

    /** sqrt(a) for a finite positive unpacked operand. */
    static long sqrt(int ae, long as, FpFormat f, FpEnv e) {
        long hi, lo;
        int exp;
        if ((ae & 1) != 0) {
            hi = as;
            lo = 0;
            exp = (ae - 1) >> 1;
        } else {
            hi = as >>> 1;
            lo = as << 63;
            exp = ae >> 1;
        }
        // q = floor(sqrt(hi:lo)): a double estimate (53 good bits), one Newton step, then exact fix-up.
        double est = Math.sqrt(unsignedToDouble(hi) * 0x1p64 + unsignedToDouble(lo));
        long q = est >= 0x1p64 ? -1L : est >= 0x1p63 ? (long) (est - 0x1p63) + Long.MIN_VALUE : (long) est;
        long ph = mulHigh(q, q), pl = q * q;
        long dl = lo - pl;
        long dh = hi - ph - (Long.compareUnsigned(lo, pl) < 0 ? 1 : 0);
        if (dh >= 0) {
            long corr = divlu(dh >>> 1, (dh << 63) | (dl >>> 1), q, e);
            q += corr;
        } else {
            long nl = -dl, nh = ~dh + (dl == 0 ? 1 : 0);
            long corr = divlu(nh >>> 1, (nh << 63) | (nl >>> 1), q, e);
            q -= corr;
        }
        while (Long.compareUnsigned(mulHigh(q, q), hi) > 0
                || (mulHigh(q, q) == hi && Long.compareUnsigned(q * q, lo) > 0)) q--;
        while (q != -1L) {
            long r = q + 1;
            long rh = mulHigh(r, r), rl = r * r;
            if (Long.compareUnsigned(rh, hi) < 0 || (rh == hi && Long.compareUnsigned(rl, lo) <= 0)) q = r;
            else break;
        }
        ph = mulHigh(q, q);
        pl = q * q;
        long remLo = lo - pl;
        long remHi = hi - ph - (Long.compareUnsigned(lo, pl) < 0 ? 1 : 0);
        long ext;
        if (remHi == 0 && remLo == 0) ext = 0;
        else if (remHi != 0 || Long.compareUnsigned(remLo, q) > 0) ext = 0x8000000000000001L;
        else ext = 1;
        e.rneg = false;
        return round(false, exp, q, ext, f, e);
    }

    static double unsignedToDouble(long v) {
        return v >= 0 ? (double) v : ((double) (v >>> 1)) * 2.0 + (v & 1);
    }

    /**
     * Rounds a finite non-zero unpacked value to an integer by the given rounding: returns the integer's
     * magnitude (up to 2^64 - 1; a magnitude of 2^64 or more sets e.rexp = 1 as "too large", else 0);
     * e.inexact tells whether a fraction was dropped.
     */
    static long toInteger(boolean neg, int exp, long sig, int rounding, FpEnv e) {
        long kept, frac;
        e.rexp = 0;
        if (exp >= 64) {
            e.rexp = 1;
            e.inexact = false;
            return 0;
        }
        if (exp == 63) {
            kept = sig;
            frac = 0;
        } else if (exp >= 0) {
            kept = sig >>> (63 - exp);
            frac = sig << (exp + 1);
        } else {
            kept = 0;
            frac = exp == -1 ? sig : (sig >>> Math.min(63, -exp - 1)) | 1;
        }
        boolean half = frac < 0, sticky = (frac << 1) != 0;
        boolean inexact = half || sticky;
        boolean up = switch (rounding) {
            case RN -> half && (sticky || (kept & 1) != 0);
            case RD -> neg && inexact;
            case RU -> !neg && inexact;
            default -> false;
        };
        e.inexact = inexact;
        e.roundedUp = up;
        if (up) {
            kept++;
            if (kept == 0) e.rexp = 1;
        }
        return kept;
    }
}
