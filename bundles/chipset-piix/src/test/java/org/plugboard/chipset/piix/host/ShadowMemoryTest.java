package org.plugboard.chipset.piix.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.chipset.piix.testing.ChipsetRig;

/**
 * PAM and SMRAM as a BIOS uses them. The firmware ROM is mapped the way the machine maps -bios
 * (its last 128 KiB at 0xe0000, priority 1); RAM lies under everything.
 */
class ShadowMemoryTest {
    private static final int PAM0 = 0x59, PAM1 = 0x5a, SMRAM = 0x72;
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = new ChipsetRig();
        byte[] rom = new byte[128 << 10];
        java.util.Arrays.fill(rom, (byte) 0xb1);
        rig.platform.memory.mapRom("isa-bios", "firmware", 0xe0000, rom, 1);
        rig.plug(new I440fxFactory(), "host");
        rig.resetAll();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private long ram(long address) {
        byte[] b = new byte[4];
        rig.platform.ram.read(address, b, 0, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (long) (b[3] & 0xff) << 24;
    }

    @Test
    void withPamOffTheRomDecodesAndWritesDoNotReachRam() {
        assertEquals(0xb1b1b1b1L, rig.read(0xf0000, 4));
        rig.write(0xf0000, 4, 0x12345678);
        assertEquals(0xb1b1b1b1L, rig.read(0xf0000, 4));
        assertEquals(0, ram(0xf0000));
    }

    @Test
    void writeEnableLandsInRamAndReadEnableShowsIt() {
        rig.cfgWrite(0, 0, PAM0, 1, 0x30); // BIOS segment: read and write RAM
        rig.write(0xf0000, 4, 0x12345678);
        assertEquals(0x12345678L, ram(0xf0000));
        assertEquals(0x12345678L, rig.read(0xf0000, 4));
        rig.cfgWrite(0, 0, PAM0, 1, 0x10); // read-only: the shadow copy, writes dropped
        rig.write(0xf0000, 4, 0xdeadbeefL);
        assertEquals(0x12345678L, rig.read(0xf0000, 4));
        assertEquals(0x12345678L, ram(0xf0000));
        rig.cfgWrite(0, 0, PAM0, 1, 0x00); // back to the ROM
        assertEquals(0xb1b1b1b1L, rig.read(0xf0000, 4));
    }

    @Test
    void writeOnlyIsServedByRamLikeQemu() {
        rig.cfgWrite(0, 0, PAM0, 1, 0x20);
        rig.write(0xf0010, 4, 0x55aa55aaL);
        assertEquals(0x55aa55aaL, ram(0xf0010));
        assertEquals(0x55aa55aaL, rig.read(0xf0010, 4));
    }

    @Test
    void expansionSegmentsFollowTheirOwnNibbles() {
        rig.cfgWrite(0, 0, PAM1 + 2, 1, 0x03); // PAM3 low nibble: 0xd0000-0xd3fff
        rig.write(0xd0000, 4, 0xa5a5a5a5L);
        assertEquals(0xa5a5a5a5L, ram(0xd0000));
        rig.cfgWrite(0, 0, PAM1 + 5, 1, 0x30); // PAM6 high nibble: 0xec000-0xeffff
        rig.write(0xec000, 4, 0x01020304);
        assertEquals(0x01020304L, rig.read(0xec000, 4));
        assertEquals(0xb1b1b1b1L, rig.read(0xe8000, 4), "PAM6 low nibble still the ROM");
    }

    @Test
    void smramOpenShowsRamOverTheVgaWindow() {
        rig.platform.memory.mapOverlapping(Region.of("vga", "vga", 0x20000, 1, 4, new RegionOps() {
            @Override public long read(long offset, int size) { return 0x7e7e7e7eL & ((1L << (8 * size)) - 1); }
            @Override public void write(long offset, int size, long value) { }
        }), 0xa0000, 1);
        rig.write(0xa0000, 4, 0x11111111);
        assertEquals(0x7e7e7e7eL, rig.read(0xa0000, 4));
        rig.cfgWrite(0, 0, SMRAM, 1, 0x4a); // D_OPEN | G_SMRAME | base segment
        rig.write(0xa0000, 4, 0x22222222);
        assertEquals(0x22222222L, rig.read(0xa0000, 4));
        assertEquals(0x22222222L, ram(0xa0000));
        rig.cfgWrite(0, 0, SMRAM, 1, 0x0a);
        assertEquals(0x7e7e7e7eL, rig.read(0xa0000, 4));
    }

    @Test
    void resetClosesEveryWindow() {
        rig.cfgWrite(0, 0, PAM0, 1, 0x30);
        rig.write(0xf0000, 4, 0x12345678);
        rig.resetAll();
        assertEquals(0, rig.cfgRead(0, 0, PAM0, 1));
        assertEquals(0xb1b1b1b1L, rig.read(0xf0000, 4));
    }

    @Test
    void shadowStateSurvivesARoundTrip() {
        rig.cfgWrite(0, 0, PAM0, 1, 0x30);
        rig.write(0xf0000, 4, 0x12345678);
        org.plugboard.api.device.DeviceState s = rig.device("host").saveState();
        rig.device("host").reset();
        assertEquals(0xb1b1b1b1L, rig.read(0xf0000, 4));
        rig.device("host").restoreState(s);
        assertEquals(0x12345678L, rig.read(0xf0000, 4));
    }
}
