package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.applesmc.SmcKits.CMD;
import static org.plugboard.applesmc.SmcKits.DATA;
import static org.plugboard.applesmc.SmcKits.RESULT;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/** The port interface byte by byte: status after every step, every result code, odd sequences. */
class PortProtocolTest {
    private DeviceTestKit kit;

    @BeforeEach
    void setUp() throws Exception {
        kit = SmcKits.withPlaceholderOsk();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private void command(int cmd) {
        kit.outb(CMD, cmd);
    }

    private void argument(String key) {
        for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) kit.outb(DATA, b);
    }

    private void index(int i) {
        kit.outb(DATA, i >>> 24);
        kit.outb(DATA, i >>> 16);
        kit.outb(DATA, i >>> 8);
        kit.outb(DATA, i);
    }

    private int status() {
        return kit.inb(CMD);
    }

    private int result() {
        return kit.inb(RESULT);
    }

    private byte[] readOutput(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            assertEquals(0x05, status(), "data ready + busy before byte " + i);
            b[i] = (byte) kit.inb(DATA);
        }
        return b;
    }

    /** The error path's shape: busy for one more poll, then idle, the result code latched. */
    private void assertRefused(int code) {
        assertEquals(0x04, status(), "busy is seen once more after the refused byte");
        assertEquals(0x00, status());
        assertEquals(code, result());
    }

    @Test
    void statusWalksThroughARead() {
        assertEquals(0x00, status(), "idle at power-on");
        command(0x10);
        assertEquals(0x0c, status(), "command taken: got-command + busy");
        kit.outb(DATA, 'T');
        assertEquals(0x04, status(), "busy, waiting for the rest of the key");
        argument("C0P");
        assertEquals(0x04, status(), "busy, waiting for the length");
        kit.outb(DATA, 2);
        assertArrayEquals(DefaultKeys.sp78(45.0), readOutput(2));
        assertEquals(0x00, status(), "done after the last byte");
        assertEquals(0x00, result());
    }

    @Test
    void readOfAnUnknownKeyIsRefused() {
        command(0x10);
        argument("ZZZZ");
        kit.outb(DATA, 2);
        assertRefused(0x84);
    }

    @Test
    void readOfAWriteOnlyKeyIsRefused() {
        command(0x10);
        argument("LKSB");
        kit.outb(DATA, 2);
        assertRefused(0x85);
    }

    @Test
    void writeOfAReadOnlyKeyIsRefusedAndChangesNothing() {
        command(0x11);
        argument("FNum");
        kit.outb(DATA, 1);
        assertRefused(0x86);
        command(0x10);
        argument("FNum");
        kit.outb(DATA, 1);
        assertArrayEquals(new byte[] {1}, readOutput(1));
    }

    @Test
    void writeWithTheWrongLengthIsRefused() {
        command(0x11);
        argument("F0Tg");
        kit.outb(DATA, 1);
        assertRefused(0x87);
    }

    @Test
    void writeOfAnUnknownKeyIsRefused() {
        command(0x11);
        argument("ZZZZ");
        kit.outb(DATA, 1);
        assertRefused(0x84);
    }

    @Test
    void anUnknownCommandIsRefusedAndItsDataIsSpurious() {
        command(0x42);
        assertEquals(0x08, status(), "a command came in, nothing is busy");
        assertEquals(0x82, result());
        kit.outb(DATA, 'T');
        assertEquals(0x81, result(), "no command takes data");
        assertEquals(0x00, status());
    }

    @Test
    void anIndexPastTheEndIsRefused() {
        command(0x12);
        index(22);
        kit.outb(DATA, 4);
        assertRefused(0xb8);
        command(0x12);
        index(-1); // 0xffffffff: an unsigned index, far out of range
        kit.outb(DATA, 4);
        assertRefused(0xb8);
    }

    @Test
    void getKeyByIndexAndKeyInfo() {
        command(0x12);
        index(0);
        kit.outb(DATA, 4);
        assertEquals("#KEY", new String(readOutput(4), StandardCharsets.US_ASCII));
        command(0x13);
        argument("#KEY");
        kit.outb(DATA, 6);
        assertArrayEquals(new byte[] {4, 'u', 'i', '3', '2', (byte) 0x80}, readOutput(6));
        command(0x13);
        argument("OSK1");
        kit.outb(DATA, 6);
        assertArrayEquals(new byte[] {32, 'c', 'h', '8', '*', (byte) 0x80}, readOutput(6));
    }

    @Test
    void keyInfoOfAnUnknownKeyIsRefused() {
        command(0x13);
        argument("ZZZZ");
        kit.outb(DATA, 6);
        assertRefused(0x84);
    }

    @Test
    void aCommandInTheMiddleOfAReadInterruptsIt() {
        command(0x10);
        argument("TC0P");
        kit.outb(DATA, 2);
        assertEquals(0x2d, kit.inb(DATA));
        command(0x10);
        assertEquals(0x08, status(), "the new command is refused: not busy, no data");
        assertEquals(0x80, result());
        assertEquals(0x2d, kit.inb(DATA), "nothing pending: the data port repeats its last byte");
        assertEquals(0x08, status(), "and the read changed nothing");
        command(0x10);
        assertEquals(0x0c, status(), "sent again, the command is taken");
        assertEquals(0x00, result(), "a taken command clears the result");
        argument("TC0P");
        kit.outb(DATA, 2);
        assertArrayEquals(DefaultKeys.sp78(45.0), readOutput(2));
    }

    @Test
    void aCommandInTheMiddleOfTheKeyInterruptsIt() {
        command(0x11);
        argument("F0");
        command(0x11);
        assertEquals(0x80, result());
        assertEquals(0x08, status());
    }

    @Test
    void aCommandInTheMiddleOfWriteDataInterruptsItAndNothingIsWritten() {
        command(0x11);
        argument("F0Tg");
        kit.outb(DATA, 2);
        kit.outb(DATA, 0x17);
        command(0x10);
        assertEquals(0x80, result());
        command(0x10);
        argument("F0Tg");
        kit.outb(DATA, 2);
        assertArrayEquals(DefaultKeys.fpe2(1200), readOutput(2));
    }

    @Test
    void readsWithNothingPendingRepeatTheLastByte() {
        assertEquals(0x00, kit.inb(DATA), "nothing was ever output");
        assertEquals(0x00, status());
        command(0x10);
        argument("FNum");
        kit.outb(DATA, 1);
        assertEquals(0x01, kit.inb(DATA));
        assertEquals(0x01, kit.inb(DATA));
        assertEquals(0x01, kit.inb(DATA));
        assertEquals(0x00, status());
        assertEquals(0x00, result(), "over-reading is not an error");
    }

    @Test
    void dataWrittenWhileOutputIsPendingIsSpuriousAndEndsTheCommand() {
        command(0x10);
        argument("REV ");
        kit.outb(DATA, 6);
        kit.outb(DATA, 0x55);
        assertEquals(0x81, result());
        assertEquals(0x00, status());
    }

    @Test
    void dataWrittenWhenIdleIsSpurious() {
        kit.outb(DATA, 0x55);
        assertEquals(0x81, result());
        assertEquals(0x00, status());
    }

    @Test
    void theResultPortIgnoresWritesAndReadsDoNotClearIt() {
        kit.outb(DATA, 0x55);
        kit.outb(RESULT, 0x00);
        assertEquals(0x81, result());
        assertEquals(0x81, result());
    }

    @Test
    void theRestOfTheWindowIsClaimedButNotDecoded() {
        for (int port = 0x300; port < 0x320; port++) {
            if (port == DATA || port == CMD || port == RESULT) continue;
            kit.outb(port, 0x10);
            assertEquals(0xff, kit.inb(port), String.format("port 0x%x", port));
        }
        assertEquals(0x00, status(), "writes elsewhere in the window do not reach the SMC");
        assertTrue(kit.io().entries().stream().anyMatch(e -> e.start() == 0x300 && e.end() == 0x31f
                && e.owner().equals("smc")), "one mapping covers 0x300-0x31f: " + kit.io().entries());
    }

    @Test
    void wideAccessesAreSplitIntoBytes() {
        command(0x10);
        // a 16-bit read of 0x304 is status (0x0c) then port 0x305 (undecoded)
        assertEquals(0xff0c, kit.inw(CMD));
    }

    @Test
    void resetDropsATransactionButKeepsWrittenKeys() {
        command(0x11);
        argument("F0Mn");
        kit.outb(DATA, 2);
        kit.outb(DATA, 0x10);
        kit.outb(DATA, 0x00);
        command(0x10);
        argument("TC0P");
        kit.outb(DATA, 2);
        kit.reset();
        assertEquals(0x00, status());
        assertEquals(0x00, result());
        command(0x10);
        argument("F0Mn");
        kit.outb(DATA, 2);
        assertArrayEquals(new byte[] {0x10, 0x00}, readOutput(2), "the SMC is not reset with the host");
    }

    @Test
    void iobaseMovesTheWindow() throws Exception {
        try (DeviceTestKit other = DeviceTestKit.builder(new AppleSmcFactory()).id("smc2")
                .property("iobase", "0x320").property("osk", TestOsk.PLACEHOLDER).build()) {
            other.outb(0x324, 0x10);
            assertEquals(0x0c, other.inb(0x324));
            assertEquals(0xff, other.inb(0x304), "nothing at the default base");
        }
    }

    @Test
    void badPropertiesAreRefused() {
        ConfigException range = assertThrows(ConfigException.class, () -> DeviceTestKit.builder(new AppleSmcFactory())
                .id("smc").property("iobase", "0xfff0").property("osk", TestOsk.PLACEHOLDER).build());
        assertTrue(range.getMessage().contains("iobase"), range.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> DeviceTestKit.builder(new AppleSmcFactory())
                .id("smc").property("irq", "6").property("osk", TestOsk.PLACEHOLDER).build());
        assertTrue(unknown.getMessage().contains("unknown property 'irq'"), unknown.getMessage());
    }
}
