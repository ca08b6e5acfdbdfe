package org.plugboard.firmware.direct;

import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.smbios.SmbiosTableSet;
import org.plugboard.firmware.smbios.SmbiosTables;

/**
 * The SMBIOS tables as SeaBIOS installs QEMU's {@code etc/smbios/smbios-anchor} and
 * {@code -tables}: its own BIOS information (type 0) in front when QEMU gave none, the table in
 * the F segment when it is small (SeaBIOS's limit: 600 bytes) or in the high zone, and the
 * completed 2.1 entry point in the F segment.
 */
final class SmbiosPlacement {
    static final String VENDOR = "Plugboard", VERSION = "firmware-less", DATE = "01/01/2026";
    static final int MAX_FSEG_TABLE = 600;
    private static final int MAX_STRUCTURE_OFFSET = 0x08, STRUCTURE_COUNT_OFFSET = 0x1c, ENTRY_POINT_LENGTH = 0x1f;

    /** The placed table and entry point. */
    record Placed(long tableAddress, byte[] table, long entryPointAddress, byte[] entryPoint) {
    }

    private SmbiosPlacement() {
    }

    static Placed place(byte[] anchor, byte[] tables, MemoryZone high, MemoryZone fseg) throws ConfigException {
        if (anchor.length != ENTRY_POINT_LENGTH || anchor[0] != '_' || anchor[1] != 'S' || anchor[2] != 'M' || anchor[3] != '_')
            throw new ConfigException("etc/smbios/smbios-anchor is not an SMBIOS 2.1 entry point (" + anchor.length + " bytes)");
        int count = (int) LeWriter.read(anchor, STRUCTURE_COUNT_OFFSET, 2);
        int max = (int) LeWriter.read(anchor, MAX_STRUCTURE_OFFSET, 2);
        byte[] table = tables;
        if (!hasType0(tables)) {
            byte[] type0 = SmbiosTables.firmwareType0(VENDOR, VERSION, DATE);
            table = new LeWriter().bytes(type0).bytes(tables).toArray();
            count++;
            max = Math.max(max, type0.length);
        }
        SmbiosTableSet set = new SmbiosTableSet(table, count, max);
        long tableAddress = table.length <= MAX_FSEG_TABLE ? fseg.allocate(table.length, 16) : high.allocate(table.length, 16);
        long entryAddress = fseg.allocate(ENTRY_POINT_LENGTH, 16);
        return new Placed(tableAddress, table, entryAddress, set.anchor(tableAddress));
    }

    /** Walks the structures: a formatted area of the length its header gives, then strings up to a double NUL. */
    static boolean hasType0(byte[] tables) {
        int at = 0;
        while (at + 4 <= tables.length) {
            int type = tables[at] & 0xff;
            if (type == 0) return true;
            if (type == 127) return false;
            int end = at + (tables[at + 1] & 0xff);
            while (end + 1 < tables.length && (tables[end] != 0 || tables[end + 1] != 0)) end++;
            at = end + 2;
        }
        return false;
    }
}
