package org.plugboard.api.clock;

/** How virtual time advances. */
public enum ClockMode {
    /** Virtual time follows the host's monotonic clock while the machine runs. */
    REALTIME,
    /** Virtual time is a function of instructions retired: runs are repeatable. */
    DETERMINISTIC
}
