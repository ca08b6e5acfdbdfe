package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.applesmc.SmcKits.CMD;
import static org.plugboard.applesmc.SmcKits.DATA;
import static org.plugboard.applesmc.SmcKits.RESULT;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * Linux's applesmc driver (5.10 and later) against the emulated SMC: its probe, its key reads
 * and writes, its flush loop and its recovery from a stuck command, with the exact port accesses.
 */
class LinuxDriverReplayTest {
    private DeviceTestKit kit;
    private KitPorts ports;
    private LinuxApplesmcDriver linux;

    @BeforeEach
    void setUp() throws Exception {
        kit = SmcKits.withPlaceholderOsk();
        ports = new KitPorts(kit);
        linux = new LinuxApplesmcDriver(ports);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void theProbeFindsKeysFansAndTemperatures() throws Exception {
        LinuxApplesmcDriver.Init init = linux.init();
        // the driver would print: applesmc: key=22 fan=1 temp=5 index=5 acc=0 lux=0 kbd=1
        assertEquals(22, init.keyCount());
        assertEquals(1, init.fanCount());
        assertEquals(5, init.tempCount());
        assertEquals(5, init.indexCount());
        assertFalse(init.accelerometer());
        assertEquals(0, init.lightSensors());
        assertTrue(init.keyBacklight());
        assertEquals(0, linux.extraPolls, "every status the driver waited for was there at the first poll");
        assertEquals(0, linux.flushed, "no read left bytes behind");
        assertEquals(0, kit.inb(RESULT));
    }

    @Test
    void readingTheKeyCountIsExactlyThisSequence() throws Exception {
        assertEquals(22, linux.readRegisterCount());
        assertEquals(List.of(
                "in 304=00",                                    // smc_sane: busy is down
                "in 304=00", "out 304<10",                      // send_command(READ)
                "in 304=0c", "in 304=0c", "out 300<23",         // '#': input open, busy up, byte
                "in 304=04", "in 304=04", "out 300<4b",         // 'K'
                "in 304=04", "in 304=04", "out 300<45",         // 'E'
                "in 304=04", "in 304=04", "out 300<59",         // 'Y'
                "in 304=04", "in 304=04", "out 300<04",         // length 4
                "in 304=05", "in 300=00",                       // data[0..3]: data ready + busy
                "in 304=05", "in 300=00",
                "in 304=05", "in 300=00",
                "in 304=05", "in 300=16",                       // 22 keys, big-endian
                "in 304=00",                                    // flush loop: nothing left
                "in 304=00"),                                   // busy has fallen
                ports.takeTranscript());
    }

    @Test
    void theBinarySearchForFNumVisitsTheIndicesLinuxVisits() throws Exception {
        linux.start();
        assertEquals(7, linux.lowerBound("FNum"));
        // 22 keys: middle 11 (MSSD), 5 (F0Mx), 8 (FS! ), 7 (FNum), 6 (F0Tg)
        assertEquals(List.of(11, 5, 8, 7, 6), linux.indexQueries);
        assertEquals(8, linux.upperBound("FNum"));
        LinuxApplesmcDriver.Entry fnum = linux.entryByKey("FNum");
        assertEquals(new LinuxApplesmcDriver.Entry("FNum", 1, "ui8 ", 0x80), fnum);
        assertArrayEquals(new byte[] {1}, linux.readKey("FNum", 1));
    }

    @Test
    void everyIndexHasAKeyInSortedOrderWithItsInfo() throws Exception {
        int count = linux.start();
        String previous = "";
        for (int i = 0; i < count; i++) {
            LinuxApplesmcDriver.Entry e = linux.entryByIndex(i);
            assertTrue(e.key().compareTo(previous) > 0, e.key() + " must sort after " + previous);
            previous = e.key();
        }
        assertEquals(new LinuxApplesmcDriver.Entry("OSK0", 32, "ch8*", 0x80), linux.entryByKey("OSK0"));
        assertEquals(new LinuxApplesmcDriver.Entry("F0Tg", 2, "fpe2", 0xc0), linux.entryByKey("F0Tg"));
        assertEquals(new LinuxApplesmcDriver.Entry("LKSB", 2, "{lkb", 0x40), linux.entryByKey("LKSB"));
        assertEquals(new LinuxApplesmcDriver.Entry("MSSD", 1, "si8 ", 0xc0), linux.entryByKey("MSSD"));
        assertEquals(new LinuxApplesmcDriver.Entry("ACEN", 1, "flag", 0x80), linux.entryByKey("ACEN"));
    }

    @Test
    void readsATemperatureAndTheFanSpeed() throws Exception {
        linux.init();
        byte[] cpu = linux.readKey("TC0P", 2);
        assertEquals(45.0, (short) (((cpu[0] & 0xff) << 8) | (cpu[1] & 0xff)) / 256.0);
        byte[] heatsink = linux.readKey("Th0H", 2);
        assertEquals(47.75, (short) (((heatsink[0] & 0xff) << 8) | (heatsink[1] & 0xff)) / 256.0);
        byte[] fan = linux.readKey("F0Ac", 2);
        assertEquals(1200, (((fan[0] & 0xff) << 8) | (fan[1] & 0xff)) >> 2);
        byte[] id = linux.readKey("F0ID", 16);
        assertEquals("Main        ", new String(id, 4, 12, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void theFlushLoopDrainsWhatTheCallerDidNotAskFor() throws Exception {
        byte[] head = linux.readSmc(0x10, LinuxApplesmcDriver.bytes("REV "), 4);
        assertArrayEquals(new byte[] {0x01, 0x13, 0x0f, 0x00}, head);
        assertEquals(2, linux.flushed, "REV has 6 bytes: the loop drains the last 2");
        assertEquals(0, kit.inb(CMD));
        assertEquals(0, kit.inb(RESULT));
    }

    @Test
    void aWriteIsKeptAndBusyFallsOnePollAfterTheLastByte() throws Exception {
        linux.init();
        ports.takeTranscript();
        linux.writeKey("F0Tg", DefaultKeys.fpe2(1500));
        List<String> t = ports.takeTranscript();
        assertEquals(List.of("out 300<70", "in 304=04", "in 304=00"), t.subList(t.size() - 3, t.size()));
        assertArrayEquals(DefaultKeys.fpe2(1500), linux.readKey("F0Tg", 2));
        assertEquals(0, kit.inb(RESULT));
    }

    @Test
    void smcSaneUnsticksAReadLeftHalfDone() throws Exception {
        // a reader that gave up after one byte of REV leaves busy and data-ready up
        kit.outb(CMD, 0x10);
        for (byte b : LinuxApplesmcDriver.bytes("REV ")) kit.outb(DATA, b);
        kit.outb(DATA, 6);
        kit.inb(DATA);
        assertEquals(0x05, kit.inb(CMD));

        linux.start(); // smc_sane times out on busy, sends READ (refused: collision), then goes on
        assertEquals(22, linux.readRegisterCount());
        assertEquals(0, kit.inb(RESULT));
        assertTrue(linux.extraPolls >= 24, "smc_sane waited for busy to fall before resetting");
    }
}
