package org.plugboard.firmware.acpi;

import org.plugboard.firmware.bytes.LeWriter;

/** The FACS: 64 bytes, no checksum, all fields zero (no S4BIOS, no global lock owner yet). */
final class Facs {
    static final int LENGTH = 64;
    static final int ALIGNMENT = 64;

    private Facs() {
    }

    static byte[] build() {
        return new LeWriter().ascii("FACS", 4, ' ').u32(LENGTH).zeros(LENGTH - 8).toArray();
    }
}
