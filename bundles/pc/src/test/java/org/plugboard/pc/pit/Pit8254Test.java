package org.plugboard.pc.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.pc.support.SwapTwins;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

/** The 8254 through ports 0x40-0x43 and 0x61, against cycle-exact expectations at 1.193182 MHz. */
class Pit8254Test {
    private static final int CH0 = 0x40, CH2 = 0x42, CONTROL = 0x43, PORT61 = 0x61;
    private static final long HZ = 1_193_182;

    private DeviceTestKit kit;
    private IrqProbe irq0;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new Pit8254Factory()).build();
        irq0 = kit.isaIrq(0);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private long cycleNow() {
        return kit.now() * HZ / 1_000_000_000L; // fine for the few seconds a test runs
    }

    /** Moves virtual time to the first nanosecond at which {@code cycle} input cycles have elapsed. */
    private void advanceToCycle(long cycle) {
        long target = (cycle * 1_000_000_000L + HZ - 1) / HZ;
        kit.advance(target - kit.now());
        assertEquals(cycle, cycleNow());
    }

    private void program(int port, int control, int count) {
        kit.outb(CONTROL, control);
        kit.outb(port, count & 0xff);
        kit.outb(port, count >>> 8);
    }

    private int readWord(int port) {
        int lo = kit.inb(port);
        return lo | kit.inb(port) << 8;
    }

    private boolean out2() {
        return (kit.inb(PORT61) & 0x20) != 0;
    }

    @Test
    void powerOnCounter0RunsAt18Hz() {
        irq0.clear();
        kit.advance(1_000_000_000L);
        assertEquals(18, irq0.risingEdges(), "65536-cycle square wave: 18.2 Hz");
    }

    @Test
    void theHpetsLegacyReplacementCutsIrq0OffAndGivesItBack() {
        org.plugboard.api.bus.IrqLine hpetLegacy = kit.interrupts().line("hpet.legacy-replacement");
        hpetLegacy.set(true);
        irq0.clear();
        kit.advance(1_000_000_000L);
        assertEquals(0, irq0.risingEdges(), "the PIT drives nothing while the HPET has IRQ 0");
        assertFalse(irq0.isAsserted());
        hpetLegacy.set(false);
        irq0.clear();
        kit.advance(1_000_000_000L);
        assertEquals(18, irq0.risingEdges(), "back to 18.2 Hz");
    }

    @Test
    void rateGeneratorPulsesIrq0LowForOneCycleEachPeriod() {
        long c0 = cycleNow();
        program(CH0, 0x34, 1193);
        irq0.clear();
        advanceToCycle(c0 + 1191);
        assertTrue(irq0.isAsserted());
        advanceToCycle(c0 + 1192);
        assertFalse(irq0.isAsserted(), "OUT low while the count is 1");
        advanceToCycle(c0 + 1193);
        assertTrue(irq0.isAsserted());
        assertEquals(1, irq0.risingEdges());
        advanceToCycle(c0 + 10 * 1193);
        assertEquals(10, irq0.risingEdges());
    }

    @Test
    void interruptOnTerminalCountRisesOnceAndStaysHigh() {
        long c0 = cycleNow();
        kit.outb(CONTROL, 0x30);
        assertFalse(irq0.isAsserted(), "mode 0: OUT low once programmed");
        kit.outb(CH0, 1000 & 0xff);
        kit.outb(CH0, 1000 >> 8);
        irq0.clear();
        advanceToCycle(c0 + 999);
        assertFalse(irq0.isAsserted());
        advanceToCycle(c0 + 1000);
        assertTrue(irq0.isAsserted());
        kit.advance(100_000_000);
        assertTrue(irq0.isAsserted());
        assertEquals(1, irq0.risingEdges());
        int count = readWord(CH0);
        long expected = Math.floorMod(1000 - (cycleNow() - c0), 65536L);
        assertEquals(expected, count, "the count wraps through 0 and keeps going");
    }

    @Test
    void countsAreComputedWhenRead() {
        long c0 = cycleNow();
        program(CH0, 0x34, 10000);
        advanceToCycle(c0 + 5965);
        assertEquals(10000 - 5965, readWord(CH0));
        advanceToCycle(c0 + 10000 + 17);
        assertEquals(10000 - 17, readWord(CH0), "reloaded after a full period");
    }

    @Test
    void latchHoldsTheCountUntilBothBytesAreRead() {
        long c0 = cycleNow();
        program(CH0, 0x34, 10000);
        advanceToCycle(c0 + 100);
        kit.outb(CONTROL, 0x00);
        advanceToCycle(c0 + 400);
        kit.outb(CONTROL, 0x00); // a second latch before reading changes nothing
        assertEquals(9900 & 0xff, kit.inb(CH0));
        advanceToCycle(c0 + 500);
        assertEquals(9900 >> 8, kit.inb(CH0));
        assertEquals(9500, readWord(CH0), "latch released");
    }

    @Test
    void readBackLatchesStatusThenCount() {
        long c0 = cycleNow();
        kit.outb(CONTROL, 0x34);
        kit.outb(CONTROL, 0xe2); // status of counter 0
        assertEquals(0xf4, kit.inb(CH0), "OUT high, null count, word access, mode 2, binary");
        kit.outb(CH0, 0x10);
        kit.outb(CH0, 0x27); // 10000
        advanceToCycle(c0 + 1234);
        kit.outb(CONTROL, 0xc2); // status and count
        advanceToCycle(c0 + 2000);
        assertEquals(0xb4, kit.inb(CH0), "count loaded: null count clear");
        assertEquals(10000 - 1234, readWord(CH0));
    }

    @Test
    void bcdCountingReadsDecimalDigits() {
        long c0 = cycleNow();
        program(CH0, 0x35, 0x1000); // 1000 in BCD
        advanceToCycle(c0 + 250);
        assertEquals(0x0750, readWord(CH0));
        advanceToCycle(c0 + 1000 + 1);
        assertEquals(0x0999, readWord(CH0));
    }

    @Test
    void bcdZeroMeansTenThousand() {
        long c0 = cycleNow();
        program(CH0, 0x31, 0x0000); // mode 0, BCD, count 10000
        advanceToCycle(c0 + 1);
        assertEquals(0x9999, readWord(CH0));
        advanceToCycle(c0 + 9999);
        assertFalse(irq0.isAsserted());
        advanceToCycle(c0 + 10000);
        assertTrue(irq0.isAsserted());
    }

    @Test
    void lsbOnlyAndMsbOnlyAccess() {
        long c0 = cycleNow();
        kit.outb(CONTROL, 0x14); // LSB only, mode 2
        kit.outb(CH0, 100);
        advanceToCycle(c0 + 30);
        assertEquals(70, kit.inb(CH0));
        assertEquals(70, kit.inb(CH0), "every read is the low byte");
        c0 = cycleNow();
        kit.outb(CONTROL, 0x24); // MSB only: count 0x200
        kit.outb(CH0, 0x02);
        advanceToCycle(c0 + 0x101);
        assertEquals(0x00, kit.inb(CH0), "0x200 - 0x101 = 0xff: high byte 0");
        kit.outb(CONTROL, 0x00);
        assertEquals(0x00, kit.inb(CH0));
    }

    @Test
    void newCountInRateGeneratorTakesEffectAtTheEndOfThePeriod() {
        long c0 = cycleNow();
        program(CH0, 0x34, 1000);
        advanceToCycle(c0 + 300);
        kit.outb(CH0, 500 & 0xff);
        kit.outb(CH0, 500 >> 8);
        kit.outb(CONTROL, 0xe2);
        assertEquals(0x40, kit.inb(CH0) & 0x40, "null count until the new count is loaded");
        assertEquals(700, readWord(CH0), "the current period runs on");
        irq0.clear();
        advanceToCycle(c0 + 1000);
        assertEquals(1, irq0.risingEdges());
        advanceToCycle(c0 + 1200);
        assertEquals(300, readWord(CH0));
        advanceToCycle(c0 + 1499);
        assertFalse(irq0.isAsserted());
        advanceToCycle(c0 + 1500);
        assertEquals(2, irq0.risingEdges());
    }

    @Test
    void newCountInSquareWaveModeTakesEffectAtTheEndOfTheHalfCycle() {
        long c0 = cycleNow();
        program(CH0, 0x36, 1000);
        advanceToCycle(c0 + 200);
        kit.outb(CH0, 600 & 0xff);
        kit.outb(CH0, 600 >> 8);
        advanceToCycle(c0 + 499);
        assertTrue(irq0.isAsserted(), "high half of the old count");
        advanceToCycle(c0 + 500);
        assertFalse(irq0.isAsserted());
        advanceToCycle(c0 + 799);
        assertFalse(irq0.isAsserted(), "low half of the new count: 300 cycles");
        advanceToCycle(c0 + 800);
        assertTrue(irq0.isAsserted());
        advanceToCycle(c0 + 1100);
        assertFalse(irq0.isAsserted());
    }

    @Test
    void firstByteOfAModeZeroCountStopsTheCounter() {
        long c0 = cycleNow();
        program(CH0, 0x30, 100);
        advanceToCycle(c0 + 150);
        assertTrue(irq0.isAsserted());
        kit.outb(CH0, 0x00);
        assertFalse(irq0.isAsserted(), "OUT drops at the first byte");
        advanceToCycle(c0 + 300);
        kit.outb(CONTROL, 0x00);
        int frozen = readWord(CH0);
        assertEquals(Math.floorMod(100 - 150, 65536), frozen, "not counting between the bytes");
        kit.outb(CH0, 0x01); // 0x100
        advanceToCycle(c0 + 300 + 0x100);
        assertTrue(irq0.isAsserted());
    }

    @Test
    void squareWaveWithAnOddCountIsHighOneCycleLonger() {
        kit.outb(PORT61, 0x01);
        long c0 = cycleNow();
        program(CH2, 0xb6, 5);
        StringBuilder wave = new StringBuilder();
        for (int c = 0; c < 10; c++) {
            advanceToCycle(c0 + c);
            wave.append(out2() ? '1' : '0');
        }
        assertEquals("1110011100", wave.toString());
    }

    @Test
    void seaBiosCalibrationLoopSeesOut2Rise() {
        kit.outb(PORT61, (kit.inb(PORT61) & ~0x02) | 0x01);
        long c0 = cycleNow();
        program(CH2, 0xb0, 5000);
        assertFalse(out2());
        advanceToCycle(c0 + 4999);
        assertFalse(out2());
        advanceToCycle(c0 + 5000);
        assertTrue(out2());
        assertEquals(0x21, kit.inb(PORT61) & 0x23, "gate on, speaker data off, OUT2 high");
    }

    @Test
    void lowGateSuspendsModeZero() {
        kit.outb(PORT61, 0x01);
        long c0 = cycleNow();
        program(CH2, 0xb0, 1000);
        advanceToCycle(c0 + 400);
        kit.outb(PORT61, 0x00);
        advanceToCycle(c0 + 5000);
        assertEquals(600, readWord(CH2));
        assertFalse(out2());
        kit.outb(PORT61, 0x01);
        advanceToCycle(c0 + 5000 + 599);
        assertFalse(out2());
        advanceToCycle(c0 + 5000 + 600);
        assertTrue(out2());
    }

    @Test
    void gateTriggersAndRetriggersTheOneShot() {
        kit.outb(PORT61, 0x00);
        program(CH2, 0xb2, 100);
        assertTrue(out2(), "mode 1 waits with OUT high");
        long c0 = cycleNow();
        kit.outb(PORT61, 0x01);
        assertFalse(out2());
        advanceToCycle(c0 + 60);
        kit.outb(PORT61, 0x00);
        kit.outb(PORT61, 0x01); // retrigger: a full 100 cycles again
        advanceToCycle(c0 + 159);
        assertFalse(out2());
        advanceToCycle(c0 + 160);
        assertTrue(out2());
    }

    @Test
    void hardwareTriggeredStrobe() {
        kit.outb(PORT61, 0x00);
        program(CH2, 0xba, 50);
        long c0 = cycleNow();
        kit.outb(PORT61, 0x01);
        advanceToCycle(c0 + 49);
        assertTrue(out2());
        advanceToCycle(c0 + 50);
        assertFalse(out2(), "one cycle low at terminal count");
        advanceToCycle(c0 + 51);
        assertTrue(out2());
    }

    @Test
    void softwareTriggeredStrobeGivesOneEdge() {
        long c0 = cycleNow();
        program(CH0, 0x38, 100);
        irq0.clear();
        advanceToCycle(c0 + 100);
        assertFalse(irq0.isAsserted());
        advanceToCycle(c0 + 101);
        assertTrue(irq0.isAsserted());
        kit.advance(50_000_000);
        assertEquals(1, irq0.risingEdges());
    }

    @Test
    void lowGateHoldsRateGeneratorHighAndRisingGateRestartsIt() {
        kit.outb(PORT61, 0x01);
        long c0 = cycleNow();
        program(CH2, 0xb4, 10);
        advanceToCycle(c0 + 9);
        assertFalse(out2());
        kit.outb(PORT61, 0x00);
        assertTrue(out2(), "a low gate forces OUT high");
        advanceToCycle(c0 + 100);
        long c1 = cycleNow();
        kit.outb(PORT61, 0x01);
        advanceToCycle(c1 + 3);
        assertEquals(7, readWord(CH2), "restarted from the full count");
    }

    @Test
    void port61ShowsTheRefreshToggleAndKeepsItsCheckBits() {
        int first = kit.inb(PORT61) & 0x10;
        kit.advance(15_085);
        assertEquals(first ^ 0x10, kit.inb(PORT61) & 0x10);
        kit.outb(PORT61, 0x0e);
        assertEquals(0x0e, kit.inb(PORT61) & 0x0f);
        assertEquals(0xff, kit.inb(CONTROL), "the control word is write-only");
    }

    @Test
    void swapCarriesRunningCountersAndTheIrqSchedule() {
        long c0 = cycleNow();
        program(CH0, 0x34, 1193);
        kit.outb(PORT61, 0x01);
        program(CH2, 0xb0, 30000);
        kit.outb(CONTROL, 0x80); // latch counter 2
        irq0.clear();
        advanceToCycle(c0 + 2500);
        assertEquals(2, irq0.risingEdges());
        kit.swapTo(new Pit8254Factory());
        assertEquals(30000, readWord(CH2), "the latched count survived");
        assertEquals(1193 - (2500 - 2 * 1193), readWord(CH0));
        advanceToCycle(c0 + 10 * 1193);
        assertEquals(10, irq0.risingEdges());
        assertEquals(30000 - 10 * 1193, readWord(CH2));
    }

    @Test
    void resetRestoresTheBiosStartingPoint() {
        program(CH0, 0x30, 5);
        kit.reset();
        kit.outb(CONTROL, 0xe2);
        assertEquals(0x36, kit.inb(CH0) & 0x3f, "mode 3, word access, binary");
        irq0.clear();
        kit.advance(1_000_000_000L);
        assertEquals(18, irq0.risingEdges());
    }

    @Test
    void swappedTwinBehavesTheSameMidSequence() throws ConfigException {
        try (SwapTwins t = new SwapTwins(DeviceTestKit.builder(new Pit8254Factory()))) {
            t.assertSameIrq("isa.0");
            t.outb(CONTROL, 0x34);
            t.outb(CH0, 0xe8);
            t.swap(new Pit8254Factory()); // between the two bytes of a count
            t.outb(CH0, 0x03);            // 1000
            t.outb(PORT61, 0x01);
            t.outb(CONTROL, 0xb6);
            t.outb(CH2, 0x07);
            t.outb(CH2, 0x00);            // square wave, 7 cycles
            t.advance(123_457);
            t.outb(CH0, 0xf4);
            t.outb(CH0, 0x01);            // 500, pending until the period ends
            t.swap(new Pit8254Factory());
            for (int i = 0; i < 40; i++) {
                t.advance(37_913 + 1000L * i);
                t.inb(CH0);               // a word read split across ...
                if (i % 7 == 0) t.swap(new Pit8254Factory());
                t.inb(CH0);               // ... a swap
                t.inb(PORT61);
                t.assertSameIrq("isa.0");
            }
            t.outb(CONTROL, 0xc6);        // read-back of counters 1 and 2
            t.inb(CH2);
            t.swap(new Pit8254Factory());
            for (int i = 0; i < 3; i++) t.inb(CH2);
            t.advance(50_000_000);
            t.assertSameIrq("isa.0");
        }
    }

    @Test
    void speakerPortCanBeLeftToTheChipset() throws ConfigException {
        try (DeviceTestKit k = DeviceTestKit.builder(new Pit8254Factory()).property("speaker-iobase", "-1")
                .property("irq", "2").build()) {
            assertEquals(0xff, k.inb(PORT61));
            k.outb(CONTROL, 0x30);
            assertFalse(k.isaIrq(2).isAsserted(), "counter 0 drives the configured line");
            k.outb(CH0, 10);
            k.outb(CH0, 0);
            k.advance(10_000);
            assertTrue(k.isaIrq(2).isAsserted());
        }
    }
}
