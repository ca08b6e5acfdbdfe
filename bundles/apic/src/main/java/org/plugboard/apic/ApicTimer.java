package org.plugboard.apic;

import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.TimeStampCounter;
import org.plugboard.api.device.DeviceState;

/**
 * The local APIC timer: a down-counter clocked by the 1 GHz APIC bus clock through the divide
 * configuration register (one-shot and periodic modes), or a TSC deadline. The count is computed
 * from virtual time when read; one clock timer is armed for the next expiry only.
 */
final class ApicTimer {
    static final int ONE_SHOT = 0;
    static final int PERIODIC = 1;
    static final int TSC_DEADLINE = 2;

    /** The bus clock ticks once per nanosecond before division (the rate QEMU's model uses, so guests calibrate alike). */
    private static final long NANOS_PER_BUS_TICK = 1;

    private final VirtualClock clock;
    private final Timer timer;
    private final Runnable expired;
    /** The vCPU's counter once it hands it over; until then virtual ns times {@code tsc-per-ns}. */
    private TimeStampCounter tsc;

    private int mode;
    private long initialCount;
    private int divideConfig;
    /** While counting: the count at {@link #baseNanos}. */
    private long countAtBase;
    private long baseNanos;
    private boolean counting;
    private long tscDeadline;

    ApicTimer(VirtualClock clock, String name, long tscPerNano, Runnable expired) {
        this.clock = clock;
        this.tsc = new ClockCounter(clock, tscPerNano);
        this.expired = expired;
        this.timer = clock.newTimer(name, this::fire);
    }

    void reset() {
        timer.cancel();
        mode = ONE_SHOT;
        initialCount = 0;
        divideConfig = 0;
        countAtBase = 0;
        counting = false;
        tscDeadline = 0;
    }

    /** The DCR value 0..0xb maps to divisors 2, 4, 8, 16, 32, 64, 128 and 1 (bit 2 is not part of the field). */
    private long divisor() {
        int code = (divideConfig & 3) | (divideConfig >>> 1 & 4);
        return 1L << ((code + 1) & 7);
    }

    private long nanosPerTick() {
        return divisor() * NANOS_PER_BUS_TICK;
    }

    /** A mode change (LVT timer bits 18:17) stops the counter and forgets a pending deadline, as on hardware. */
    void setMode(int newMode) {
        if (newMode == mode) return;
        mode = newMode;
        timer.cancel();
        counting = false;
        initialCount = 0;
        tscDeadline = 0;
    }

    int mode() {
        return mode;
    }

    void writeInitialCount(long count) {
        if (mode == TSC_DEADLINE) return; // the count registers are ignored in TSC-deadline mode
        initialCount = count & 0xffffffffL;
        if (initialCount == 0) {
            counting = false;
            timer.cancel();
            return;
        }
        countAtBase = initialCount;
        baseNanos = clock.nanos();
        counting = true;
        armForZero();
    }

    long initialCount() {
        return initialCount;
    }

    /**
     * The count now. A periodic timer whose expiry the machine loop has not served yet (it runs
     * timers between vCPU slices) has already reloaded: the count is its place in the current period.
     */
    long currentCount() {
        if (!counting) return 0;
        long elapsedTicks = (clock.nanos() - baseNanos) / nanosPerTick();
        if (elapsedTicks < countAtBase) return countAtBase - elapsedTicks;
        return mode == PERIODIC ? initialCount - (elapsedTicks - countAtBase) % initialCount : 0;
    }

    /** A new divisor takes effect from now on: the count reached so far continues at the new rate. */
    void writeDivideConfig(int value) {
        long count = currentCount();
        divideConfig = value & 0xb;
        if (counting) {
            countAtBase = count;
            baseNanos = clock.nanos();
            armForZero();
        }
    }

    int divideConfig() {
        return divideConfig;
    }

    void writeTscDeadline(long deadline) {
        if (mode != TSC_DEADLINE) return;
        tscDeadline = deadline;
        if (deadline == 0) timer.cancel();
        else timer.armAt(tsc.nanosWhen(deadline));
    }

    /** The counter the deadline compares against changed (or moved): a pending deadline is re-armed against it. */
    void useTimeStampCounter(TimeStampCounter counter) {
        tsc = counter;
        if (mode == TSC_DEADLINE && tscDeadline != 0) writeTscDeadline(tscDeadline);
    }

    long tscDeadline() {
        return mode == TSC_DEADLINE ? tscDeadline : 0;
    }

    private void armForZero() {
        timer.armAt(baseNanos + countAtBase * nanosPerTick());
    }

    private void fire() {
        if (mode == TSC_DEADLINE) {
            tscDeadline = 0;
        } else if (!counting) {
            return;
        } else if (mode == PERIODIC) {
            // the next period starts exactly where this one ended, so periodic interrupts never drift;
            // periods that passed wholly before this late expiry was served collapse into this one
            // interrupt, as on QEMU
            long period = initialCount * nanosPerTick();
            baseNanos += countAtBase * nanosPerTick();
            countAtBase = initialCount;
            long late = clock.nanos() - baseNanos;
            if (late >= period) baseNanos += late / period * period;
            armForZero();
        } else {
            counting = false;
        }
        expired.run();
    }

    void save(DeviceState s, String prefix) {
        s.putInt(prefix + "mode", mode).putLong(prefix + "initialCount", initialCount)
                .putInt(prefix + "divideConfig", divideConfig).putBoolean(prefix + "counting", counting)
                .putLong(prefix + "countAtBase", countAtBase).putLong(prefix + "baseNanos", baseNanos)
                .putLong(prefix + "tscDeadline", tscDeadline);
    }

    void restore(DeviceState s, String prefix) {
        timer.cancel();
        mode = s.getInt(prefix + "mode");
        initialCount = s.getLong(prefix + "initialCount");
        divideConfig = s.getInt(prefix + "divideConfig");
        counting = s.getBoolean(prefix + "counting");
        countAtBase = s.getLong(prefix + "countAtBase");
        baseNanos = s.getLong(prefix + "baseNanos");
        tscDeadline = s.getLong(prefix + "tscDeadline");
        if (counting) armForZero();
        else if (mode == TSC_DEADLINE && tscDeadline != 0) writeTscDeadline(tscDeadline);
    }

    String describe() {
        String[] names = {"one-shot", "periodic", "tsc-deadline"};
        String m = mode < names.length ? names[mode] : "reserved";
        return mode == TSC_DEADLINE ? m + " deadline=" + Long.toUnsignedString(tscDeadline)
                : m + " initial=" + initialCount + " current=" + currentCount() + " divide=" + divisor();
    }

    /** A TSC that is virtual time at a fixed rate, for an APIC whose vCPU hands over no counter of its own. */
    private record ClockCounter(VirtualClock clock, long perNano) implements TimeStampCounter {
        @Override
        public long read() {
            return clock.nanos() * perNano;
        }

        @Override
        public long nanosWhen(long count) {
            long q = Long.divideUnsigned(count, perNano);
            long nanos = Long.remainderUnsigned(count, perNano) == 0 ? q : q + 1;
            return nanos < 0 ? Long.MAX_VALUE : Math.max(clock.nanos(), nanos); // beyond 2^63 ns is never
        }
    }
}
