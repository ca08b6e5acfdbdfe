package org.plugboard.api.clock;

/**
 * A one-shot timer on the virtual clock. Periodic behaviour is a callback that re-arms. Timers a
 * device created are cancelled when the device is detached.
 */
public interface Timer {
    String name();

    /** Arms (or re-arms) for an absolute virtual time; a deadline in the past fires at the next boundary. */
    void armAt(long deadlineNanos);

    /** Arms for {@code delayNanos} from now. */
    void armAfter(long delayNanos);

    void cancel();

    boolean isArmed();

    /** The armed deadline, or -1. */
    long deadline();
}
