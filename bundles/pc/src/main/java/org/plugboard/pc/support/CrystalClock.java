package org.plugboard.pc.support;

/**
 * Converts between virtual nanoseconds and the cycles of a crystal (the PIT's 1.193182 MHz, the
 * RTC's 32.768 kHz). Exact integer arithmetic that does not overflow for any non-negative time,
 * so a device can compute its counters from the clock instead of ticking.
 */
public final class CrystalClock {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final long hertz;

    public CrystalClock(long hertz) {
        if (hertz <= 0 || hertz > NANOS_PER_SECOND) throw new IllegalArgumentException("bad frequency " + hertz);
        this.hertz = hertz;
    }

    public long hertz() { return hertz; }

    /** Whole cycles completed at {@code nanos} (floor). */
    public long cyclesAt(long nanos) {
        return nanos / NANOS_PER_SECOND * hertz + nanos % NANOS_PER_SECOND * hertz / NANOS_PER_SECOND;
    }

    /** The first virtual nanosecond at which {@code cycles} cycles have completed (ceiling). */
    public long nanosAt(long cycles) {
        long whole = cycles / hertz;
        long rest = cycles % hertz;
        return whole * NANOS_PER_SECOND + (rest * NANOS_PER_SECOND + hertz - 1) / hertz;
    }
}
