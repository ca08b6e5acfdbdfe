package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.plugboard.applesmc.SmcKits.CMD;
import static org.plugboard.applesmc.SmcKits.DATA;
import static org.plugboard.applesmc.SmcKits.RESULT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * The clients that poll the SMC differently from Linux 5.10:
 * <ul>
 *   <li>Mac OS X at boot: plain reads of {@code REV }, {@code OSK0} and {@code OSK1}, then the
 *       result port (10.12.4 refuses to boot without port 0x31e, QEMU commit 9e507d7e77). The
 *       kext's source is not public; the sequence is the classic one below, the one QEMU's model
 *       was built and tested against: command until status reads 0x0c, each key byte until
 *       0x04, the length, each data byte on 0x05;</li>
 *   <li>Linux up to 4.x ("classic", the same exact-value polls);</li>
 *   <li>Linux 5.4 to 5.9: each byte is written first and then acknowledged by busy, resent when
 *       neither busy nor input-closed shows; data is read on data-ready alone.</li>
 * </ul>
 */
class OlderClientsTest {
    private DeviceTestKit kit;
    private int resends;

    @BeforeEach
    void setUp() throws Exception {
        kit = SmcKits.withPlaceholderOsk();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    // --- the classic exact-value client (Mac OS X's boot reads, Linux up to 4.x) ---

    private void waitExact(int value) throws IOException {
        for (int i = 0; i < 16; i++) if ((kit.inb(CMD) & 0x0f) == value) return;
        throw new IOException("status never became 0x" + Integer.toHexString(value));
    }

    private void classicCommand(int cmd) throws IOException {
        for (int i = 0; i < 16; i++) {
            kit.outb(CMD, cmd);
            if ((kit.inb(CMD) & 0x0f) == 0x0c) return;
            resends++;
        }
        throw new IOException("command 0x" + Integer.toHexString(cmd) + " never taken");
    }

    private void classicArgument(String key) throws IOException {
        for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) {
            kit.outb(DATA, b);
            waitExact(0x04);
        }
    }

    private byte[] classicRead(String key, int len) throws IOException {
        classicCommand(0x10);
        classicArgument(key);
        kit.outb(DATA, len);
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            waitExact(0x05);
            b[i] = (byte) kit.inb(DATA);
        }
        return b;
    }

    private void classicWrite(String key, byte[] value) throws IOException {
        classicCommand(0x11);
        classicArgument(key);
        kit.outb(DATA, value.length);
        for (byte b : value) {
            waitExact(0x04);
            kit.outb(DATA, b);
        }
    }

    @Test
    void macOsBootReadsRevAndTheOsk() throws IOException {
        assertArrayEquals(new byte[] {0x01, 0x13, 0x0f, 0x00, 0x00, 0x03}, classicRead("REV ", 6));
        assertEquals(0, kit.inb(RESULT));
        assertEquals(TestOsk.firstHalf(), new String(classicRead("OSK0", 32), StandardCharsets.US_ASCII));
        assertEquals(0, kit.inb(RESULT));
        assertEquals(TestOsk.secondHalf(), new String(classicRead("OSK1", 32), StandardCharsets.US_ASCII));
        assertEquals(0, kit.inb(RESULT));
        assertEquals(0, resends);
    }

    @Test
    void macOsReadsTheShutdownKeys() throws IOException {
        assertArrayEquals(new byte[] {3}, classicRead("MSSD", 1));
        assertArrayEquals(new byte[] {0}, classicRead("MSSP", 1));
        assertArrayEquals(new byte[] {0}, classicRead("NATJ", 1));
    }

    @Test
    void theClassicClientWritesAndReadsBack() throws IOException {
        assertEquals(22, ByteBuffer.wrap(classicRead("#KEY", 4)).getInt());
        classicWrite("NATJ", new byte[] {5});
        // it sends the next command without waiting for busy to fall: the SMC takes it
        assertArrayEquals(new byte[] {5}, classicRead("NATJ", 1));
        assertEquals(0, resends);
    }

    @Test
    void theClassicClientRetriesACommandThatCollided() throws IOException {
        kit.outb(CMD, 0x10);
        kit.outb(DATA, 'R'); // abandoned in the middle of a key
        assertArrayEquals(new byte[] {0x01, 0x13, 0x0f, 0x00, 0x00, 0x03}, classicRead("REV ", 6));
        assertEquals(1, resends, "the first command byte collided, the resent one was taken");
    }

    // --- Linux 5.4 to 5.9: write, then poll for the acknowledgement ---

    private void sendByteThenAck(int value, int port) throws IOException {
        kit.outb(port, value);
        for (int i = 0; i < 16; i++) {
            int status = kit.inb(CMD);
            if ((status & 0x02) != 0) continue;
            if ((status & 0x04) != 0) return;
            resends++;
            kit.outb(port, value);
        }
        throw new IOException("byte 0x" + Integer.toHexString(value) + " never acknowledged");
    }

    private void waitRead() throws IOException {
        for (int i = 0; i < 16; i++) if ((kit.inb(CMD) & 0x01) != 0) return;
        throw new IOException("wait_read() fail");
    }

    private byte[] ackRead(String key, int len) throws IOException {
        sendByteThenAck(0x10, CMD);
        for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) sendByteThenAck(b & 0xff, DATA);
        sendByteThenAck(len, DATA);
        byte[] buf = new byte[len];
        for (int i = 0; i < len; i++) {
            waitRead();
            buf[i] = (byte) kit.inb(DATA);
        }
        for (int i = 0; i < 16 && (kit.inb(CMD) & 0x01) != 0; i++) kit.inb(DATA);
        return buf;
    }

    private void ackWrite(String key, byte[] value) throws IOException {
        sendByteThenAck(0x11, CMD);
        for (byte b : key.getBytes(StandardCharsets.ISO_8859_1)) sendByteThenAck(b & 0xff, DATA);
        sendByteThenAck(value.length, DATA);
        for (byte b : value) sendByteThenAck(b & 0xff, DATA);
    }

    @Test
    void linux59WritesWithoutResendingTheLastByte() throws IOException {
        assertEquals(22, ByteBuffer.wrap(ackRead("#KEY", 4)).getInt());
        ackWrite("FS! ", new byte[] {0x00, 0x01});
        assertEquals(0, resends, "busy acknowledged every byte, the last one of the write included");
        assertEquals(0, kit.inb(RESULT), "no byte was resent as spurious data");
        assertArrayEquals(new byte[] {0x00, 0x01}, ackRead("FS! ", 2));
    }
}
