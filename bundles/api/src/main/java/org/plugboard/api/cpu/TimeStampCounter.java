package org.plugboard.api.cpu;

/**
 * A vCPU's time-stamp counter as RDTSC reads it, including the guest's own moves of it (WRMSR
 * IA32_TSC). The LAPIC's TSC-deadline timer compares against it.
 */
public interface TimeStampCounter {
    /** The count now. */
    long read();

    /**
     * The virtual time (ns) at which the count reaches {@code count}, an unsigned value; a count
     * already reached gives the present.
     */
    long nanosWhen(long count);
}
