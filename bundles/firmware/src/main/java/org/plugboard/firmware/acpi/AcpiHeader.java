package org.plugboard.firmware.acpi;

import org.plugboard.firmware.bytes.LeWriter;

/**
 * The 36-byte header every ACPI system description table starts with, with the OEM fields
 * QEMU 7.2 writes (OEM "BOCHS ", table id "BXPC    ", creator "BXPC"), so guests that look at
 * them see the same values.
 */
final class AcpiHeader {
    static final int SIZE = 36;
    static final int LENGTH_OFFSET = 4;
    static final int CHECKSUM_OFFSET = 9;
    static final String OEM_ID = "BOCHS ";
    static final String OEM_TABLE_ID = "BXPC    ";
    static final String CREATOR_ID = "BXPC";

    private AcpiHeader() {
    }

    /** A writer holding the header of table {@code signature}; length and checksum are set by {@link #finish}. */
    static LeWriter start(String signature, int revision) {
        return new LeWriter().ascii(signature, 4, ' ').u32(0).u8(revision).u8(0).ascii(OEM_ID, 6, ' ')
                .ascii(OEM_TABLE_ID, 8, ' ').u32(1).ascii(CREATOR_ID, 4, ' ').u32(1);
    }

    /** Sets the length and checksum. */
    static byte[] finish(LeWriter table) {
        table.patch(LENGTH_OFFSET, table.size(), 4);
        byte[] b = table.toArray();
        LeWriter.fixChecksum(b, 0, b.length, CHECKSUM_OFFSET);
        return b;
    }

    static String signature(byte[] table) {
        return new String(table, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
