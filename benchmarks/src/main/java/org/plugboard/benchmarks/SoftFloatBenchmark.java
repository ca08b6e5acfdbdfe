package org.plugboard.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.cpu.x86.fp.Extended80;
import org.plugboard.cpu.x86.fp.FpEnv;
import org.plugboard.cpu.x86.fp.FpFormat;
import org.plugboard.cpu.x86.fp.SoftFloat;

/**
 * The soft-float core: one x87 FADD/FMUL/FDIV/FSQRT on 80-bit operands (64-bit precision, round to
 * nearest), and SSE ADDSD/DIVSD for comparison, on a ring of random normal operands.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SoftFloatBenchmark {
    private static final int N = 1024;
    final int[] sexp = new int[N];
    final long[] mant = new long[N];
    final long[] doubles = new long[N];
    final FpEnv env = new FpEnv();
    int k;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        for (int i = 0; i < N; i++) {
            sexp[i] = (r.nextBoolean() ? 0x8000 : 0) | (16383 + r.nextInt(64) - 32);
            mant[i] = Long.MIN_VALUE | r.nextLong();
            doubles[i] = Double.doubleToRawLongBits((r.nextDouble() + 0.5) * (1 << r.nextInt(20)));
        }
        env.x87 = true;
        env.masks = 0x3f;
    }

    private int next() {
        k = (k + 1) & (N - 1);
        return k;
    }

    @Benchmark
    public long fadd80() {
        int a = next(), b = (a + 1) & (N - 1);
        return Extended80.add(sexp[a], mant[a], sexp[b], mant[b], false, FpFormat.EXTENDED, env) + env.sexp;
    }

    @Benchmark
    public long fmul80() {
        int a = next(), b = (a + 1) & (N - 1);
        return Extended80.mul(sexp[a], mant[a], sexp[b], mant[b], FpFormat.EXTENDED, env) + env.sexp;
    }

    @Benchmark
    public long fdiv80() {
        int a = next(), b = (a + 1) & (N - 1);
        return Extended80.div(sexp[a], mant[a], sexp[b], mant[b], FpFormat.EXTENDED, env) + env.sexp;
    }

    @Benchmark
    public long fsqrt80() {
        int a = next();
        return Extended80.sqrt(sexp[a] & 0x7fff, mant[a], FpFormat.EXTENDED, env) + env.sexp;
    }

    @Benchmark
    public long addsd() {
        int a = next();
        return SoftFloat.add64(doubles[a], doubles[(a + 1) & (N - 1)], env);
    }

    @Benchmark
    public long divsd() {
        int a = next();
        return SoftFloat.div64(doubles[a], doubles[(a + 1) & (N - 1)], env);
    }
}
