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
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.Timer;
import org.plugboard.bus.MachineClock;

/**
 * The machine clock's timer queue, with {@code others} timers armed far ahead as other devices'
 * would be (PIT, RTC, HPET comparators, LAPIC timers): arming one timer and cancelling it, moving
 * an armed timer's deadline, and arming one that is due at once and letting the machine loop's
 * {@code runDue} fire it. Deterministic clock, time moved by hand.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerQueueBenchmark {
    @Param({"0", "16", "256"})
    int others;

    MachineClock clock;
    Timer timer;
    long instructions;
    long fired;
    int step;

    @Setup
    public void setUp() {
        clock = new MachineClock(ClockMode.DETERMINISTIC, 1);
        clock.setInstructionSource(() -> instructions);
        for (int i = 0; i < others; i++) clock.newTimer("other" + i, () -> { }).armAt(Long.MAX_VALUE / 2 + i * 1000L);
        timer = clock.newTimer("measured", () -> fired++);
    }

    /** A deadline among the others' (they are far ahead, so it goes first; its place varies a little). */
    private long nextDeadline() {
        return clock.nanos() + 1000 + (++step & 1023);
    }

    @Benchmark
    public void armAndCancel() {
        timer.armAt(nextDeadline());
        timer.cancel();
    }

    /** Re-arming an armed timer: out of the queue and back in at the new deadline. */
    @Benchmark
    public void rearm() {
        timer.armAt(nextDeadline());
    }

    /** Armed for the next nanosecond, time moves one nanosecond, and runDue calls it back. */
    @Benchmark
    public long armAndFire() {
        timer.armAt(clock.nanos() + 1);
        instructions++;
        clock.runDue();
        return fired;
    }
}
