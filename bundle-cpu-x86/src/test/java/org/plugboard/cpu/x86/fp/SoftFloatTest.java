package org.plugboard.cpu.x86.fp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * SoftFloat bit for bit against this machine's SSE unit: every operation on random operands rich in
 * special values (zeros, denormals, infinities, quiet and signalling NaNs, extreme exponents, halfway
 * and near-halfway significands), in all four rounding modes with every DAZ/FTZ combination; results
 * and all six exception flags must match. Exceptions are masked (an unmasked one writes no result:
 * that is the SSE unit's business). Scale with -Dsoftfloat.scale=N cases per operation and mode.
 */
class SoftFloatTest {
    private interface Op {
        long apply(long a, long b, FpEnv e);
    }

    private record Named(String name, int kind, Op op) {
    }

    static final int F32 = 0, F64 = 1, I32 = 2, I64 = 3;

    @Test
    void matchesTheHostSseUnitBitForBit() throws Exception {
        assertTrue(HostProgram.available(), "the soft-float test needs an x86-64 host with gcc (the oracle is this CPU)");
        HostProgram host = HostProgram.build("/softfloat/sse-oracle.c", Path.of("target", "softfloat"));
        int scale = Integer.getInteger("softfloat.scale", 400);
        Random random = new Random(Long.getLong("softfloat.seed", 20261125L));
        List<Named> ops = operations();
        List<String> lines = new ArrayList<>();
        List<long[]> cases = new ArrayList<>();
        for (int o = 0; o < ops.size(); o++) {
            Named op = ops.get(o);
            for (int mode = 0; mode < 16; mode++) {
                for (int k = 0; k < scale; k++) {
                    long a = operand(random, op.kind, -1, 0);
                    long b = operand(random, op.kind, a, random.nextInt(4));
                    int mxcsr = 0x1f80 | ((mode & 3) << 13) | ((mode & 4) != 0 ? 0x40 : 0) | ((mode & 8) != 0 ? 0x8000 : 0);
                    lines.add(String.format("%s %x %x %x", op.name, mxcsr, a, b));
                    cases.add(new long[] {o, mxcsr, a, b});
                }
            }
        }
        List<String> expected = host.run(lines);
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < cases.size(); k++) {
            long[] c = cases.get(k);
            Named op = ops.get((int) c[0]);
            FpEnv e = new FpEnv();
            int mxcsr = (int) c[1];
            e.rounding = (mxcsr >> 13) & 3;
            e.daz = (mxcsr & 0x40) != 0;
            e.ftz = (mxcsr & 0x8000) != 0;
            e.masks = 0x3f;
            long r = op.op.apply(c[2], c[3], e);
            String actual = String.format("%x %x", r, e.flags);
            int[] n = counts.computeIfAbsent(op.name, x -> new int[2]);
            n[0]++;
            if (!actual.equals(expected.get(k))) {
                n[1]++;
                if (failures.size() < 30) failures.add(lines.get(k) + ": host " + expected.get(k) + ", soft-float " + actual);
            }
        }
        StringBuilder report = new StringBuilder("SoftFloat against the host SSE unit (cases per operation, 4 roundings x DAZ x FTZ):\n");
        counts.forEach((name, n) -> report.append(String.format("  %-12s %7d cases, %d mismatches%n", name, n[0], n[1])));
        report.append(String.format("  %-12s %7d cases%n", "total", cases.size()));
        System.out.print(report);
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), () -> failures.size() + "+ mismatches, first: " + failures.get(0));
    }

    private static List<Named> operations() {
        List<Named> ops = new ArrayList<>();
        ops.add(new Named("add32", F32, (a, b, e) -> SoftFloat.add32((int) a, (int) b, e) & 0xffffffffL));
        ops.add(new Named("sub32", F32, (a, b, e) -> SoftFloat.sub32((int) a, (int) b, e) & 0xffffffffL));
        ops.add(new Named("mul32", F32, (a, b, e) -> SoftFloat.mul32((int) a, (int) b, e) & 0xffffffffL));
        ops.add(new Named("div32", F32, (a, b, e) -> SoftFloat.div32((int) a, (int) b, e) & 0xffffffffL));
        ops.add(new Named("sqrt32", F32, (a, b, e) -> SoftFloat.sqrt32((int) a, e) & 0xffffffffL));
        ops.add(new Named("add64", F64, SoftFloat::add64));
        ops.add(new Named("sub64", F64, SoftFloat::sub64));
        ops.add(new Named("mul64", F64, SoftFloat::mul64));
        ops.add(new Named("div64", F64, SoftFloat::div64));
        ops.add(new Named("sqrt64", F64, (a, b, e) -> SoftFloat.sqrt64(a, e)));
        ops.add(new Named("f64to32", F64, (a, b, e) -> SoftFloat.f64to32(a, e) & 0xffffffffL));
        ops.add(new Named("f32to64", F32, (a, b, e) -> SoftFloat.f32to64((int) a, e)));
        ops.add(new Named("i32to32", I32, (a, b, e) -> SoftFloat.i32to32((int) a, e) & 0xffffffffL));
        ops.add(new Named("i32to64", I32, (a, b, e) -> SoftFloat.i32to64((int) a, e)));
        ops.add(new Named("i64to32", I64, (a, b, e) -> SoftFloat.i64to32(a, e) & 0xffffffffL));
        ops.add(new Named("i64to64", I64, (a, b, e) -> SoftFloat.i64to64(a, e)));
        for (boolean t : new boolean[] {true, false}) {
            String s = t ? "t" : "r";
            ops.add(new Named("f32toI32" + s, F32, (a, b, e) -> SoftFloat.f32toI32((int) a, t, e) & 0xffffffffL));
            ops.add(new Named("f32toI64" + s, F32, (a, b, e) -> SoftFloat.f32toI64((int) a, t, e)));
            ops.add(new Named("f64toI32" + s, F64, (a, b, e) -> SoftFloat.f64toI32(a, t, e) & 0xffffffffL));
            ops.add(new Named("f64toI64" + s, F64, (a, b, e) -> SoftFloat.f64toI64(a, t, e)));
        }
        for (int imm : new int[] {0, 1, 2, 3, 4, 8, 9, 10, 11, 12}) {
            ops.add(new Named("round32_" + imm, F32, (a, b, e) ->
                    SoftFloat.roundInt32((int) a, (imm & 4) != 0 ? e.rounding : imm & 3, (imm & 8) != 0, e) & 0xffffffffL));
            ops.add(new Named("round64_" + imm, F64, (a, b, e) ->
                    SoftFloat.roundInt64(a, (imm & 4) != 0 ? e.rounding : imm & 3, (imm & 8) != 0, e)));
        }
        ops.add(new Named("ucom32", F32, (a, b, e) -> SoftFloat.compare32((int) a, (int) b, false, e)));
        ops.add(new Named("com32", F32, (a, b, e) -> SoftFloat.compare32((int) a, (int) b, true, e)));
        ops.add(new Named("ucom64", F64, (a, b, e) -> SoftFloat.compare64(a, b, false, e)));
        ops.add(new Named("com64", F64, (a, b, e) -> SoftFloat.compare64(a, b, true, e)));
        return ops;
    }

    /**
     * A random operand of the kind. For the second operand (related >= 0) the exponent is often tied
     * to the first's so that sums cancel, products and quotients reach the ends of the range, and
     * results land on or next to rounding boundaries.
     */
    static long operand(Random r, int kind, long first, int relation) {
        if (kind == I32) return (int) integer(r, 32);
        if (kind == I64) return integer(r, 64);
        int fb = kind == F32 ? 23 : 52, eb = kind == F32 ? 8 : 11, bias = (1 << (eb - 1)) - 1, emax = (1 << eb) - 1;
        long sign = r.nextBoolean() ? 1L << (fb + eb) : 0;
        long frac = fraction(r, fb);
        int exp;
        int firstExp = first < 0 && kind == F64 ? (int) ((first >>> fb) & emax) : (int) ((first >>> fb) & emax);
        if (relation == 1 && first != -1) exp = Math.max(0, Math.min(emax - 1, firstExp + r.nextInt(fb + 6) - 3));
        else if (relation == 2 && first != -1) {
            // products or quotients near the overflow or underflow threshold
            int target = r.nextBoolean() ? emax - 1 - r.nextInt(3) + bias : 1 + r.nextInt(3) - fb + bias;
            int e1 = target - firstExp, e2 = firstExp - target + 2 * bias;
            exp = Math.max(0, Math.min(emax - 1, r.nextBoolean() ? e1 : e2 - bias));
        } else {
            switch (r.nextInt(14)) {
                case 0: return sign;
                case 1: return sign | (frac == 0 ? 1 : frac);
                case 2: return sign | ((long) emax << fb);
                case 3: return sign | ((long) emax << fb) | (1L << (fb - 1)) | frac;
                case 4: return sign | ((long) emax << fb) | Math.max(1, frac & ~(1L << (fb - 1)));
                case 5: exp = emax - 1 - r.nextInt(3); break;
                case 6: exp = 1 + r.nextInt(3); break;
                case 7: exp = bias + r.nextInt(5) - 2; break;
                case 8: exp = bias + r.nextInt(130) - 65; break;
                default: exp = 1 + r.nextInt(emax - 1);
            }
        }
        return sign | ((long) exp << fb) | frac;
    }

    /** Significand bits: random, all ones, sparse (exact or halfway results), or zero. */
    static long fraction(Random r, int fb) {
        long mask = (1L << fb) - 1;
        switch (r.nextInt(6)) {
            case 0: return 0;
            case 1: return mask;
            case 2: return (1L << r.nextInt(fb)) | (r.nextBoolean() ? 1L << r.nextInt(fb) : 0);
            case 3: return mask & ~((1L << r.nextInt(fb)) - 1);
            default: return r.nextLong() & mask;
        }
    }

    static long integer(Random r, int bits) {
        switch (r.nextInt(6)) {
            case 0: return r.nextInt(2001) - 1000;
            case 1: return (r.nextBoolean() ? 1L : -1L) << r.nextInt(bits);
            case 2: { long v = (1L << (24 + r.nextInt(bits - 24))) + r.nextInt(9) - 4; return r.nextBoolean() ? v : -v; }
            case 3: { int top = r.nextInt(bits - 1); long v = (1L << top) | (r.nextLong() & ((1L << top) - 1)); return r.nextBoolean() ? v : -v; }
            default: return bits == 32 ? r.nextInt() : r.nextLong();
        }
    }
}
