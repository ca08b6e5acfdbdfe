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

    /** All lines that exist, with who listens, for the shell. */
    List<String> describe();

    /** Undoes a {@link #listen}. */
    interface Registration {
        void remove();
    }
}
