package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.applesmc.SmcKits.CMD;
import static org.plugboard.applesmc.SmcKits.DATA;
import static org.plugboard.applesmc.SmcKits.RESULT;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceState;
import org.plugboard.testkit.DeviceTestKit;

/** Hot swap and snapshots: written keys, transactions in flight and the OSK carry over; dumps mask the key. */
class StateAndSwapTest {
    private DeviceTestKit kit;
    private LinuxApplesmcDriver linux;

    @BeforeEach
    void setUp() throws Exception {
        kit = SmcKits.withPlaceholderOsk();
        linux = new LinuxApplesmcDriver(new KitPorts(kit));
        linux.init();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void aKeyWrittenBeforeTheSwapReadsBackAfterIt() throws Exception {
        linux.writeKey("F0Tg", DefaultKeys.fpe2(2400));
        linux.writeKey("NATJ", new byte[] {1});
        Device before = kit.device();

        swap();

        assertNotSame(before, kit.device(), "a new instance answers");
        LinuxApplesmcDriver fresh = new LinuxApplesmcDriver(new KitPorts(kit));
        fresh.init();
        assertArrayEquals(DefaultKeys.fpe2(2400), fresh.readKey("F0Tg", 2));
        assertArrayEquals(new byte[] {1}, fresh.readKey("NATJ", 1));
        assertArrayEquals(DefaultKeys.fpe2(1000), fresh.readKey("F0Mn", 2), "untouched keys keep their power-on value");
    }

    @Test
    void aReadInFlightContinuesAcrossTheSwap() throws Exception {
        kit.outb(CMD, 0x10);
        for (byte b : "OSK1".getBytes(StandardCharsets.US_ASCII)) kit.outb(DATA, b);
        kit.outb(DATA, 32);
        StringBuilder osk1 = new StringBuilder();
        for (int i = 0; i < 10; i++) osk1.append((char) kit.inb(DATA));

        swap();

        assertEquals(0x05, kit.inb(CMD));
        for (int i = 10; i < 32; i++) osk1.append((char) kit.inb(DATA));
        assertEquals(TestOsk.secondHalf(), osk1.toString());
        assertEquals(0x00, kit.inb(CMD));
    }

    @Test
    void aWriteInFlightCompletesAcrossTheSwap() throws Exception {
        kit.outb(CMD, 0x11);
        for (byte b : "F0Mn".getBytes(StandardCharsets.US_ASCII)) kit.outb(DATA, b);
        kit.outb(DATA, 2);
        kit.outb(DATA, 0x0f);

        swap();

        kit.outb(DATA, 0xa0);
        assertEquals(0x04, kit.inb(CMD));
        assertEquals(0x00, kit.inb(CMD));
        assertArrayEquals(new byte[] {0x0f, (byte) 0xa0}, linux.readKey("F0Mn", 2));
    }

    @Test
    void theResultCodeAndTheDataLatchSurviveTheSwap() throws Exception {
        linux.readKey("FNum", 1);
        kit.outb(DATA, 0x55); // spurious: result 0x81
        swap();
        assertEquals(0x81, kit.inb(RESULT));
        assertEquals(0x01, kit.inb(DATA), "the last byte output (FNum) is repeated");
    }

    @Test
    void aSnapshotRestoresIntoAMachineConfiguredWithAnotherKey() throws Exception {
        linux.writeKey("FS! ", new byte[] {0, 1});
        byte[] snapshot = kit.save().toBytes();

        String otherKey = "OTHER-PLACEHOLDER-KEY-".repeat(3).substring(0, 64);
        try (DeviceTestKit other = DeviceTestKit.builder(new AppleSmcFactory()).id("smc").property("osk", otherKey).build()) {
            other.device().restoreState(DeviceState.fromBytes(snapshot));
            LinuxApplesmcDriver linux2 = new LinuxApplesmcDriver(new KitPorts(other));
            linux2.init();
            assertArrayEquals(new byte[] {0, 1}, linux2.readKey("FS! ", 2));
            assertEquals(TestOsk.firstHalf(), new String(linux2.readKey("OSK0", 32), StandardCharsets.US_ASCII),
                    "the guest keeps seeing the key it saw when the snapshot was taken");
            assertTrue(other.device().describe().contains("from saved state"), other.device().describe());
        }
    }

    @Test
    void stateDumpsMaskTheKey() throws Exception {
        linux.readKey("OSK1", 32); // the data latch now holds the key's last byte
        DeviceState state = kit.save();
        String dump = state.toString();
        assertTrue(dump.contains("osk = <secret, 64 bytes>"), dump);
        assertTrue(dump.contains("dataLatch = <secret, 1 bytes>"), dump);
        assertFalse(dump.contains(TestOsk.firstHalf()) || dump.contains(TestOsk.secondHalf()), dump);
        assertFalse(dump.contains(hex(TestOsk.firstHalf())) || dump.contains(hex(TestOsk.secondHalf())), dump);
        assertFalse(dump.contains(hex(TestOsk.PLACEHOLDER.substring(0, 8))), dump);
    }

    @Test
    void describeNamesTheSourceNotTheKey() {
        String line = kit.device().describe();
        assertEquals("AppleSMC at 0x300-0x31f, 22 keys, OSK (64 bytes, from osk=), idle, result 0x00", line);
    }

    @Test
    void describeShowsATransactionInFlight() {
        kit.outb(CMD, 0x10);
        kit.outb(DATA, 'O');
        assertTrue(kit.device().describe().endsWith("command 0x10 taking argument byte 1, result 0x00"), kit.device().describe());
    }

    @Test
    void foreignOrNewerStatesAreRefused() {
        Device d = kit.device();
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(new DeviceState("isa-serial", 1)));
        DeviceState newer = new DeviceState(AppleSmc.STATE_TYPE, AppleSmc.STATE_VERSION + 1);
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(newer));
        DeviceState broken = kit.save();
        broken.putString("phase", "SINGING");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.restoreState(broken));
        assertTrue(e.getMessage().contains("unknown phase"), e.getMessage());
    }

    /** Swaps to a fresh factory and checks the state went across. */
    private void swap() {
        String account = kit.swapTo(new AppleSmcFactory());
        assertTrue(account.contains("state v1") && account.contains("restored") && !account.contains("NOT"), account);
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.US_ASCII)) b.append(String.format("%02x", x));
        return b.toString();
    }
}
