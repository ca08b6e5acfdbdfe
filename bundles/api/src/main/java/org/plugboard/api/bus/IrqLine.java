package org.plugboard.api.bus;

/**
 * An interrupt request line, with logical assertion (true = asserted, whatever the wire's
 * polarity). Owned by the machine's {@link InterruptFabric}; devices only drive it.
 */
public interface IrqLine {
    /** The line's name in the fabric, e.g. {@code isa.4} or {@code gsi.16}. */
    String name();

    /** A level source: asserts or deasserts the line. Setting the current level again is a no-op. */
    void set(boolean asserted);

    /** An edge source: one assertion followed by deassertion. */
    void pulse();

    boolean isAsserted();
}
