package org.plugboard.hpet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.ResourceTemplate;

/** How the HPET describes itself to the guest: the ACPI "HPET" table and the {@code PNP0103} device node. */
final class HpetFirmware {
    private static final int TABLE_LENGTH = 56;
    private static final int REVISION = 1;
    /** The OEM fields the machine's other ACPI tables carry, so all tables look alike. */
    private static final String OEM_ID = "BOCHS ", OEM_TABLE_ID = "BXPC    ", CREATOR_ID = "BXPC";
    private static final int ADDRESS_SPACE_MEMORY = 0;

    private HpetFirmware() {
    }

    /**
     * The HPET description table (IA-PC HPET 1.0a, section 3.2.4): block ID, base address as a
     * generic address structure, HPET number 0, no minimum tick, no page protection. The
     * checksum is left to the firmware builder.
     */
    static byte[] table(long blockId, long base) {
        ByteBuffer b = ByteBuffer.allocate(TABLE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put("HPET".getBytes(StandardCharsets.US_ASCII)).putInt(TABLE_LENGTH).put((byte) REVISION).put((byte) 0)
                .put(OEM_ID.getBytes(StandardCharsets.US_ASCII)).put(OEM_TABLE_ID.getBytes(StandardCharsets.US_ASCII))
                .putInt(1).put(CREATOR_ID.getBytes(StandardCharsets.US_ASCII)).putInt(1);
        b.putInt((int) blockId);
        b.put((byte) ADDRESS_SPACE_MEMORY).put((byte) 64).put((byte) 0).put((byte) 0).putLong(base);
        b.put((byte) 0); // HPET number
        b.putShort((short) 0); // minimum clock tick in periodic mode
        b.put((byte) 0); // page protection and OEM attributes
        return b.array();
    }

    /**
     * {@code Device (HPET) { _HID PNP0103, _UID 0, _STA 0x0F, _CRS Memory32Fixed (ReadOnly, base, size) }}.
     * No IRQ descriptor: guests route the comparators themselves, and Windows XP stops on one.
     */
    static byte[] deviceNode(long base, long size) {
        return Aml.device("HPET",
                Aml.name("_HID", Aml.eisaId("PNP0103")),
                Aml.name("_UID", Aml.zero()),
                Aml.name("_STA", Aml.integer(0x0f)),
                Aml.name("_CRS", new ResourceTemplate().memory32Fixed(false, base, size).toAml()));
    }
}
