package org.plugboard.chipset.piix.ide;

import org.plugboard.api.bus.RegionOps;

/**
 * The 16-byte bus-master IDE block behind BAR4: per channel (at 0 and 8) the command byte, the
 * status byte and the PRD table address. As in QEMU (hw/ide/piix.c bmdma_read/bmdma_write,
 * hw/ide/pci.c bmdma_cmd_writeb/bmdma_addr_*): command and status take byte accesses only
 * (others read all ones and are dropped), bytes 1 and 3 read 0xff; the command keeps bits 0
 * (start) and 3 (direction) and starting sets the status's active bit, stopping clears it;
 * status bits 5-6 are writable and 1-2 write-1-to-clear; the PRD address takes any size and
 * ignores its low two bits. With no drive a started transfer never moves data.
 */
final class BusMasterRegisters implements RegionOps {
    static final int SIZE = 16;
    private static final int CHANNEL_STRIDE = 8, ADDRESS = 4;
    private static final int START = 0x01, ACTIVE = 0x01;

    private final int[] command = new int[2];
    private final int[] status = new int[2];
    private final int[] prdAddress = new int[2];

    void reset() {
        for (int c = 0; c < 2; c++) {
            command[c] = 0;
            status[c] = 0;
            prdAddress[c] = 0;
        }
    }

    @Override
    public long read(long offset, int size) {
        int c = (int) offset / CHANNEL_STRIDE, o = (int) offset % CHANNEL_STRIDE;
        if (o >= ADDRESS) return ((prdAddress[c] & 0xffffffffL) >>> (8 * (o - ADDRESS))) & mask(size);
        if (size != 1) return mask(size);
        if (o == 0) return command[c];
        if (o == 2) return status[c];
        return 0xff;
    }

    @Override
    public void write(long offset, int size, long value) {
        int c = (int) offset / CHANNEL_STRIDE, o = (int) offset % CHANNEL_STRIDE;
        int v = (int) value;
        if (o >= ADDRESS) {
            int shift = 8 * (o - ADDRESS);
            int m = (int) (mask(size) << shift);
            prdAddress[c] = ((prdAddress[c] & ~m) | ((v << shift) & m)) & ~3;
            return;
        }
        if (size != 1) return;
        if (o == 0) writeCommand(c, v & 0xff);
        if (o == 2) status[c] = (v & 0x60) | (status[c] & ACTIVE) | (status[c] & ~v & 0x06);
    }

    private void writeCommand(int c, int v) {
        if ((v & START) != (command[c] & START)) {
            if ((v & START) != 0) status[c] |= ACTIVE;
            else status[c] &= ~ACTIVE;
        }
        command[c] = v & 0x09;
    }

    private static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    int[] save() {
        return new int[] {command[0], status[0], prdAddress[0], command[1], status[1], prdAddress[1]};
    }

    void restore(long[] v) {
        for (int c = 0; c < 2; c++) {
            command[c] = (int) v[3 * c];
            status[c] = (int) v[3 * c + 1];
            prdAddress[c] = (int) v[3 * c + 2];
        }
    }
}
