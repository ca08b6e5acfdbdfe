package org.plugboard.firmware.smbios;

import org.plugboard.firmware.bytes.LeWriter;

/**
 * The 31-byte SMBIOS 2.1 entry point ("_SM_" ... "_DMI_") announcing version 2.8, with both
 * checksums: the whole structure sums to 0, and so does the intermediate part from "_DMI_" on.
 */
final class SmbiosEntryPoint {
    static final int LENGTH = 0x1f;
    private static final int INTERMEDIATE_START = 0x10;
    private static final int TABLE_ADDRESS_OFFSET = 0x18;

    private SmbiosEntryPoint() {
    }

    static byte[] build(SmbiosTableSet set, long tableAddress) {
        byte[] ep = unplaced(set);
        LeWriter.write(ep, TABLE_ADDRESS_OFFSET, tableAddress, 4);
        LeWriter.fixChecksum(ep, INTERMEDIATE_START, LENGTH - INTERMEDIATE_START, INTERMEDIATE_START + 5);
        LeWriter.fixChecksum(ep, 0, LENGTH, 4);
        return ep;
    }

    /** Without address and checksums. */
    static byte[] unplaced(SmbiosTableSet set) {
        if (set.tables().length > 0xffff) throw new IllegalArgumentException("SMBIOS table longer than 65535 bytes");
        return new LeWriter().ascii("_SM_", 4, ' ').u8(0).u8(LENGTH).u8(2).u8(8).u16(set.maxStructureSize())
                .u8(0).zeros(5)
                .ascii("_DMI_", 5, ' ').u8(0).u16(set.tables().length).u32(0).u16(set.count()).u8(0x28)
                .toArray();
    }
}
