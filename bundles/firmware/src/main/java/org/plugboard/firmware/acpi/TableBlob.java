package org.plugboard.firmware.acpi;

import org.plugboard.firmware.bytes.LeWriter;

/**
 * One fw_cfg file of ACPI data being assembled: tables are appended at aligned offsets, their
 * pointer fields set to the target's offset inside its file and registered with the linker
 * (which adds the file's final address), and their checksums fixed here and again by the
 * linker after patching.
 */
final class TableBlob {
    /** A pointer field of a table being appended: its offset in the table, its size, and what it points to. */
    record Pointer(int fieldOffset, int size, String targetFile, int targetOffset) {
    }

    private final String file;
    private final BiosLinker linker;
    private final LeWriter data = new LeWriter();

    TableBlob(String file, int alignment, BiosLinker.Zone zone, BiosLinker linker) {
        this.file = file;
        this.linker = linker;
        linker.allocate(file, alignment, zone);
    }

    /** Appends an ACPI table (header with checksum at offset 9) and returns its offset in the file. */
    int appendTable(byte[] table, int alignment, Pointer... pointers) {
        int at = append(table, alignment, pointers);
        checksum(at + AcpiHeader.CHECKSUM_OFFSET, at, table.length);
        return at;
    }

    /** Appends data without a checksum of its own (the FACS). */
    int append(byte[] bytes, int alignment, Pointer... pointers) {
        data.align(alignment);
        int at = data.size();
        data.bytes(bytes);
        for (Pointer p : pointers) {
            data.patch(at + p.fieldOffset(), p.targetOffset(), p.size());
            linker.addPointer(file, p.targetFile(), at + p.fieldOffset(), p.size());
        }
        return at;
    }

    /** Fixes the checksum byte at {@code offset} over [start, start+length) now and in the firmware. */
    void checksum(int offset, int start, int length) {
        byte[] now = data.toArray();
        LeWriter.fixChecksum(now, start, length, offset);
        data.patch(offset, now[offset], 1);
        linker.addChecksum(file, offset, start, length);
    }

    byte[] toArray() {
        return data.toArray();
    }
}
