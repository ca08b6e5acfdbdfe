package org.plugboard.hpet.piix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.hpet.HpetFactory;
import org.plugboard.testkit.DeviceTestKit;

/**
 * The lookup Mac OS X 10.6 makes (xnu osfmk/i386/hpet.c: RCBA from 00:1f.0 config 0xf0, HPTC at
 * RCBA + 0x3404, set address-enable if clear, HPET at 0xfed00000 | select << 12), done through the
 * configuration ports and memory of a machine whose {@code hpet} slot is swapped between the stock
 * device and the patched one, as starting and stopping this bundle does.
 */
class HpetRcbaPatchTest {
    private static final long HPET = 0xfed00000L;

    private DeviceTestKit kit;
    private final StubPciHost host = new StubPciHost();

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new HpetFactory()).build();
        kit.platform().setPciHost(host);
        host.mapConfigPorts(kit.io());
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private int config(int device, int offset) {
        kit.outl(0xcf8, 0x80000000 | device << 11 | offset);
        return kit.inl(0xcfc);
    }

    /** The guest's lookup, step by step; returns what the guest would print. */
    private String lookup() {
        int rcba = config(31, 0xf0);
        if (rcba == -1 || (rcba & 1) == 0) return "HPET not found";
        long hptcAddress = (rcba & 0xffffc000L) + 0x3404;
        int hptc = (int) kit.read(hptcAddress, 4);
        if ((hptc & 0x80) == 0) {
            hptc = (hptc & ~3) | 0x80;
            kit.write(hptcAddress, 4, hptc);
        }
        long hpet = 0xfed00000L | (long) (hptc & 3) << 12;
        long caps = kit.read(hpet, 4);
        return caps >>> 16 == 0x8086 ? String.format("HPET found at 0x%08x", hpet) : "HPET not found";
    }

    private PiixHpetPatchFactory patch() {
        return new PiixHpetPatchFactory(new HpetFactory());
    }

    @Test
    void stockPiixHasNothingAt1f0() {
        assertEquals(-1, config(31, 0));
        assertEquals("HPET not found", lookup());
    }

    @Test
    void startingTheBundleMakesTheLookupSucceedAndStoppingItUndoes() {
        kit.write(HPET + 0x10, 8, 1); // the guest runs the HPET
        kit.advance(1000);
        String account = kit.swapTo(patch());
        assertTrue(account.contains("restored") && !account.contains("NOT"), account);
        assertEquals(100, kit.read(HPET + 0xf0, 8), "the counter carried over");
        kit.reset(); // the guest reboots
        assertEquals(0x29188086, config(31, 0), "an ICH9 LPC bridge at 00:1f.0");
        assertEquals(0xfed1c001, config(31, 0xf0), "RCBA as firmware leaves it");
        assertEquals("HPET found at 0xfed00000", lookup());
        assertEquals(0x80, kit.read(0xfed1c000L + 0x3404, 4), "address enable set by the lookup");
        kit.swapTo(new HpetFactory());
        kit.reset();
        assertEquals("HPET not found", lookup());
    }

    @Test
    void rcbaMovesAndDisablesTheWindow() {
        kit.swapTo(patch());
        kit.outl(0xcf8, 0x8000f8f0);
        kit.outl(0xcfc, 0xfed20001);
        assertEquals(0xfed20001, config(31, 0xf0));
        kit.write(0xfed20000L + 0x3404, 4, 0xff);
        assertEquals(0x83, kit.read(0xfed20000L + 0x3404, 4), "HPTC keeps address enable and select");
        assertEquals(0xffffffffL, kit.read(0xfed1c000L + 0x3404, 4), "no longer at the old base");
        kit.outl(0xcfc, 0xfed20000);
        assertEquals(0xffffffffL, kit.read(0xfed20000L + 0x3404, 4), "disabled");
        kit.outl(0xcfc, 0xfed20001);
        assertEquals(0x83, kit.read(0xfed20000L + 0x3404, 4));
        assertTrue(kit.device().describe().contains("RCBA fed20001, HPTC 83"), kit.device().describe());
    }

    @Test
    void theBridgeNeedsAPciHost() throws ConfigException {
        try (DeviceTestKit bare = DeviceTestKit.builder(new HpetFactory()).build()) {
            String account = bare.swapTo(patch());
            assertTrue(account.contains("FAILED") && account.contains("PCI host"), account);
        }
        assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(patch()).build().close(), "plugging it into a machine without PCI fails");
    }
}
