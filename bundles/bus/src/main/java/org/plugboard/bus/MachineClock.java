package org.plugboard.bus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;

/**
 * A machine's virtual clock and timer queue.
 * <p>
 * Deterministic mode: {@code nanos = offset + instructions * nanosPerInstruction}; the offset
 * only moves when every vCPU is idle and the machine skips ahead to the next deadline
 * ({@link #advanceTo}). Realtime mode: host time accumulated while running. Timers fire from
 * {@link #runDue} on the machine thread, ordered by deadline and then by arming order.
 */
public final class MachineClock implements VirtualClock {
    private final ClockMode mode;
    private final long nanosPerInstruction;
    private volatile LongSupplier instructions = () -> 0L;
    private long offset;
    private long runningSince = -1; // realtime: host nanoTime when last resumed, or -1 while stopped
    private long sequence;
    private final TreeSet<TimerImpl> queue = new TreeSet<>(
            Comparator.comparingLong((TimerImpl t) -> t.deadline).thenComparingLong(t -> t.seq));
    private final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
    private volatile Runnable wakeup = () -> { };

    public MachineClock(ClockMode mode, long nanosPerInstruction) {
        this.mode = mode;
        this.nanosPerInstruction = nanosPerInstruction;
    }

    /** Where deterministic time comes from: the instructions retired by all vCPUs. */
    public void setInstructionSource(LongSupplier source) {
        this.instructions = source;
    }

    /** Called when work is posted from another thread, to wake an idle machine thread. */
    public void setWakeup(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    @Override
    public ClockMode mode() { return mode; }

    public long nanosPerInstruction() { return nanosPerInstruction; }

    @Override
    public synchronized long nanos() {
        if (mode == ClockMode.DETERMINISTIC) return offset + instructions.getAsLong() * nanosPerInstruction;
        return runningSince < 0 ? offset : offset + (System.nanoTime() - runningSince);
    }

    /** Realtime mode: virtual time starts (or resumes) following the host. */
    public synchronized void resume() {
        if (mode == ClockMode.REALTIME && runningSince < 0) runningSince = System.nanoTime();
    }

    /** Realtime mode: virtual time stands still. */
    public synchronized void pause() {
        if (mode == ClockMode.REALTIME && runningSince >= 0) {
            offset += System.nanoTime() - runningSince;
            runningSince = -1;
        }
    }

    /** Moves virtual time forward to {@code t} (idle skip, or a test's advance); never backwards. */
    public synchronized void advanceTo(long t) {
        long now = nanos();
        if (t > now) offset += t - now;
    }

    /** Deadline of the earliest armed timer, or Long.MAX_VALUE. */
    public synchronized long nextDeadline() {
        return queue.isEmpty() ? Long.MAX_VALUE : queue.first().deadline;
    }

    public boolean hasPosted() {
        return !posted.isEmpty();
    }

    /**
     * Runs posted tasks, then every timer whose deadline has passed, in order. A timer a callback
     * re-arms for a time already past waits for the next call, so the guest runs in between.
     * Returns how many ran.
     */
    public int runDue() {
        int ran = 0;
        Runnable task;
        while ((task = posted.poll()) != null) { task.run(); ran++; }
        long armedBefore;
        synchronized (this) { armedBefore = sequence; }
        while (true) {
            TimerImpl t;
            synchronized (this) {
                if (queue.isEmpty() || queue.first().deadline > nanos()) break;
                t = queue.first();
                if (t.seq >= armedBefore) break;
                queue.pollFirst();
                t.armed = false;
            }
            t.callback.run();
            ran++;
        }
        return ran;
    }

    @Override
    public Timer newTimer(String name, Runnable callback) {
        return new TimerImpl(name, callback);
    }

    @Override
    public void post(Runnable task) {
        posted.add(task);
        wakeup.run();
    }

    /** Cancels every timer in the list (a detached device's). */
    public synchronized void cancelAll(List<Timer> timers) {
        for (Timer t : timers) t.cancel();
    }

    public synchronized List<String> describeTimers() {
        List<String> out = new ArrayList<>();
        for (TimerImpl t : queue) out.add(String.format("%-24s at %,d ns", t.name, t.deadline));
        return out;
    }

    final class TimerImpl implements Timer {
        private final String name;
        private final Runnable callback;
        private long deadline = -1;
        private long seq;
        private boolean armed;

        TimerImpl(String name, Runnable callback) {
            this.name = name;
            this.callback = callback;
        }

        @Override
        public String name() { return name; }

        @Override
        public void armAt(long deadlineNanos) {
            synchronized (MachineClock.this) {
                if (armed) queue.remove(this);
                deadline = deadlineNanos;
                seq = sequence++;
                armed = true;
                queue.add(this);
            }
            wakeup.run();
        }

        @Override
        public void armAfter(long delayNanos) {
            armAt(nanos() + delayNanos);
        }

        @Override
        public void cancel() {
            synchronized (MachineClock.this) {
                if (armed) queue.remove(this);
                armed = false;
                deadline = -1;
            }
        }

        @Override
        public boolean isArmed() {
            synchronized (MachineClock.this) { return armed; }
        }

        @Override
        public long deadline() {
            synchronized (MachineClock.this) { return armed ? deadline : -1; }
        }

        @Override
        public String toString() { return name; }
    }
}
