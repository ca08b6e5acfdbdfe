package org.plugboard.chipset.piix.pci;

import java.util.List;

/**
 * How a board wires the INTx pins of its PCI functions to the inputs of its interrupt router
 * (PIRQ lines on PC chipsets). Pins sharing an input are wire-ORed by the {@link PciBus}.
 */
public interface IntxWiring {
    /** The fabric lines the wiring drives, one per router input (e.g. {@code pirq.A}..{@code pirq.D}). */
    List<String> lines();

    /**
     * The index in {@link #lines()} that pin {@code pin} (0 = INTA .. 3 = INTD) of the function
     * at {@code bus}/{@code devfn} drives.
     */
    int lineFor(int bus, int devfn, int pin);
}
