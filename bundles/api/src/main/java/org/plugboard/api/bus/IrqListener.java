package org.plugboard.api.bus;

/** What an interrupt controller or router implements to follow a line. */
public interface IrqListener {
    /** The line's level changed. */
    void levelChanged(IrqLine line, boolean asserted);

    /** The line was pulsed (an edge with no lasting level). */
    default void pulsed(IrqLine line) {
        levelChanged(line, true);
        levelChanged(line, false);
    }
}
