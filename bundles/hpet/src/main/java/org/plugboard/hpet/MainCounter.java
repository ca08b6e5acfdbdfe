package org.plugboard.hpet;

import org.plugboard.api.clock.VirtualClock;

/**
 * The 64-bit main counter at 100 MHz (one tick per 10 ns of virtual time). It is a function of
 * the clock while enabled and frozen while halted, so reads cost no timer events.
 */
final class MainCounter {
    static final long NANOS_PER_TICK = 10;
    /** The tick period in femtoseconds, as the capabilities register reports it. */
    static final long PERIOD_FS = NANOS_PER_TICK * 1_000_000;

    private final VirtualClock clock;
    private boolean running;
    /** The count at {@link #baseNanos} (while running) or the frozen count (while halted). */
    private long countAtBase;
    private long baseNanos;

    MainCounter(VirtualClock clock) {
        this.clock = clock;
    }

    long value() {
        return running ? countAtBase + (clock.nanos() - baseNanos) / NANOS_PER_TICK : countAtBase;
    }

    boolean running() {
        return running;
    }

    void setRunning(boolean run) {
        if (run == running) return;
        countAtBase = value();
        baseNanos = clock.nanos();
        running = run;
    }

    /** A guest write: the count continues from {@code count}. */
    void set(long count) {
        countAtBase = count;
        baseNanos = clock.nanos();
    }

    /** The virtual time at which the running counter reaches {@code count} (not before it). */
    long nanosAt(long count) {
        return baseNanos + (count - countAtBase) * NANOS_PER_TICK;
    }

    long baseNanos() {
        return baseNanos;
    }

    long countAtBase() {
        return countAtBase;
    }

    void restore(boolean run, long count, long base) {
        running = run;
        countAtBase = count;
        baseNanos = base;
    }
}
