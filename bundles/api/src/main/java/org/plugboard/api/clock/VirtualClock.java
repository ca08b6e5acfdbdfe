package org.plugboard.api.clock;

/** A machine's virtual clock and timer queue. */
public interface VirtualClock {
    /** Virtual nanoseconds since power-on; exact at the current instruction. */
    long nanos();

    ClockMode mode();

    /** A new, unarmed timer whose callback runs on the machine thread. */
    Timer newTimer(String name, Runnable callback);

    /**
     * Runs {@code task} on the machine thread at the next instruction boundary. Safe to call from
     * any thread (this is how backend threads hand work to a device).
     */
    void post(Runnable task);
}
