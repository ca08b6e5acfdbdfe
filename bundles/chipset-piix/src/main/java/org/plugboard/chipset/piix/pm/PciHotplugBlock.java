package org.plugboard.chipset.piix.pm;

import org.plugboard.api.bus.RegionOps;

/**
 * QEMU's ACPI PCI hot-plug registers at I/O 0xae00 (hw/acpi/pcihp.c; docs/specs/acpi_pci_hotplug.rst),
 * 0x18 bytes of dword registers that the DSDT's PCNT/PCEJ/AIDX methods use:
 * <ul>
 *   <li>+0x00 PCIU, +0x04 PCID: slots with a pending insert / eject request on the selected bus;</li>
 *   <li>+0x08 B0EJ: a write completes the eject request of the lowest slot written; reads 0;</li>
 *   <li>+0x0c PCRM: slots whose device may be removed (every slot but the chipset's 0 and 1);</li>
 *   <li>+0x10 BNUM: the bus selector (bus 0 is the root; 1..255 select buses no bridge provides);</li>
 *   <li>+0x14 PIDX: write a slot bitmap, then read that slot's {@code acpi-index}.</li>
 * </ul>
 * A selector of 256 or more makes every register read 0, as in QEMU. Nothing is plugged at run
 * time on this machine, so the event bitmaps stay 0, no device has an {@code acpi-index} (PIDX
 * reads 0) and an eject request removes no device.
 */
final class PciHotplugBlock implements RegionOps {
    static final int PORT = 0xae00, SIZE = 0x18;
    static final int UP = 0x00, DOWN = 0x04, EJECT = 0x08, REMOVABLE = 0x0c, SELECT = 0x10, ACPI_INDEX = 0x14;
    /** Buses the selector can name (QEMU's ACPI_PCIHP_MAX_HOTPLUG_BUS). */
    static final int BUSES = 256;
    /** Slots 0 (host bridge) and 1 (PIIX3/IDE/PM) hold devices that cannot be unplugged. */
    static final int ROOT_BUS_FIXED_SLOTS = 0b11;

    private int select; // QEMU keeps it across a reset

    @Override
    public long read(long offset, int size) {
        if (select < 0 || select >= BUSES) return 0;
        return switch ((int) offset) {
            case REMOVABLE -> Integer.toUnsignedLong(select == 0 ? ~ROOT_BUS_FIXED_SLOTS : ~0);
            case SELECT -> select;
            default -> 0; // no pending events, B0EJ has no feature bits, no device has an acpi-index
        };
    }

    /** Only the selector holds a value: B0EJ would complete a pending request (there are none), PIDX finds no index. */
    @Override
    public void write(long offset, int size, long value) {
        if (offset == SELECT) select = (int) value;
    }

    int select() {
        return select;
    }

    void restoreSelect(int value) {
        select = value;
    }
}
