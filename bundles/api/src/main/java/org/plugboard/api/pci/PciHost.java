package org.plugboard.api.pci;

import java.util.List;

/** A chipset's PCI host: where functions are plugged in. */
public interface PciHost {
    /** Ask for no particular slot: the chipset picks the next free one. */
    int ANY_DEVFN = -1;

    /**
     * Plugs a function in at {@code devfn} (device &lt;&lt; 3 | function), or at the next free slot.
     *
     * @throws IllegalStateException if the slot is taken, naming both functions
     */
    PciAttachment attach(String owner, PciFunction function, int devfn);

    List<PciAttachment> attachments();

    /** A configuration access as the guest makes it (mechanism #1 or ECAM decode it into this). */
    int configRead(int bus, int devfn, int offset, int size);

    void configWrite(int bus, int devfn, int offset, int size, int value);
}
