package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.SseDecoder.NONE;
import static org.plugboard.cpu.x86.SseDecoder.P66;
import static org.plugboard.cpu.x86.SseDecoder.PF2;
import static org.plugboard.cpu.x86.SseDecoder.PF3;

import org.plugboard.cpu.x86.fp.FpEnv;
import org.plugboard.cpu.x86.fp.SoftFloat;

/**
 * SSE floating-point instructions: packed and scalar arithmetic, MIN/MAX, compares, COMISS,
 * conversions, rounding, dot products and the reciprocal approximations, all through
 * {@link SoftFloat} in the MXCSR environment. An unmasked exception raises #XM (#UD without
 * CR4.OSXMMEXCPT) and leaves the destination alone (SDM vol. 1, 11.5).
 */
final class SimdFloat {
    private final Cpu cpu;
    private final FpuState s;
    private final FpEnv e = new FpEnv();
    private final long[] d = new long[2], t = new long[2], r = new long[2];
    private Sse sse;

    SimdFloat(Cpu cpu) {
        this.cpu = cpu;
        this.s = cpu.fpu;
    }

    /** Runs the instruction if it is one of this unit's; false otherwise (the caller raises #UD). */
    boolean execute(Insn i, int prefix, int m, Sse unit) {
        sse = unit;
        switch (m) {
            case 0x58: case 0x59: case 0x5c: case 0x5d: case 0x5e: case 0x5f: case 0x51:
                arithmetic(i, prefix, m);
                return true;
            case 0x52: case 0x53:
                if (prefix != NONE && prefix != PF3) return false;
                approximation(i, prefix == PF3, m == 0x52);
                return true;
            case 0xc2: compare(i, prefix); return true;
            case 0x2e: case 0x2f:
                if (prefix > P66) return false;
                comis(i, prefix == P66, m == 0x2f);
                return true;
            case 0x7c: case 0x7d: case 0xd0:
                if (prefix != P66 && prefix != PF2) return false;
                horizontal(i, prefix == P66 ? 8 : 4, m);
                return true;
            case 0x2a: intToFloat(i, prefix); return true;
            case 0x2c: case 0x2d: floatToInt(i, prefix, m == 0x2c); return true;
            case 0x5a: case 0x5b: case 0xe6: return convertPacked(i, prefix, m);
            case 0x208: case 0x209: case 0x20a: case 0x20b:
                if (prefix != P66) return false;
                round(i, m);
                return true;
            case 0x240: case 0x241:
                if (prefix != P66) return false;
                dotProduct(i, m == 0x241);
                return true;
            default:
                return false;
        }
    }

    // --- environment and exceptions ---

    private void begin() {
        int m = s.mxcsr;
        e.rounding = (m >> 13) & 3;
        e.daz = (m & 0x40) != 0;
        e.ftz = (m & 0x8000) != 0;
        e.masks = (m >> 7) & 0x3f;
        e.flags = 0;
        e.x87 = false;
    }

    /**
     * Records the flags, or raises #XM/#UD for an unmasked one. When an unmasked exception is
     * detected before the computation (invalid, denormal, divide by zero), the flags of the
     * computation (overflow, underflow, precision) are not reported (SDM vol. 1, 11.5.2).
     */
    private void finish() {
        int f = e.flags & 0x3f;
        int unmasked = f & ~e.masks;
        if (unmasked != 0) {
            int pre = f & (FpEnv.IE | FpEnv.DE | FpEnv.ZE);
            s.mxcsr |= (pre & ~e.masks) != 0 ? pre : f;
            throw cpu.fault((cpu.cr4 & Cpu.CR4_OSXMMEXCPT) != 0 ? Vectors.XM : Vectors.UD);
        }
        s.mxcsr |= f;
    }

    private static int size(int prefix) {
        return prefix == P66 || prefix == PF2 ? 8 : 4;
    }

    /** The source: m128 (aligned) for packed forms, m32/m64 for scalar ones, or the register. */
    private void source(Insn i, int prefix) {
        boolean scalar = prefix >= PF3;
        sse.source(i, scalar ? size(prefix) : 16, !scalar, t);
    }

    // --- arithmetic ---

    private void arithmetic(Insn i, int prefix, int m) {
        int size = size(prefix);
        sse.loadXmm(i.reg, d);
        source(i, prefix);
        begin();
        r[0] = d[0];
        r[1] = d[1];
        int lanes = prefix >= PF3 ? 1 : 16 / size;
        for (int k = 0; k < lanes; k++) {
            long a = SimdInt.get(d, size, k), b = SimdInt.get(t, size, k);
            SimdInt.set(r, size, k, size == 4 ? op32(m, (int) a, (int) b) & 0xffffffffL : op64(m, a, b));
        }
        finish();
        sse.storeXmm(i.reg, r);
    }

    private int op32(int m, int a, int b) {
        switch (m) {
            case 0x58: return SoftFloat.add32(a, b, e);
            case 0x59: return SoftFloat.mul32(a, b, e);
            case 0x5c: return SoftFloat.sub32(a, b, e);
            case 0x5e: return SoftFloat.div32(a, b, e);
            case 0x51: return SoftFloat.sqrt32(b, e);
            default: return (int) minMax(m == 0x5f, a & 0xffffffffL, b & 0xffffffffL, 4);
        }
    }

    private long op64(int m, long a, long b) {
        switch (m) {
            case 0x58: return SoftFloat.add64(a, b, e);
            case 0x59: return SoftFloat.mul64(a, b, e);
            case 0x5c: return SoftFloat.sub64(a, b, e);
            case 0x5e: return SoftFloat.div64(a, b, e);
            case 0x51: return SoftFloat.sqrt64(b, e);
            default: return minMax(m == 0x5f, a, b, 8);
        }
    }

    /** MIN/MAX: the source when either is a NaN or both are zeros, else the smaller/larger; IE for any NaN. */
    private long minMax(boolean max, long a, long b, int size) {
        if (e.daz) {
            a = flushDenormal(a, size);
            b = flushDenormal(b, size);
        }
        int c = size == 4 ? SoftFloat.compare32((int) a, (int) b, true, e) : SoftFloat.compare64(a, b, true, e);
        if (c == SoftFloat.UNORDERED || c == SoftFloat.EQ) return b;
        return (c == SoftFloat.GT) == max ? a : b;
    }

    /** A denormal as the zero of its sign (DAZ). */
    private static long flushDenormal(long v, int size) {
        long exp = size == 4 ? v & 0x7f800000L : v & 0x7ff0000000000000L;
        long sign = size == 4 ? v & 0x80000000L : v & Long.MIN_VALUE;
        return exp == 0 ? sign : v;
    }

    private int compare(long a, long b, int size, boolean signalQuiet) {
        return size == 4 ? SoftFloat.compare32((int) a, (int) b, signalQuiet, e) : SoftFloat.compare64(a, b, signalQuiet, e);
    }

    /** CMPPS/CMPPD/CMPSS/CMPSD: predicates 0-7 (EQ LT LE UNORD NEQ NLT NLE ORD); LT/LE and their negations signal on QNaN. */
    private void compare(Insn i, int prefix) {
        int size = size(prefix);
        sse.loadXmm(i.reg, d);
        source(i, prefix);
        begin();
        r[0] = d[0];
        r[1] = d[1];
        int p = (int) i.imm & 7;
        boolean signal = p == 1 || p == 2 || p == 5 || p == 6;
        int lanes = prefix >= PF3 ? 1 : 16 / size;
        for (int k = 0; k < lanes; k++) {
            int c = compare(SimdInt.get(d, size, k), SimdInt.get(t, size, k), size, signal);
            boolean v;
            switch (p & 3) {
                case 0: v = c == SoftFloat.EQ; break;
                case 1: v = c == SoftFloat.LT; break;
                case 2: v = c == SoftFloat.LT || c == SoftFloat.EQ; break;
                default: v = c == SoftFloat.UNORDERED; break;
            }
            if (p >= 4) v = !v;
            SimdInt.set(r, size, k, v ? -1 : 0);
        }
        finish();
        sse.storeXmm(i.reg, r);
    }

    /** COMISS/COMISD (signal on QNaN) and UCOMISS/UCOMISD: ZF, PF, CF from the comparison, OF, SF, AF cleared. */
    private void comis(Insn i, boolean dbl, boolean signal) {
        int size = dbl ? 8 : 4;
        sse.loadXmm(i.reg, d);
        sse.source(i, size, false, t);
        begin();
        int c = compare(SimdInt.get(d, size, 0), SimdInt.get(t, size, 0), size, signal);
        finish();
        boolean un = c == SoftFloat.UNORDERED;
        sse.setFlags(un || c == SoftFloat.EQ, un, un || c == SoftFloat.LT);
    }

    /** HADDPS/HADDPD, HSUBPS/HSUBPD (pairs of the destination, then of the source) and ADDSUBPS/ADDSUBPD. */
    private void horizontal(Insn i, int size, int m) {
        sse.loadXmm(i.reg, d);
        sse.source(i, 16, true, t);
        begin();
        int lanes = 16 / size, half = lanes / 2;
        for (int k = 0; k < lanes; k++) {
            long a, b;
            boolean subtract;
            if (m == 0xd0) {
                a = SimdInt.get(d, size, k);
                b = SimdInt.get(t, size, k);
                subtract = (k & 1) == 0;
            } else {
                long[] src = k < half ? d : t;
                int j = k % half;
                a = SimdInt.get(src, size, 2 * j);
                b = SimdInt.get(src, size, 2 * j + 1);
                subtract = m == 0x7d;
            }
            long v = size == 4 ? (subtract ? SoftFloat.sub32((int) a, (int) b, e) : SoftFloat.add32((int) a, (int) b, e)) & 0xffffffffL
                    : subtract ? SoftFloat.sub64(a, b, e) : SoftFloat.add64(a, b, e);
            SimdInt.set(r, size, k, v);
        }
        finish();
        sse.storeXmm(i.reg, r);
    }

    // --- reciprocal approximations ---

    /** RCPPS/RCPSS and RSQRTPS/RSQRTSS: no flags, denormal inputs count as zero, results good to 12 bits. */
    private void approximation(Insn i, boolean scalar, boolean rsqrt) {
        sse.loadXmm(i.reg, d);
        sse.source(i, scalar ? 4 : 16, !scalar, t);
        int lanes = scalar ? 1 : 4;
        for (int k = 0; k < lanes; k++) {
            int a = (int) SimdInt.get(t, 4, k);
            SimdInt.set(d, 4, k, (rsqrt ? Approximation.rsqrt(a) : Approximation.rcp(a)) & 0xffffffffL);
        }
        sse.storeXmm(i.reg, d);
    }

    // --- conversions ---

    /** CVTPI2PS, CVTPI2PD (from an MMX register or m64), CVTSI2SS, CVTSI2SD (from a general register or memory). */
    private void intToFloat(Insn i, int prefix) {
        sse.loadXmm(i.reg, r);
        begin();
        if (prefix <= P66) {
            long v = i.mem ? cpu.read(i.seg, sse.address(i, 1), 8) : sse.mmxSource(i);
            if (prefix == NONE) {
                SimdInt.set(r, 4, 0, SoftFloat.i32to32((int) v, e) & 0xffffffffL);
                SimdInt.set(r, 4, 1, SoftFloat.i32to32((int) (v >> 32), e) & 0xffffffffL);
            } else {
                r[0] = SoftFloat.i32to64((int) v, e);
                r[1] = SoftFloat.i32to64((int) (v >> 32), e);
            }
        } else {
            long v = i.mem ? cpu.read(i.seg, sse.address(i, 1), i.osize) : cpu.reg(i.rm, i.osize);
            boolean wide = i.osize == 8;
            if (prefix == PF3) {
                int f = wide ? SoftFloat.i64to32(v, e) : SoftFloat.i32to32((int) v, e);
                SimdInt.set(r, 4, 0, f & 0xffffffffL);
            } else {
                r[0] = wide ? SoftFloat.i64to64(v, e) : SoftFloat.i32to64((int) v, e);
            }
        }
        finish();
        sse.storeXmm(i.reg, r);
    }

    /** CVT(T)PS2PI, CVT(T)PD2PI (to an MMX register), CVT(T)SS2SI, CVT(T)SD2SI (to a general register). */
    private void floatToInt(Insn i, int prefix, boolean truncate) {
        begin();
        if (prefix <= P66) {
            sse.mmxOperand(); // a pending x87 exception (#MF) comes before the memory operand's faults
            if (prefix == NONE) sse.source(i, 8, false, t);
            else sse.source(i, 16, true, t);
            long lo, hi;
            if (prefix == NONE) {
                lo = SoftFloat.f32toI32((int) t[0], truncate, e);
                hi = SoftFloat.f32toI32((int) (t[0] >>> 32), truncate, e);
            } else {
                lo = SoftFloat.f64toI32(t[0], truncate, e);
                hi = SoftFloat.f64toI32(t[1], truncate, e);
            }
            finish();
            sse.setMmx(i.reg, (lo & 0xffffffffL) | hi << 32);
        } else {
            int size = prefix == PF3 ? 4 : 8;
            sse.source(i, size, false, t);
            boolean wide = i.osize == 8;
            long v;
            if (size == 4) v = wide ? SoftFloat.f32toI64((int) t[0], truncate, e) : SoftFloat.f32toI32((int) t[0], truncate, e);
            else v = wide ? SoftFloat.f64toI64(t[0], truncate, e) : SoftFloat.f64toI32(t[0], truncate, e);
            finish();
            cpu.setReg(i.reg, wide ? 8 : 4, v);
        }
    }

    /** CVTPS2PD, CVTPD2PS, CVTSS2SD, CVTSD2SS (5A); CVTDQ2PS, CVTPS2DQ, CVTTPS2DQ (5B); CVTTPD2DQ, CVTDQ2PD, CVTPD2DQ (E6). */
    private boolean convertPacked(Insn i, int prefix, int m) {
        if ((m == 0x5b && prefix == PF2) || (m == 0xe6 && prefix == NONE)) return false;
        sse.loadXmm(i.reg, r);
        begin();
        if (m == 0x5a) {
            switch (prefix) {
                case NONE:
                    sse.source(i, 8, false, t);
                    r[0] = SoftFloat.f32to64((int) t[0], e);
                    r[1] = SoftFloat.f32to64((int) (t[0] >>> 32), e);
                    break;
                case P66:
                    sse.source(i, 16, true, t);
                    r[0] = (SoftFloat.f64to32(t[0], e) & 0xffffffffL) | (long) SoftFloat.f64to32(t[1], e) << 32;
                    r[1] = 0;
                    break;
                case PF3:
                    sse.source(i, 4, false, t);
                    r[0] = SoftFloat.f32to64((int) t[0], e);
                    break;
                default:
                    sse.source(i, 8, false, t);
                    SimdInt.set(r, 4, 0, SoftFloat.f64to32(t[0], e) & 0xffffffffL);
                    break;
            }
        } else if (m == 0x5b) {
            sse.source(i, 16, true, t);
            for (int k = 0; k < 4; k++) {
                int v = (int) SimdInt.get(t, 4, k);
                int c = prefix == NONE ? SoftFloat.i32to32(v, e) : SoftFloat.f32toI32(v, prefix == PF3, e);
                SimdInt.set(r, 4, k, c & 0xffffffffL);
            }
        } else {
            if (prefix == PF3) {
                sse.source(i, 8, false, t);
                r[0] = SoftFloat.i32to64((int) t[0], e);
                r[1] = SoftFloat.i32to64((int) (t[0] >>> 32), e);
            } else {
                sse.source(i, 16, true, t);
                boolean truncate = prefix == P66;
                r[0] = (SoftFloat.f64toI32(t[0], truncate, e) & 0xffffffffL) | (long) SoftFloat.f64toI32(t[1], truncate, e) << 32;
                r[1] = 0;
            }
        }
        finish();
        sse.storeXmm(i.reg, r);
        return true;
    }

    // --- SSE4.1 ---

    /** ROUNDPS/ROUNDPD/ROUNDSS/ROUNDSD: imm bit 2 uses MXCSR.RC, else bits 1:0; bit 3 suppresses the precision exception. */
    private void round(Insn i, int m) {
        int imm = (int) i.imm;
        boolean scalar = m >= 0x20a, dbl = (m & 1) != 0;
        int size = dbl ? 8 : 4;
        sse.loadXmm(i.reg, r);
        sse.source(i, scalar ? size : 16, !scalar, t);
        begin();
        int rc = (imm & 4) != 0 ? e.rounding : imm & 3;
        boolean quiet = (imm & 8) != 0;
        int lanes = scalar ? 1 : 16 / size;
        for (int k = 0; k < lanes; k++) {
            long v = SimdInt.get(t, size, k);
            SimdInt.set(r, size, k, dbl ? SoftFloat.roundInt64(v, rc, quiet, e) : SoftFloat.roundInt32((int) v, rc, quiet, e) & 0xffffffffL);
        }
        finish();
        sse.storeXmm(i.reg, r);
    }

    /**
     * DPPS/DPPD: the products of the lanes imm 7:4 selects (others +0.0), summed pairwise
     * ((0+1)+(2+3) for DPPS), written to the lanes imm 3:0 selects (others zero).
     */
    private void dotProduct(Insn i, boolean dbl) {
        int size = dbl ? 8 : 4, lanes = 16 / size, imm = (int) i.imm;
        sse.loadXmm(i.reg, d);
        sse.source(i, 16, true, t);
        begin();
        long[] p = new long[4];
        for (int k = 0; k < lanes; k++) {
            if ((imm & (0x10 << k)) == 0) continue;
            long a = SimdInt.get(d, size, k), b = SimdInt.get(t, size, k);
            p[k] = dbl ? SoftFloat.mul64(a, b, e) : SoftFloat.mul32((int) a, (int) b, e) & 0xffffffffL;
        }
        long sum;
        if (dbl) {
            sum = SoftFloat.add64(p[0], p[1], e);
        } else {
            int lo = SoftFloat.add32((int) p[0], (int) p[1], e), hi = SoftFloat.add32((int) p[2], (int) p[3], e);
            sum = SoftFloat.add32(lo, hi, e) & 0xffffffffL;
        }
        r[0] = r[1] = 0;
        for (int k = 0; k < lanes; k++) if ((imm & (1 << k)) != 0) SimdInt.set(r, size, k, sum);
        finish();
        sse.storeXmm(i.reg, r);
    }
}
