package org.plugboard.pc.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/** isa-debug-exit, isa-debugcon and port80 through their ports. */
class DebugPortsTest {

    @Test
    void debugExitShutsDownWithTheQemuStatus() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new DebugExitFactory()).build()) {
            assertEquals(-1, kit.shutdownStatus());
            assertEquals(0, kit.inb(0x501), "reads return 0");
            kit.outb(0x501, 0);
            assertEquals(1, kit.shutdownStatus(), "a write of 0 still exits with 1");
            kit.outb(0x502, 0x10);
            assertEquals(0x21, kit.shutdownStatus(), "any port of the region");
            kit.outw(0x501, 0x1234);
            assertEquals(0x2469, kit.shutdownStatus(), "a 16-bit write carries the whole value");
            assertEquals(0xff, kit.inb(0x503), "iosize 2: 0x503 is not decoded");
        }
    }

    @Test
    void debugExitTakesDoublewordsWhenFourPortsWide() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new DebugExitFactory()).property("iobase", "0xf4")
                .property("iosize", "4").build()) {
            kit.outl(0xf4, 0x00c0ffee);
            assertEquals(0x0181ffdd, kit.shutdownStatus());
        }
    }

    @Test
    void debugExitRefusesBadSizes() {
        assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new DebugExitFactory()).property("iosize", "5").build());
        assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new DebugExitFactory()).property("iobase", "0xffff").build());
    }

    @Test
    void debugConsoleWritesBytesAndReadsBackE9() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new DebugConsoleFactory()).property("chardev", "serial1")
                .build()) {
            for (char c : "hello\n".toCharArray()) kit.outb(0xe9, c);
            assertEquals("hello\n", kit.charBackend("serial1").output());
            assertEquals(0xe9, kit.inb(0xe9), "Bochs/QEMU detection value");
            kit.outw(0xe9, 0x4241); // only the port's own byte is the character
            assertEquals("hello\nA", kit.charBackend("serial1").output());
        }
    }

    @Test
    void debugConsoleWithoutBackendDropsOutput() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new DebugConsoleFactory()).property("readback", "0x00")
                .build()) {
            kit.outb(0xe9, 'x');
            assertEquals(0x00, kit.inb(0xe9));
            assertTrue(kit.device().describe().contains("absent"), kit.device().describe());
        }
    }

    @Test
    void postCodesReachTheMachineAndSurviveASwap() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new PostCodePortFactory()).build()) {
            assertEquals(-1, kit.postCode());
            kit.outb(0x80, 0x55);
            assertEquals(0x55, kit.postCode());
            assertEquals(0xff, kit.inb(0x80));
            kit.swapTo(new PostCodePortFactory());
            assertEquals("last POST code 0x55", kit.device().describe());
            kit.outb(0x80, 0xaa);
            assertEquals(0xaa, kit.postCode());
        }
    }

    @Test
    void unknownPropertiesAreRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new PostCodePortFactory()).property("base", "0x80").build());
        assertTrue(e.getMessage().contains("unknown property 'base'"), e.getMessage());
    }
}
