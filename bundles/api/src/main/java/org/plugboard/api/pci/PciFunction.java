package org.plugboard.api.pci;

import org.plugboard.api.bus.Region;

/** One PCI function as its host sees it: configuration space and the regions behind its BARs. */
public interface PciFunction {
    /** A configuration read of 1, 2 or 4 bytes, naturally aligned, within the function's config space. */
    int configRead(int offset, int size);

    void configWrite(int offset, int size, int value);

    /** The region BAR {@code index} (0-5, 6 = expansion ROM) decodes, or null if the BAR is unused. */
    Region barRegion(int index);

    /** Size of the configuration space: 256 for PCI, 4096 for PCI Express. */
    default int configSize() {
        return 256;
    }
}
