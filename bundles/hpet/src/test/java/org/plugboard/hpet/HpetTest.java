package org.plugboard.hpet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

/** The HPET through its registers, against virtual time (one counter tick per 10 ns). */
class HpetTest {
    private static final long BASE = 0xfed00000L;
    private static final int CONFIG = 0x10, STATUS = 0x20, COUNTER = 0xf0;
    private static final long ENABLE = 1, LEGACY = 2;
    private static final long LEVEL = 1 << 1, INT_ENABLE = 1 << 2, PERIODIC = 1 << 3, SET_VALUE = 1 << 6,
            MODE_32 = 1 << 8, FSB = 1 << 14;

    private DeviceTestKit kit;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new HpetFactory()).build();
        for (String line : List.of("gsi.2", "gsi.16", "gsi.17", "isa.0", "isa.8", Hpet.LEGACY_GATE_LINE)) kit.irq(line);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private long read(int offset) {
        return kit.read(BASE + offset, 8);
    }

    private long read32(int offset) {
        return kit.read(BASE + offset, 4);
    }

    private void write(int offset, long value) {
        kit.write(BASE + offset, 8, value);
    }

    private void write32(int offset, long value) {
        kit.write(BASE + offset, 4, value);
    }

    private static int timerConfig(int n) { return 0x100 + 0x20 * n; }

    private static int comparator(int n) { return 0x108 + 0x20 * n; }

    private static long route(int gsi) { return (long) gsi << 9; }

    private IrqProbe line(String name) {
        return kit.irq(name);
    }

    // --- identification ---

    @Test
    void capabilitiesAndPeriod() throws ConfigException {
        assertEquals(0x8086a201L, read32(0));
        assertEquals(0x00989680L, read32(4), "10 ns in femtoseconds");
        assertEquals(0x00989680_8086a201L, read(0));
        assertEquals(0x01, kit.read(BASE, 1), "a byte read");
        write(0, 0);
        assertEquals(0x8086a201L, read32(0), "read-only");
        try (DeviceTestKit five = DeviceTestKit.builder(new HpetFactory()).property("timers", "5").build()) {
            assertEquals(0x8086a401L, five.read(BASE, 4));
        }
        assertThrows(ConfigException.class, () -> DeviceTestKit.builder(new HpetFactory()).property("timers", "2").build());
    }

    @Test
    void timerCapabilitiesAndReservedOffsets() {
        assertEquals(0x00ff0104_00000030L, read(timerConfig(0)), "periodic and 64-bit capable, routes 2, 8, 16-23");
        assertEquals(-1L, read(comparator(0)), "comparators reset to all ones");
        assertEquals(0, read(0x08));
        assertEquals(0, read(0x30));
        assertEquals(0, read(timerConfig(3)), "no fourth timer");
        write(0x30, -1L);
        write(timerConfig(3), -1L);
        assertEquals(0, read(0x30));
        assertEquals(0, read(CONFIG));
    }

    // --- main counter ---

    @Test
    void counterRunsOnlyWhileEnabled() {
        kit.advance(1000);
        assertEquals(0, read(COUNTER), "halted");
        write(CONFIG, ENABLE);
        kit.advance(1000);
        assertEquals(100, read(COUNTER));
        kit.advance(25);
        assertEquals(102, read32(COUNTER), "read while enabled");
        write(CONFIG, 0);
        kit.advance(1000);
        assertEquals(102, read(COUNTER), "frozen");
        write(COUNTER, 0x1_0000_0000L);
        assertEquals(1, read32(COUNTER + 4), "high half");
        assertEquals(0, read32(COUNTER));
        write32(COUNTER, 5);
        assertEquals(0x1_0000_0005L, read(COUNTER), "a 32-bit write changes one half");
        write(CONFIG, ENABLE);
        kit.advance(100);
        assertEquals(0x1_0000_000fL, read(COUNTER));
    }

    // --- comparators ---

    @Test
    void oneShotEdgeFiresOnceAtTheComparator() {
        write(timerConfig(0), INT_ENABLE | route(16));
        write(comparator(0), 1000);
        write(CONFIG, ENABLE);
        kit.advance(9_990);
        assertEquals(0, line("gsi.16").pulses());
        kit.advance(10);
        assertEquals(1, line("gsi.16").pulses());
        kit.advance(1_000_000);
        assertEquals(1, line("gsi.16").pulses(), "a 64-bit one-shot fires once");
        assertEquals(0, read(STATUS), "edge timers leave the status alone");
    }

    @Test
    void thirtyTwoBitOneShotFiresAgainWhenTheCounterWraps() {
        write(COUNTER, 0xffff_ffff_ffff_ffceL); // 50 ticks before the low half wraps
        write(timerConfig(1), INT_ENABLE | MODE_32 | route(17));
        write(comparator(1), 0x1_0000_000aL);
        assertEquals(0x0a, read(comparator(1)), "32-bit mode keeps the low half only");
        write(CONFIG, ENABLE);
        kit.advance(599);
        assertEquals(0, line("gsi.17").pulses());
        kit.advance(1);
        assertEquals(1, line("gsi.17").pulses());
        kit.advance((1L << 32) * 10 - 1);
        assertEquals(1, line("gsi.17").pulses());
        kit.advance(1);
        assertEquals(2, line("gsi.17").pulses(), "again after 2^32 ticks");
    }

    @Test
    void periodicWithSetValueAccumulates() {
        write(CONFIG, ENABLE);
        kit.advance(500);
        long now = read(COUNTER);
        write(timerConfig(0), INT_ENABLE | PERIODIC | SET_VALUE | route(2));
        write(comparator(0), now + 100); // sets the comparator (and the period)
        write(comparator(0), 100); // set-value has cleared: only the period
        assertEquals(0, read(timerConfig(0)) & SET_VALUE);
        assertEquals(now + 100, read(comparator(0)));
        kit.advance(1000);
        assertEquals(1, line("gsi.2").pulses());
        assertEquals(now + 200, read(comparator(0)), "the comparator steps by the period");
        kit.advance(10_000);
        assertEquals(11, line("gsi.2").pulses());
    }

    @Test
    void rewritingThePeriodOfARunningTimer() {
        write(timerConfig(0), INT_ENABLE | PERIODIC | SET_VALUE | route(2));
        write(comparator(0), 100);
        write(comparator(0), 100);
        write(CONFIG, ENABLE);
        kit.advance(1000);
        assertEquals(1, line("gsi.2").pulses());
        write(comparator(0), 300); // new period from the next match on
        assertEquals(200, read(comparator(0)));
        kit.advance(1000);
        assertEquals(2, line("gsi.2").pulses());
        assertEquals(500, read(comparator(0)));
        kit.advance(3000);
        assertEquals(3, line("gsi.2").pulses());
    }

    @Test
    void levelTimerHoldsItsLineUntilTheStatusIsCleared() {
        write(timerConfig(2), LEVEL | INT_ENABLE | route(16));
        write(comparator(2), 10);
        write(CONFIG, ENABLE);
        kit.advance(100);
        assertEquals(4, read(STATUS));
        assertTrue(line("gsi.16").isAsserted());
        write(STATUS, 3); // other bits: no effect
        assertTrue(line("gsi.16").isAsserted());
        write32(STATUS, 4);
        assertFalse(line("gsi.16").isAsserted());
        assertEquals(0, read(STATUS));
    }

    @Test
    void disabledInterruptStillSetsLevelStatus() {
        write(timerConfig(0), LEVEL | route(16));
        write(comparator(0), 10);
        write(CONFIG, ENABLE);
        kit.advance(100);
        assertEquals(1, read(STATUS));
        assertFalse(line("gsi.16").isAsserted());
        write(timerConfig(0), LEVEL | INT_ENABLE | route(16));
        assertTrue(line("gsi.16").isAsserted(), "enabling the interrupt with the status set asserts");
        write(timerConfig(0), LEVEL | INT_ENABLE | route(17));
        assertFalse(line("gsi.16").isAsserted(), "the level moves with the route");
        assertTrue(line("gsi.17").isAsserted());
        write(CONFIG, 0);
        assertFalse(line("gsi.17").isAsserted(), "halting the block drops its lines");
    }

    @Test
    void routesOutsideTheCapabilityAreRefused() {
        write(timerConfig(0), INT_ENABLE | route(5));
        assertEquals(0, (read(timerConfig(0)) >>> 9) & 0x1f);
        write(timerConfig(0), INT_ENABLE | route(8));
        assertEquals(8, (read(timerConfig(0)) >>> 9) & 0x1f);
    }

    @Test
    void legacyReplacementRoutesTimers0And1ToIrq0AndIrq8() {
        write(timerConfig(0), INT_ENABLE | route(16));
        write(comparator(0), 10);
        write(timerConfig(1), INT_ENABLE | route(16));
        write(comparator(1), 20);
        write(CONFIG, ENABLE | LEGACY);
        assertTrue(line(Hpet.LEGACY_GATE_LINE).isAsserted(), "the PIT and the RTC are told to let go");
        kit.advance(1000);
        assertEquals(1, line("isa.0").pulses());
        assertEquals(1, line("isa.8").pulses());
        assertEquals(0, line("gsi.16").pulses());
        write(CONFIG, ENABLE);
        assertFalse(line(Hpet.LEGACY_GATE_LINE).isAsserted());
    }

    @Test
    void fsbDeliveryWritesTheMessage() throws ConfigException {
        List<long[]> writes = new ArrayList<>();
        try (DeviceTestKit msi = DeviceTestKit.builder(new HpetFactory()).property("msi", "on").build()) {
            msi.memory().map(Region.of("msi", "test", 0x100000, 4, 4, new RegionOps() {
                @Override public long read(long offset, int size) { return 0; }
                @Override public void write(long offset, int size, long value) {
                    writes.add(new long[] {0xfee00000L + offset, value});
                }
            }), 0xfee00000L);
            assertEquals(0x8000, msi.read(BASE + timerConfig(0), 4) & 0x8000, "FSB capable");
            msi.write(BASE + 0x110, 8, 0xfee01000_00000045L);
            msi.write(BASE + timerConfig(0), 8, FSB | INT_ENABLE);
            msi.write(BASE + comparator(0), 8, 5);
            msi.write(BASE + CONFIG, 8, ENABLE);
            msi.advance(100);
            assertEquals(1, writes.size());
            assertArrayEquals(new long[] {0xfee01000L, 0x45}, writes.get(0));
        }
        write(timerConfig(0), FSB);
        assertEquals(0, read(timerConfig(0)) & FSB, "not without the msi property");
    }

    @Test
    void runningTimersSurviveAHotSwap() {
        write(timerConfig(0), INT_ENABLE | PERIODIC | SET_VALUE | route(2));
        write(comparator(0), 100);
        write(comparator(0), 100);
        write(CONFIG, ENABLE);
        kit.advance(1500);
        assertEquals(1, line("gsi.2").pulses());
        kit.swapTo(new HpetFactory());
        assertEquals(150, read(COUNTER));
        kit.advance(500);
        assertEquals(2, line("gsi.2").pulses());
        assertEquals(300, read(comparator(0)));
    }

    // --- firmware ---

    @Test
    void contributesTheHpetTableAndTheDeviceNode() {
        List<byte[]> tables = new ArrayList<>();
        List<byte[]> nodes = new ArrayList<>();
        ((FirmwareContributor) kit.device()).contribute(new FirmwareBuilder() {
            @Override public void acpiNode(AcpiScope scope, byte[] aml) {
                assertEquals(AcpiScope.SYSTEM_BUS, scope);
                nodes.add(aml);
            }
            @Override public void acpiTable(byte[] table) { tables.add(table); }
            @Override public void smbiosStructure(byte[] structure) { }
            @Override public void fwCfgFile(String name, byte[] data) { }
        });
        ByteBuffer t = ByteBuffer.wrap(tables.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("HPET", new String(tables.get(0), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(56, t.getInt(4));
        assertEquals(0x8086a201, t.getInt(36), "event timer block ID = capabilities low dword");
        assertEquals(0, t.get(40), "system memory");
        assertEquals(BASE, t.getLong(44));
        byte[] node = nodes.get(0);
        assertEquals(0x5b, node[0] & 0xff);
        assertEquals(0x82, node[1] & 0xff, "DeviceOp");
        String text = new String(node, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("HPET") && text.contains("_HID") && text.contains("_CRS"));
        assertTrue(text.contains(new String(new byte[] {0x0c, 0x41, (byte) 0xd0, 0x01, 0x03}, java.nio.charset.StandardCharsets.ISO_8859_1)),
                "EisaId(\"PNP0103\")");
        assertTrue(text.contains(new String(new byte[] {(byte) 0x86, 0x09, 0x00, 0x00, 0x00, 0x00, (byte) 0xd0, (byte) 0xfe,
                0x00, 0x04, 0x00, 0x00}, java.nio.charset.StandardCharsets.ISO_8859_1)), "Memory32Fixed (ReadOnly, 0xfed00000, 0x400)");
    }
}
