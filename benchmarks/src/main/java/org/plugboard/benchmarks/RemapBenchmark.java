package org.plugboard.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.api.bus.Mapping;
import org.plugboard.bus.PhysicalMemory;
import org.plugboard.bus.Ram;

/**
 * One topology change as a guest programming a memory BAR causes it: moving a mapping back and
 * forth, each move rebuilding the pages it leaves and enters. A sub-page region makes shared
 * pages; a region of whole pages does not. Twenty other MMIO regions and RAM are mapped.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RemapBenchmark {
    @Param({"1024", "4096"})
    int size;

    Mapping bar;
    boolean flip;

    @Setup
    public void setUp() {
        PhysicalMemory memory = new PhysicalMemory(new Ram(64 << 20));
        memory.mapRam("ram", "machine", 0, 0, 64 << 20, false, 0);
        for (int i = 0; i < 20; i++) memory.map(Handlers.registers("dev" + i, 0x100, 1, 4), 0xfe000000L + i * 0x1000L);
        bar = memory.map(Handlers.registers("nic", size, 4, 4), 0xfebf0000L);
    }

    @Benchmark
    public void moveBar() {
        flip = !flip;
        bar.move(flip ? 0xfebe0000L : 0xfebf0000L);
    }
}
