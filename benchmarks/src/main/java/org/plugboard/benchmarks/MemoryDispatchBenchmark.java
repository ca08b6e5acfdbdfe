package org.plugboard.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.PhysicalPage;
import org.plugboard.bus.PhysicalMemory;
import org.plugboard.bus.Ram;

/**
 * Guest-physical accesses: MMIO on a page one region decodes, MMIO on a page shared by several
 * sub-page regions (IOAPIC-style), and the CPU's RAM path (page look-up, then a plain array
 * access).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryDispatchBenchmark {
    static final long MMIO = 0xfebf0000L, SHARED = 0xfec00000L;
    static final int RAM_PAGES = 256;

    PhysicalMemory memory;
    long value = 0x1234;
    /** Walks over the RAM pages so the look-up cannot be hoisted. */
    long pageNumber;

    @Setup
    public void setUp() {
        memory = new PhysicalMemory(new Ram(RAM_PAGES * MemorySpace.PAGE_SIZE));
        memory.mapRam("ram", "machine", 0, 0, RAM_PAGES * MemorySpace.PAGE_SIZE, false, 0);
        memory.map(Handlers.registers("nic", MemorySpace.PAGE_SIZE, 4, 4), MMIO);
        memory.map(Handlers.registers("ioapic", 0x20, 4, 4), SHARED);
        memory.map(Handlers.registers("other", 0x20, 1, 4), SHARED + 0x400);
        memory.map(Handlers.registers("third", 0x20, 1, 4), SHARED + 0x800);
        Handlers.pollute(memory, 0xfed00000L, MMIO + 8);
        Handlers.pollute(memory, 0xfed10000L, SHARED + 0x10);
    }

    @Benchmark
    public long mmioPageRead() {
        return memory.read(MMIO + 8, 4);
    }

    @Benchmark
    public void mmioPageWrite() {
        memory.write(MMIO + 8, 4, value);
    }

    @Benchmark
    public long sharedPageRead() {
        return memory.read(SHARED + 0x810, 4);
    }

    @Benchmark
    public void sharedPageWrite() {
        memory.write(SHARED + 0x810, 4, value);
    }

    /** What a CPU's TLB refill does: look the page up, then read a byte straight from the bank. */
    @Benchmark
    public int ramPageLookup() {
        long pn = pageNumber = (pageNumber + 1) & (RAM_PAGES - 1);
        PhysicalPage p = memory.page(pn);
        return p.ram[p.ramOffset + 0x10];
    }

    /** The same RAM through the generic access path (DMA-less device or loader code). */
    @Benchmark
    public long ramReadThroughTheSpace() {
        long pn = pageNumber = (pageNumber + 1) & (RAM_PAGES - 1);
        return memory.read((pn << MemorySpace.PAGE_SHIFT) + 0x10, 4);
    }
}
