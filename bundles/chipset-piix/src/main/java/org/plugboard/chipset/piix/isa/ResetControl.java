package org.plugboard.chipset.piix.isa;

import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.DeviceContext;

/**
 * The PIIX reset control register at 0xcf9: writing bit 2 (RST_CPU) resets the machine; bit 1
 * (SRST, the hard/soft reset type) is kept and reads back; other bits read as zero (QEMU
 * hw/isa/piix.c, rcr_write/rcr_read).
 */
final class ResetControl implements RegionOps {
    static final int PORT = 0xcf9;
    private static final int SYSTEM_RESET = 0x02, RESET_CPU = 0x04;

    private final DeviceContext ctx;
    private int value;

    ResetControl(DeviceContext ctx) {
        this.ctx = ctx;
    }

    int value() { return value; }

    void setValue(int v) { value = v & SYSTEM_RESET; }

    @Override
    public long read(long offset, int size) {
        return value;
    }

    @Override
    public void write(long offset, int size, long v) {
        if ((v & RESET_CPU) != 0) {
            ctx.machine().requestReset();
            return;
        }
        value = (int) v & SYSTEM_RESET;
    }
}
