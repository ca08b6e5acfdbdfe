package org.plugboard.pc.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

class Port92Test {

    @Test
    void a20BitReadsBackAndResetIsOnTheRisingEdgeOfBit0() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new Port92Factory()).build()) {
            assertEquals(0x00, kit.inb(0x92));
            kit.outb(0x92, 0x02);
            assertEquals(0x02, kit.inb(0x92));
            assertTrue(kit.device().describe().startsWith("A20 enabled"));
            assertEquals(0, kit.resetRequests());
            kit.outb(0x92, 0x03);
            assertEquals(1, kit.resetRequests());
            kit.outb(0x92, 0x03);
            assertEquals(1, kit.resetRequests(), "bit 0 already set: no new edge");
            kit.outb(0x92, 0x02);
            kit.outb(0x92, 0x01);
            assertEquals(2, kit.resetRequests());
            kit.outb(0x92, 0xfc);
            assertEquals(0x00, kit.inb(0x92), "reserved bits read 0");
        }
    }

    @Test
    void stateSurvivesSwapAndResetClearsIt() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new Port92Factory()).build()) {
            kit.outb(0x92, 0x02);
            kit.swapTo(new Port92Factory());
            assertEquals(0x02, kit.inb(0x92));
            kit.reset();
            assertEquals(0x00, kit.inb(0x92));
        }
    }
}
