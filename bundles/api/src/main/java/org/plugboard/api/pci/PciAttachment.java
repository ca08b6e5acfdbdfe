package org.plugboard.api.pci;

import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.IrqLine;

/** A function plugged into a host. */
public interface PciAttachment {
    String owner();

    int bus();

    int devfn();

    /** "BB:DD.F" as lspci prints it. */
    default String address() {
        return String.format("%02x:%02x.%x", bus(), devfn() >> 3, devfn() & 7);
    }

    PciFunction function();

    /** The line for the function's interrupt pin (INTx), as the chipset routes it. */
    IrqLine intx();

    /** Bus-master DMA, refused while the function's command register has bus mastering off. */
    Dma busMaster();

    /** Unplugs: BARs unmapped, the slot freed. */
    void detach();
}
