package org.plugboard.chipset.piix.pm;

import org.plugboard.api.bus.RegionOps;

/**
 * The PIIX4 SMBus host controller's registers with an empty bus: host status (+0,
 * write-1-to-clear), host control (+2), command (+3), slave address (+4), data 0/1 (+5, +6) and
 * the block data byte (+7). Starting a transaction (control bit 6) finds no device answering,
 * so it ends at once with DEV_ERR (status bit 2), as a real controller reports a missing slave.
 * Other bytes of the 64-byte window read zero.
 */
final class SmbusHost implements RegionOps {
    static final int SIZE = 64;
    static final int STATUS = 0, CONTROL = 2, REGISTERS = 8;
    static final int DEV_ERR = 0x04, START = 0x40;

    private final int[] registers = new int[REGISTERS];

    void reset() {
        java.util.Arrays.fill(registers, 0);
    }

    @Override
    public long read(long offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            int o = (int) offset + i;
            v = v << 8 | (o < REGISTERS ? registers[o] : 0);
        }
        return v;
    }

    @Override
    public void write(long offset, int size, long value) {
        for (int i = 0; i < size; i++) writeByte((int) offset + i, (int) (value >>> (8 * i)) & 0xff);
    }

    private void writeByte(int o, int b) {
        if (o >= REGISTERS) return;
        if (o == STATUS) {
            registers[STATUS] &= ~b;
        } else if (o == CONTROL) {
            registers[CONTROL] = b & ~START; // START is a strobe
            if ((b & START) != 0) registers[STATUS] |= DEV_ERR;
        } else {
            registers[o] = b;
        }
    }

    byte[] save() {
        byte[] b = new byte[REGISTERS];
        for (int i = 0; i < REGISTERS; i++) b[i] = (byte) registers[i];
        return b;
    }

    void restore(byte[] b) {
        for (int i = 0; i < REGISTERS && i < b.length; i++) registers[i] = b[i] & 0xff;
    }
}
