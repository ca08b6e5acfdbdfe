package org.plugboard.api.device;

/** A live device instance in a machine. */
public interface Device {
    /** Connects the instance to the machine: map regions, take lines, create timers. */
    void realize(DeviceContext context);

    /** A machine reset (power-on state); regions stay mapped. */
    void reset();

    /** The guest-visible state, including what the guest wrote and what timers are armed for. */
    DeviceState saveState();

    /**
     * Loads a state saved by this or another implementation of the same type. An instance should
     * accept older versions it knows and throw {@link IllegalArgumentException} for ones it does
     * not. Called after {@link #realize}; re-assert IRQ levels here.
     */
    void restoreState(DeviceState state);

    /** Releases host resources (files, sockets, threads of a backend). Called after detaching. */
    default void close() {
    }

    /** One line of human-readable status for the shell ("COM1 8N1 115200, THR empty"). */
    default String describe() {
        return "";
    }
}
