package org.plugboard.firmware.direct;

/**
 * One base address register as sizing found it.
 *
 * @param bdf    device << 3 | function on bus 0
 * @param offset the register's config offset (0x10-0x24, or 0x30 for the expansion ROM)
 * @param size   a power of two
 * @param kind   what it decodes
 * @param wide   a 64-bit memory BAR (it also owns the register at {@code offset + 4})
 */
record PciBar(int bdf, int offset, long size, Kind kind, boolean wide) {
    enum Kind { IO, MEMORY, PREFETCHABLE }

    static final int ROM = 0x30;

    PciBar {
        if (Long.bitCount(size) != 1) throw new IllegalArgumentException("BAR size " + size + " is not a power of two");
    }

    @Override
    public String toString() {
        return String.format("%02x.%x bar 0x%02x %s size 0x%x%s", bdf >> 3, bdf & 7, offset, kind, size, wide ? " 64-bit" : "");
    }
}
