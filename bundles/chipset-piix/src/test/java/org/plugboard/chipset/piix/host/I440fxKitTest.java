package org.plugboard.chipset.piix.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/** The host bridge alone in the device test kit: it brings its own PCI host, and survives a swap. */
class I440fxKitTest {
    private DeviceTestKit kit;

    @BeforeEach
    void setUp() throws Exception {
        kit = DeviceTestKit.builder(new I440fxFactory()).id("host").ramSize(16 << 20).build();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private int config(int offset) {
        kit.outl(0xcf8, 0x80000000 | offset);
        return kit.inl(0xcfc);
    }

    @Test
    void providesThePciHostAndAnswersForItself() {
        assertTrue(kit.platform().pciHost().isPresent());
        assertEquals(0x12378086, config(0));
        assertEquals(1, kit.platform().pciHost().get().attachments().size());
        assertEquals(2, config(0x54) >>> 24, "0x57: 16 MiB is 2 units of 8 MiB");
    }

    @Test
    void shadowStateAndConfigAddressSurviveASwap() {
        kit.outl(0xcf8, 0x80000058);
        kit.outb(0xcfd, 0x30); // PAM0: BIOS segment is RAM
        kit.write(0xf0000, 4, 0xcafef00dL);
        String account = kit.swapTo(new I440fxFactory());
        assertTrue(account.contains("restored"), account);
        kit.settle();
        assertEquals(0x80000058, kit.inl(0xcf8), "CONFIG_ADDRESS carried over");
        assertEquals(0x30, kit.inb(0xcfd));
        assertEquals(0xcafef00dL, kit.read(0xf0000, 4));
        assertEquals(0x12378086, config(0), "the new instance answers on the new bus");
    }
}
