package org.plugboard.chipset.piix.ide;

import org.plugboard.api.bus.RegionOps;

/**
 * A legacy ATA channel (command block at 0x1f0/0x170, control at 0x3f6/0x376) with no drive, read
 * the way QEMU answers when neither drive of a bus exists (hw/ide/core.c, ide_ioport_read,
 * ide_status_read, ide_data_readw): the error, count, LBA and status registers and the
 * alternate status read 0, a byte read of the data register 0xff and word/dword reads 0; the
 * drive/head register keeps what was written with bits 7 and 5 forced on (reset 0xa0).
 * Commands and device control are ignored: no drive answers them.
 */
final class EmptyAtaChannel {
    static final int COMMAND_BLOCK_SIZE = 8;
    private static final int DATA = 0, DRIVE_HEAD = 6, ALWAYS_ON = 0xa0;

    private int driveHead = ALWAYS_ON;

    void reset() {
        driveHead = ALWAYS_ON;
    }

    int driveHead() { return driveHead; }

    void setDriveHead(int v) { driveHead = (v | ALWAYS_ON) & 0xff; }

    /** The eight command-block ports. */
    final RegionOps commandBlock = new RegionOps() {
        @Override
        public long read(long offset, int size) {
            if (offset == DATA && size > 1) return 0; // no PIO transfer is in progress
            long v = 0;
            for (int i = size - 1; i >= 0; i--) v = v << 8 | readRegister((int) offset + i);
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            for (int i = 0; i < size; i++)
                if (offset + i == DRIVE_HEAD) setDriveHead((int) (value >>> (8 * i)));
        }
    };

    /** The control-block port: alternate status (read), device control (write). */
    final RegionOps controlBlock = new RegionOps() {
        @Override
        public long read(long offset, int size) {
            return 0;
        }

        @Override
        public void write(long offset, int size, long value) {
        }
    };

    private int readRegister(int register) {
        if (register == DATA) return 0xff;
        if (register == DRIVE_HEAD) return driveHead;
        return 0;
    }
}
