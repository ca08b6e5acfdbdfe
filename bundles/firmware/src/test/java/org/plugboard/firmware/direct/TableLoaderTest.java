package org.plugboard.firmware.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.acpi.AcpiPlatform;
import org.plugboard.firmware.acpi.AcpiTableSet;
import org.plugboard.firmware.acpi.AcpiTables;
import org.plugboard.firmware.acpi.BiosLinker;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.contrib.Contributions;

class TableLoaderTest {
    private static final long LOW = 128 << 20;

    private static AcpiTableSet tables(AcpiPlatform.Layout layout) {
        return AcpiTables.build(Contributions.none(), AcpiPlatform.pc(layout, 1, LOW, 0));
    }

    private static Map<String, byte[]> files(AcpiTableSet set) {
        return Map.of(AcpiTableSet.TABLES_FILE, set.tables(), AcpiTableSet.RSDP_FILE, set.rsdp(), AcpiTableSet.LOADER_FILE, set.loader());
    }

    @Test
    void theTablesGoToTheTopOfTheHighZoneAndTheRsdpToTheFSegmentWithPointersAndChecksums() throws ConfigException {
        AcpiTableSet set = tables(AcpiPlatform.Layout.ACPI2);
        MemoryZone high = new MemoryZone("high", LOW - (256 << 10), LOW), fseg = new MemoryZone("fseg", 0xf0000, 0xfe000);
        TableLoader.Placement p = TableLoader.run(set.loader(), files(set)::get, high, fseg);

        long tables = p.addresses().get(AcpiTableSet.TABLES_FILE), rsdpAt = p.addresses().get(AcpiTableSet.RSDP_FILE);
        assertEquals((LOW - set.tables().length) & -64L, tables, "allocated from the top down, 64-byte aligned");
        assertEquals(0, tables % 64);
        assertEquals(0xfe000 - 48, rsdpAt, "36 bytes from the F segment's top, 16-byte aligned");
        assertEquals(BiosLinker.Zone.FSEG, p.zones().get(AcpiTableSet.RSDP_FILE));

        byte[] rsdp = p.contents().get(AcpiTableSet.RSDP_FILE);
        assertEquals(tables + set.offsets().get("RSDT"), LeWriter.read(rsdp, 16, 4));
        assertEquals(tables + set.offsets().get("XSDT"), LeWriter.read(rsdp, 24, 8));
        assertEquals(0, LeWriter.sum(rsdp, 0, 20) & 0xff, "the first 20 bytes sum to 0");
        assertEquals(0, LeWriter.sum(rsdp, 0, 36) & 0xff, "the extended checksum");

        byte[] t = p.contents().get(AcpiTableSet.TABLES_FILE);
        int fadt = set.offsets().get("FACP");
        assertEquals(tables + set.offsets().get("DSDT"), LeWriter.read(t, fadt + 40, 4), "FADT's DSDT pointer");
        for (String sig : List.of("RSDT", "XSDT", "FACP", "APIC", "DSDT")) {
            int at = set.offsets().get(sig);
            int length = (int) LeWriter.read(t, at + 4, 4);
            assertEquals(0, LeWriter.sum(t, at, length) & 0xff, sig + " checksum");
        }
        assertEquals(set.tables().length, t.length);
    }

    @Test
    void aFileTheLoaderAllocatesMustExist() {
        AcpiTableSet set = tables(AcpiPlatform.Layout.QEMU_PC);
        ConfigException e = assertThrows(ConfigException.class, () -> TableLoader.run(set.loader(),
                name -> name.equals(AcpiTableSet.RSDP_FILE) ? null : files(set).get(name),
                new MemoryZone("high", 0, LOW), new MemoryZone("fseg", 0xf0000, 0xfe000)));
        assertTrue(e.getMessage().contains(AcpiTableSet.RSDP_FILE), e.getMessage());
    }

    @Test
    void tablesLargerThanTheZoneAreAClearError() {
        AcpiTableSet set = tables(AcpiPlatform.Layout.QEMU_PC);
        ConfigException e = assertThrows(ConfigException.class, () -> TableLoader.run(set.loader(), files(set)::get,
                new MemoryZone("the high zone", LOW - 0x100, LOW), new MemoryZone("fseg", 0xf0000, 0xfe000)));
        assertTrue(e.getMessage().contains("the high zone") && e.getMessage().contains("no room"), e.getMessage());
    }

    @Test
    void aMalformedLoaderIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> TableLoader.run(new byte[100], name -> null,
                new MemoryZone("high", 0, LOW), new MemoryZone("fseg", 0xf0000, 0xfe000)));
        assertTrue(e.getMessage().startsWith("etc/table-loader"), e.getMessage());
    }
}
