package org.plugboard.api.bus;

import java.util.List;

/**
 * The machine's named IRQ lines. Names are conventions between devices and the chipset:
 * {@code isa.N} for ISA IRQ N (0-15), {@code gsi.N} for a global system interrupt,
 * {@code pci.BB:DD.F.INTx} for a PCI function's pin. The chipset listens to the lines it routes
 * and drives the ones its controllers decode.
 */
public interface InterruptFabric {
    /** The line with this name, created on first use; the same object every time. */
    IrqLine line(String name);

    /** Follows a line; the listener is told the current level at once if it is asserted. */
    Registration listen(String name, IrqListener listener);

    /**
     * Offers the interrupt-acknowledge (INTA) cycle of the controller whose output is
     * {@code line}: the 8259 behind a local APIC's LINT0 answers the APIC's ExtINT acknowledge
     * this way. {@code inta} returns the vector. One provider per line.
     */
    Registration provideAcknowledge(String line, java.util.function.IntSupplier inta);

    /** Runs the INTA cycle of the controller behind {@code line}; -1 when nobody provides one. */
    int acknowledge(String line);

    /** All lines that exist, with who listens, for the shell. */
    List<String> describe();

    /** Undoes a {@link #listen}. */
    interface Registration {
        void remove();
    }
}
