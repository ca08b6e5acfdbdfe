package org.plugboard.bootloader;

import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.DmaException;
import org.plugboard.api.device.ConfigException;

/**
 * Copies boot data into guest RAM. Addresses were checked against the memory map before, so a
 * refused transfer means the map and the bus disagree; it is still reported as a configuration
 * error naming what was being written.
 */
final class GuestWriter {
    /** Zero-filling goes in chunks so that a large bss does not need one large array. */
    private static final int ZERO_CHUNK = 64 * 1024;

    private final Dma dma;

    GuestWriter(Dma dma) {
        this.dma = dma;
    }

    void write(long address, byte[] data, String what) throws ConfigException {
        write(address, data, 0, data.length, what);
    }

    void write(long address, byte[] data, int offset, int length, String what) throws ConfigException {
        try {
            dma.write(address, data, offset, length);
        } catch (DmaException e) {
            throw refused(what, e);
        }
    }

    /** Clears memory explicitly: after a reset RAM still holds what the previous run left there. */
    void zero(long address, long length, String what) throws ConfigException {
        byte[] zeros = new byte[(int) Math.min(ZERO_CHUNK, length)];
        try {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(zeros.length, length - done);
                dma.write(address + done, zeros, 0, n);
                done += n;
            }
        } catch (DmaException e) {
            throw refused(what, e);
        }
    }

    private static ConfigException refused(String what, DmaException e) {
        return new ConfigException(String.format("cannot write %s: guest address %#x is not RAM (%s)", what, e.address(),
                e.getMessage()), e);
    }
}
