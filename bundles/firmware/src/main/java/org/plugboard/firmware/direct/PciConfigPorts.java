package org.plugboard.firmware.direct;

import org.plugboard.api.bus.AddressSpace;

/** PCI configuration mechanism #1: the address at port 0xcf8, the data window at 0xcfc-0xcff. */
final class PciConfigPorts {
    static final int ADDRESS = 0xcf8, DATA = 0xcfc;
    private static final int ENABLE = 0x80000000;

    private final AddressSpace io;

    PciConfigPorts(AddressSpace io) {
        this.io = io;
    }

    /** A function's address on bus 0: device << 3 | function. */
    static int bdf(int device, int function) {
        return device << 3 | function;
    }

    int read(int bdf, int offset, int size) {
        select(bdf, offset);
        return (int) io.read(DATA + (offset & 3), size);
    }

    void write(int bdf, int offset, int size, int value) {
        select(bdf, offset);
        io.write(DATA + (offset & 3), size, value & 0xffffffffL);
    }

    private void select(int bdf, int offset) {
        io.write(ADDRESS, 4, (ENABLE | bdf << 8 | offset & 0xfc) & 0xffffffffL);
    }
}
