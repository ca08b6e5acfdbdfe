package org.plugboard.hpet;

import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.device.DeviceState;

/**
 * One comparator of the HPET: its configuration/capability register, comparator, periodic
 * accumulator and FSB (MSI) route. It computes when the main counter next matches and arms one
 * clock timer for exactly that moment.
 */
final class HpetTimer {
    // configuration bits (low dword of Tn_CONF_CAP)
    static final long LEVEL = 1 << 1;
    static final long INT_ENABLE = 1 << 2;
    static final long PERIODIC = 1 << 3;
    static final long PERIODIC_CAPABLE = 1 << 4;
    static final long SIZE_64_CAPABLE = 1 << 5;
    static final long SET_VALUE = 1 << 6;
    static final long MODE_32 = 1 << 8;
    static final int ROUTE_SHIFT = 9;
    static final long ROUTE = 0x1fL << ROUTE_SHIFT;
    static final long FSB_ENABLE = 1 << 14;
    static final long FSB_CAPABLE = 1 << 15;
    private static final long WRITABLE = LEVEL | INT_ENABLE | PERIODIC | SET_VALUE | MODE_32 | ROUTE | FSB_ENABLE;
    private static final long LOW_32 = 0xffffffffL;

    private final int index;
    private final Hpet hpet;
    private final Timer timer;
    /** Capability bits (read-only) and the allowed-routes bitmap in the high dword. */
    private final long capabilities;

    private long config;
    private long comparator;
    private long period;
    private long fsbRoute;
    /** The main-counter value of the next match while {@link #timer} is armed. */
    private long nextMatch;

    HpetTimer(int index, Hpet hpet, VirtualClock clock, long routeCapability, boolean fsbCapable) {
        this.index = index;
        this.hpet = hpet;
        this.timer = clock.newTimer("hpet.T" + index, this::matched);
        this.capabilities = PERIODIC_CAPABLE | SIZE_64_CAPABLE | (fsbCapable ? FSB_CAPABLE : 0) | routeCapability << 32;
    }

    void reset() {
        timer.cancel();
        config = 0;
        comparator = -1L;
        period = 0;
        fsbRoute = 0;
    }

    int index() { return index; }

    boolean levelTriggered() { return (config & LEVEL) != 0; }

    boolean interruptEnabled() { return (config & INT_ENABLE) != 0; }

    boolean fsbDelivery() { return (config & FSB_ENABLE) != 0; }

    int route() { return (int) ((config & ROUTE) >>> ROUTE_SHIFT); }

    long fsbRoute() { return fsbRoute; }

    private boolean mode32() { return (config & MODE_32) != 0; }

    // --- registers (64-bit values; a 32-bit access is a masked write of one half) ---

    long readConfig() {
        return capabilities | config;
    }

    void writeConfig(long value, long mask) {
        long next = (config & ~mask) | (value & mask);
        next &= WRITABLE;
        if ((capabilities & FSB_CAPABLE) == 0) next &= ~FSB_ENABLE;
        long newRoute = (next & ROUTE) >>> ROUTE_SHIFT;
        if ((capabilities >>> 32 & 1L << newRoute) == 0) next = (next & ~ROUTE) | (config & ROUTE); // not routable
        config = next;
        if (mode32()) {
            comparator &= LOW_32;
            period &= LOW_32;
        }
        reschedule();
    }

    long readComparator() {
        return mode32() ? comparator & LOW_32 : comparator;
    }

    /**
     * In periodic mode a write sets the period (the accumulator step); only with the set-value
     * bit does it set the comparator itself. The set-value bit clears after one write.
     */
    void writeComparator(long value, long mask) {
        if (mode32()) mask &= LOW_32;
        boolean periodic = (config & PERIODIC) != 0;
        if (!periodic || (config & SET_VALUE) != 0) comparator = (comparator & ~mask) | (value & mask);
        period = (period & ~mask) | (value & mask);
        config &= ~SET_VALUE;
        reschedule();
    }

    long readFsbRoute() {
        return fsbRoute;
    }

    void writeFsbRoute(long value, long mask) {
        fsbRoute = (fsbRoute & ~mask) | (value & mask);
    }

    // --- matching ---

    /** Re-arms for the next match from the registers and the counter as they are now. */
    void reschedule() {
        timer.cancel();
        if (!hpet.counter().running()) return;
        long now = hpet.counter().value();
        if (mode32()) {
            armAt(now + ((comparator - now) & LOW_32));
        } else if (Long.compareUnsigned(comparator, now) >= 0) {
            armAt(comparator);
        } // a 64-bit comparator behind the counter matches only after the counter wraps: never
    }

    private void armAt(long count) {
        nextMatch = count;
        timer.armAt(hpet.counter().nanosAt(count));
    }

    /** The counter reached {@link #nextMatch}: signal, then step a periodic comparator or wait for the 32-bit wrap. */
    void matched() {
        hpet.timerFired(this);
        long now = hpet.counter().value();
        if ((config & PERIODIC) != 0 && period != 0) {
            // when the machine fell behind, matches it missed collapse into this one
            long steps = Math.max(1, (now - nextMatch) / period + 1);
            long next = nextMatch + steps * period;
            comparator = mode32() ? next & LOW_32 : next;
            armAt(next);
        } else if (mode32()) {
            armAt(nextMatch + (1L << 32)); // a 32-bit one-shot matches again when the low half wraps
        }
    }

    // --- state ---

    void save(DeviceState s) {
        String p = "timer" + index + ".";
        s.putLong(p + "config", config).putLong(p + "comparator", comparator).putLong(p + "period", period)
                .putLong(p + "fsbRoute", fsbRoute).putBoolean(p + "armed", timer.isArmed())
                .putLong(p + "nextMatch", nextMatch);
    }

    void restore(DeviceState s) {
        String p = "timer" + index + ".";
        config = s.getLong(p + "config");
        comparator = s.getLong(p + "comparator");
        period = s.getLong(p + "period");
        fsbRoute = s.getLong(p + "fsbRoute");
        timer.cancel();
        if (s.getBoolean(p + "armed") && hpet.counter().running()) armAt(s.getLong(p + "nextMatch"));
    }

    String describe() {
        return String.format("T%d %s%s%s cmp=%x period=%x -> %s", index, (config & PERIODIC) != 0 ? "periodic" : "one-shot",
                mode32() ? "/32" : "", levelTriggered() ? " level" : " edge", readComparator(), period,
                !interruptEnabled() ? "off" : fsbDelivery() ? "FSB" : "route " + route());
    }
}
