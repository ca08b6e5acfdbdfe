package org.plugboard.firmware.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.smbios.SmbiosOptions;
import org.plugboard.firmware.smbios.SmbiosPlatform;
import org.plugboard.firmware.smbios.SmbiosTableSet;
import org.plugboard.firmware.smbios.SmbiosTables;

class SmbiosPlacementTest {
    private static final long LOW = 128 << 20;

    private static SmbiosTableSet qemuTables(SmbiosOptions o) {
        return SmbiosTables.build(o, SmbiosPlatform.pc(1, LOW, 0), List.of(), false);
    }

    @Test
    void withoutAType0FromQemuTheFirmwareAddsItsOwnAndCompletesTheEntryPoint() throws ConfigException {
        SmbiosTableSet qemu = qemuTables(SmbiosOptions.none());
        assertFalse(SmbiosPlacement.hasType0(qemu.tables()));
        MemoryZone fseg = new MemoryZone("fseg", 0xf0000, 0xfe000);
        SmbiosPlacement.Placed p = SmbiosPlacement.place(qemu.anchor(), qemu.tables(), new MemoryZone("high", LOW - 0x40000, LOW), fseg);

        assertTrue(SmbiosPlacement.hasType0(p.table()));
        assertEquals(0, p.table()[0], "type 0 first");
        assertTrue(new String(p.table(), StandardCharsets.US_ASCII).contains(SmbiosPlacement.VENDOR));
        assertTrue(p.tableAddress() >= 0xf0000 && p.tableAddress() < 0xfe000, "a small table goes in the F segment");
        byte[] ep = p.entryPoint();
        assertEquals(0, p.entryPointAddress() % 16);
        assertEquals(p.tableAddress(), LeWriter.read(ep, 0x18, 4));
        assertEquals(p.table().length, LeWriter.read(ep, 0x16, 2));
        assertEquals(LeWriter.read(qemu.anchor(), 0x1c, 2) + 1, LeWriter.read(ep, 0x1c, 2), "one structure more");
        assertEquals(0, LeWriter.sum(ep, 0, 0x1f) & 0xff);
        assertEquals(0, LeWriter.sum(ep, 0x10, 0x0f) & 0xff);
    }

    @Test
    void aType0GivenWithSmbiosOptionsIsKept() throws ConfigException {
        SmbiosTableSet qemu = qemuTables(SmbiosOptions.parse(List.of("type=0,vendor=Test BIOS")));
        SmbiosPlacement.Placed p = SmbiosPlacement.place(qemu.anchor(), qemu.tables(), new MemoryZone("high", LOW - 0x40000, LOW),
                new MemoryZone("fseg", 0xf0000, 0xfe000));
        assertEquals(qemu.tables().length, p.table().length);
        assertFalse(new String(p.table(), StandardCharsets.US_ASCII).contains(SmbiosPlacement.VENDOR));
    }

    @Test
    void aBrokenAnchorIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class, () -> SmbiosPlacement.place(new byte[31], new byte[0],
                new MemoryZone("high", 0, LOW), new MemoryZone("fseg", 0xf0000, 0xfe000)));
        assertTrue(e.getMessage().contains("smbios-anchor"), e.getMessage());
    }
}
