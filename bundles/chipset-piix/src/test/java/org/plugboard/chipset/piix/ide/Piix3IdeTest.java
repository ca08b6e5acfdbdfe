package org.plugboard.chipset.piix.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.chipset.piix.testing.ChipsetRig;

/** The IDE function without drives, read as QEMU answers with no drive on a bus. */
class Piix3IdeTest {
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void legacyChannelsReportNoDrive() {
        for (int base : new int[] {0x1f0, 0x170}) {
            assertEquals(0x00, rig.inb(base + 7), "status");
            assertEquals(0x00, rig.inb(base + 1), "error");
            assertEquals(0x00, rig.inb(base + 2), "sector count");
            assertEquals(0xff, rig.inb(base), "data, byte");
            assertEquals(0x0000, rig.inw(base), "data, word");
            assertEquals(0xa0, rig.inb(base + 6), "drive/head after reset");
            rig.outb(base + 6, 0x10); // select the slave
            assertEquals(0xb0, rig.inb(base + 6));
            rig.outb(base + 7, 0xec); // IDENTIFY: nobody answers
            assertEquals(0x00, rig.inb(base + 7));
        }
        assertEquals(0x00, rig.inb(0x3f6), "alternate status");
        assertEquals(0x00, rig.inb(0x376));
    }

    @Test
    void busMasterBlockDecodesThroughBar4() {
        rig.cfgWrite(1, 1, 0x20, 4, 0xc040);
        assertEquals(0xff, rig.inb(0xc040), "I/O decoding off");
        rig.cfgWrite(1, 1, 0x04, 2, 0x0001);
        assertEquals(0x00, rig.inb(0xc040), "command");
        rig.outl(0xc044, 0x00123457);
        assertEquals(0x00123454, rig.inl(0xc044), "PRD address, low bits ignored");
        rig.outb(0xc040, 0x09); // start, read from memory
        assertEquals(0x01, rig.inb(0xc042) & 0x01, "active");
        assertEquals(0x09, rig.inb(0xc040));
        rig.outb(0xc042, 0x60); // drive 0/1 DMA capable
        assertEquals(0x61, rig.inb(0xc042));
        rig.outb(0xc040, 0x00);
        assertEquals(0x60, rig.inb(0xc042));
        assertEquals(0xffff, rig.inw(0xc040), "command/status take bytes only");
        assertEquals(0xff, rig.inb(0xc049), "secondary byte 1");
    }

    @Test
    void resetRestoresDriveHead() {
        rig.outb(0x1f6, 0x10);
        rig.resetAll();
        assertEquals(0xa0, rig.inb(0x1f6));
    }
}
