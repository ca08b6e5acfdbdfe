package org.plugboard.benchmarks;

import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;

/**
 * Register files the benchmarks map, and the profile pollution that makes their call sites
 * realistic: a real machine has dozens of handler classes behind one dispatch site, so the JIT
 * cannot inline the handler as it could with a single class.
 */
final class Handlers {
    private Handlers() {
    }

    /** A register file of bytes; the cheapest handler a device could have. */
    static final class Registers implements RegionOps {
        final byte[] regs;

        Registers(int size) {
            regs = new byte[size];
        }

        @Override
        public long read(long offset, int size) {
            long v = 0;
            for (int i = size - 1; i >= 0; i--) v = (v << 8) | (regs[(int) offset + i] & 0xff);
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            for (int i = 0; i < size; i++) regs[(int) offset + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Two more handler classes, only there to make the dispatch call site megamorphic. */
    static final class Latch implements RegionOps {
        long value;

        @Override public long read(long offset, int size) { return value; }
        @Override public void write(long offset, int size, long v) { value = v; }
    }

    static final class Counter implements RegionOps {
        long reads, writes;

        @Override public long read(long offset, int size) { return ++reads; }
        @Override public void write(long offset, int size, long v) { writes++; }
    }

    static Region registers(String owner, int size, int min, int max) {
        return Region.of("regs", owner, size, min, max, new Registers(size));
    }

    /**
     * Maps a latch and a counter at {@code base} and {@code base + 0x10} of {@code space} and
     * reads and writes all three kinds of handler there and at {@code hot} until the interpreter
     * has seen every class at the dispatch call sites.
     */
    static void pollute(AddressSpace space, long base, long hot) {
        space.map(Region.of("latch", "polluter", 4, 1, 4, new Latch()), base);
        space.map(Region.of("counter", "polluter", 4, 1, 4, new Counter()), base + 0x10);
        for (int i = 0; i < 20_000; i++) {
            for (long a : new long[] {base, base + 0x10, hot}) {
                space.write(a, 1, i);
                space.read(a, 1);
            }
        }
    }
}
