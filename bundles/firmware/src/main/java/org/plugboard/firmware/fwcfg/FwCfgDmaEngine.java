package org.plugboard.firmware.fwcfg;

import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.DmaException;

/**
 * Runs one fw_cfg DMA request. The guest writes the address of a 16-byte big-endian descriptor
 * (control, length, address); control may select an item (selector in bits 31-16) and asks to
 * read, skip or write. Reading past the end of the item fills guest memory with zeros. When done
 * the device writes the control word back as 0, or with only the error bit set if guest memory
 * could not be reached or the item is not writable (none is).
 */
final class FwCfgDmaEngine {
    static final int CTL_ERROR = 0x01, CTL_READ = 0x02, CTL_SKIP = 0x04, CTL_SELECT = 0x08, CTL_WRITE = 0x10;
    static final int DESCRIPTOR_SIZE = 16;
    /** Zeros past the end of an item go out in pieces of this size, however long the request. */
    private static final int ZERO_FILL_CHUNK = 1 << 20;

    private final FwCfgCursor cursor;

    FwCfgDmaEngine(FwCfgCursor cursor) {
        this.cursor = cursor;
    }

    void run(Dma dma, long descriptorAddress) {
        byte[] d = new byte[DESCRIPTOR_SIZE];
        try {
            dma.read(descriptorAddress, d, 0, DESCRIPTOR_SIZE);
        } catch (DmaException e) {
            finish(dma, descriptorAddress, CTL_ERROR);
            return;
        }
        int control = (int) be(d, 0, 4);
        long length = be(d, 4, 4);
        long address = be(d, 8, 8);

        if ((control & CTL_SELECT) != 0) cursor.select(control >>> 16);
        int op = (control & CTL_READ) != 0 ? CTL_READ : (control & CTL_WRITE) != 0 ? CTL_WRITE
                : (control & CTL_SKIP) != 0 ? CTL_SKIP : 0;
        if (op == 0) length = 0;
        boolean error = false;
        while (length > 0 && !error) {
            byte[] item = cursor.item();
            int available = item == null ? 0 : Math.max(0, item.length - cursor.offset());
            int n = (int) Math.min(length, available > 0 ? available : ZERO_FILL_CHUNK);
            try {
                if (op == CTL_WRITE) {
                    error = true;                              // no item accepts writes
                } else if (available == 0) {
                    if (op == CTL_READ) dma.write(address, new byte[n], 0, n); // past the end: zeros
                } else {
                    int from = cursor.offset();
                    cursor.advance(n);                         // QEMU moves on even when the transfer fails
                    if (op == CTL_READ) dma.write(address, item, from, n);
                }
            } catch (DmaException e) {
                error = true;
            }
            address += n;
            length -= n;
        }
        finish(dma, descriptorAddress, error ? CTL_ERROR : 0);
    }

    // the control word goes back big-endian; if even that fails there is nobody left to tell
    private static void finish(Dma dma, long descriptorAddress, int control) {
        byte[] b = {(byte) (control >>> 24), (byte) (control >>> 16), (byte) (control >>> 8), (byte) control};
        try {
            dma.write(descriptorAddress, b, 0, 4);
        } catch (DmaException ignored) {
            // the descriptor itself is unreachable: the guest sees no completion, as on QEMU
        }
    }

    private static long be(byte[] b, int at, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v = v << 8 | (b[at + i] & 0xff);
        return v;
    }
}
