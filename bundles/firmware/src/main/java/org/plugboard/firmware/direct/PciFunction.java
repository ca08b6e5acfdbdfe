package org.plugboard.firmware.direct;

/**
 * A function found on bus 0.
 *
 * @param id     vendor << 16 | device
 * @param header the header type without the multi-function bit
 * @param pin    the interrupt pin (0 none, 1-4 INTA-INTD)
 */
record PciFunction(int bdf, int id, int header, int pin) {
    static final int HEADER_DEVICE = 0, HEADER_BRIDGE = 1;

    int device() {
        return bdf >> 3;
    }

    @Override
    public String toString() {
        return String.format("%02x.%x %04x:%04x", bdf >> 3, bdf & 7, id >>> 16, id & 0xffff);
    }
}
