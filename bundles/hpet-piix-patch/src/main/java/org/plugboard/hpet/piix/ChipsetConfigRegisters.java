package org.plugboard.hpet.piix;

import org.plugboard.api.bus.RegionOps;

/**
 * The 16 KiB chipset configuration window behind RCBA: a plain register file, as QEMU's ICH9
 * has, with the one register the lookup needs modelled: HPTC at 0x3404 (bit 7 address enable,
 * bits 1:0 address select; the HPET sits at 0xfed00000 + select * 0x1000 on real ICH parts).
 */
final class ChipsetConfigRegisters implements RegionOps {
    static final int SIZE = 0x4000;
    static final int HPTC = 0x3404;
    static final int HPTC_ADDRESS_ENABLE = 0x80;
    static final int HPTC_SELECT = 0x3;

    private final int[] registers = new int[SIZE / 4];

    void reset() {
        java.util.Arrays.fill(registers, 0);
    }

    int hptc() {
        return registers[HPTC / 4];
    }

    void setHptc(int value) {
        registers[HPTC / 4] = value & (HPTC_ADDRESS_ENABLE | HPTC_SELECT);
    }

    @Override
    public long read(long offset, int size) {
        return registers[(int) offset / 4] & 0xffffffffL;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset == HPTC) setHptc((int) value);
        else registers[(int) offset / 4] = (int) value;
    }
}
