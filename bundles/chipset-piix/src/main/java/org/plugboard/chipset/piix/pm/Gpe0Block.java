package org.plugboard.chipset.piix.pm;

import org.plugboard.api.bus.RegionOps;

/**
 * GPE0 at its fixed port 0xafe0 (QEMU hw/acpi/piix4.c, GPE_BASE/GPE_LEN): two status bytes
 * (write-1-to-clear) then two enable bytes. A set and enabled status bit asserts the SCI. No
 * event source sets them yet (PCI and CPU hotplug are not modelled); the block is there so the
 * ACPI tables' GPE0_BLK decodes.
 */
final class Gpe0Block implements RegionOps {
    static final int PORT = 0xafe0, SIZE = 4;
    private static final int HALF = SIZE / 2;

    private final Runnable sciChanged;
    private final int[] status = new int[HALF];
    private final int[] enable = new int[HALF];

    Gpe0Block(Runnable sciChanged) {
        this.sciChanged = sciChanged;
    }

    void reset() {
        java.util.Arrays.fill(status, 0);
        java.util.Arrays.fill(enable, 0);
    }

    boolean sci() {
        for (int i = 0; i < HALF; i++) if ((status[i] & enable[i]) != 0) return true;
        return false;
    }

    @Override
    public long read(long offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            int o = (int) offset + i;
            v = v << 8 | (o < HALF ? status[o] : enable[o - HALF]);
        }
        return v;
    }

    @Override
    public void write(long offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            int o = (int) offset + i;
            int b = (int) (value >>> (8 * i)) & 0xff;
            if (o < HALF) status[o] &= ~b;
            else enable[o - HALF] = b;
        }
        sciChanged.run();
    }

    byte[] save() {
        return new byte[] {(byte) status[0], (byte) status[1], (byte) enable[0], (byte) enable[1]};
    }

    void restore(byte[] b) {
        for (int i = 0; i < HALF; i++) {
            status[i] = b[i] & 0xff;
            enable[i] = b[HALF + i] & 0xff;
        }
    }
}
