package org.plugboard.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.bus.IoSpace;

/**
 * An {@code in}/{@code out} as the CPU makes it: {@link IoSpace#read}/{@link IoSpace#write}.
 * The fast path is a register that takes the access size; the split path is a dword access to a
 * byte-only device (four handler calls, little-endian).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PortDispatchBenchmark {
    static final int UART = 0x3f8, BYTE_ONLY = 0x510;

    IoSpace io;
    long value = 0x41;

    @Setup
    public void setUp() {
        io = new IoSpace();
        io.map(Handlers.registers("uart", 8, 1, 4), UART);
        io.map(Handlers.registers("bytes", 4, 1, 1), BYTE_ONLY);
        Handlers.pollute(io, 0x80, UART);
    }

    @Benchmark
    public long inbFastPath() {
        return io.read(UART + 5, 1);
    }

    @Benchmark
    public void outbFastPath() {
        io.write(UART, 1, value);
    }

    @Benchmark
    public long inlSplitIntoBytes() {
        return io.read(BYTE_ONLY, 4);
    }

    @Benchmark
    public void outlSplitIntoBytes() {
        io.write(BYTE_ONLY, 4, value);
    }

    @Benchmark
    public long inbUnmapped() {
        return io.read(0x1234, 1);
    }
}
