package org.plugboard.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.bus.IrqFabric;

/** A device raising and dropping its line, heard by one interrupt controller. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IrqBenchmark {
    IrqLine line;
    boolean level;

    /** Stands in for a PIC input: remembers the level and counts edges. */
    static final class Pin implements IrqListener {
        boolean level;
        long edges;

        @Override
        public void levelChanged(IrqLine line, boolean asserted) {
            level = asserted;
            if (asserted) edges++;
        }
    }

    @Setup
    public void setUp() {
        IrqFabric fabric = new IrqFabric();
        line = fabric.line("isa.4");
        fabric.listen("isa.4", new Pin());
    }

    /** Every call changes the level, so every call notifies the listener. */
    @Benchmark
    public void setToggling() {
        level = !level;
        line.set(level);
    }

    @Benchmark
    public void pulse() {
        line.pulse();
    }
}
