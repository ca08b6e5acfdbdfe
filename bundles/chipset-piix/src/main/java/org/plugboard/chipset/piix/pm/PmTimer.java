package org.plugboard.chipset.piix.pm;

/**
 * The ACPI PM timer's arithmetic: 3.579545 MHz ticks computed from virtual time (no ticking),
 * a 24-bit counter, and the overflow event every 2^23 ticks (TMR_STS is set each time bit 23
 * changes, ACPI 6.x section 4.8.3.3; QEMU hw/acpi/core.c, acpi_pm_tmr_calc_overflow_time).
 */
final class PmTimer {
    static final long FREQUENCY = 3_579_545;
    static final int MASK = 0xffffff;
    static final long OVERFLOW_PERIOD = 1L << 23;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PmTimer() {
    }

    /** Whole ticks completed at {@code nanos} (floor), exact for any non-negative time. */
    static long ticksAt(long nanos) {
        return nanos / NANOS_PER_SECOND * FREQUENCY + nanos % NANOS_PER_SECOND * FREQUENCY / NANOS_PER_SECOND;
    }

    /** The first virtual nanosecond at which {@code ticks} ticks have completed (ceiling). */
    static long nanosAt(long ticks) {
        return ticks / FREQUENCY * NANOS_PER_SECOND + (ticks % FREQUENCY * NANOS_PER_SECOND + FREQUENCY - 1) / FREQUENCY;
    }

    /** The counter value a guest reads at {@code nanos}. */
    static int valueAt(long nanos) {
        return (int) (ticksAt(nanos) & MASK);
    }

    /** The tick count of the next bit-23 transition after {@code ticks}. */
    static long nextOverflow(long ticks) {
        return (ticks + OVERFLOW_PERIOD) & ~(OVERFLOW_PERIOD - 1);
    }
}
