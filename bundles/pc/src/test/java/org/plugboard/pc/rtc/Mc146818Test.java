package org.plugboard.pc.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plugboard.pc.support.SwapTwins;
import org.plugboard.api.device.ConfigException;
import org.plugboard.pc.support.Bcd;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

/** The RTC through ports 0x70/0x71, with a fixed starting time so every value is known. */
class Mc146818Test {
    private static final int SEC = 0x00, SEC_ALARM = 0x01, MIN = 0x02, MIN_ALARM = 0x03, HOUR = 0x04,
            HOUR_ALARM = 0x05, DOW = 0x06, DAY = 0x07, MONTH = 0x08, YEAR = 0x09, A = 0x0a, B = 0x0b, C = 0x0c,
            D = 0x0d, CENTURY = 0x32;
    private static final long MS = 1_000_000, SECOND = 1_000_000_000;

    private DeviceTestKit kit;
    private IrqProbe irq8;

    private void start(String base) throws ConfigException {
        kit = DeviceTestKit.builder(new Mc146818Factory()).property("base", base).build();
        irq8 = kit.isaIrq(8);
        assertEquals(0, kit.now(), "the divider starts at virtual time 0");
    }

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    private int read(int reg) {
        kit.outb(0x70, reg);
        return kit.inb(0x71);
    }

    private void write(int reg, int v) {
        kit.outb(0x70, reg);
        kit.outb(0x71, v);
    }

    private String time() {
        return String.format("%02x%02x-%02x-%02x %02x:%02x:%02x dow %d", read(CENTURY), read(YEAR), read(MONTH),
                read(DAY), read(HOUR), read(MIN), read(SEC), read(DOW));
    }

    private void advanceTo(long nanos) {
        kit.advance(nanos - kit.now());
    }

    @Test
    void powerOnShowsTheBaseTimeInBcd24h() throws ConfigException {
        start("2026-11-25T12:34:56");
        assertEquals("2026-11-25 12:34:56 dow 4", time(), "a Wednesday");
        assertEquals(0x26, read(A));
        assertEquals(0x02, read(B));
        assertEquals(0x00, read(C));
        assertEquals(0x80, read(D), "valid RAM and time");
    }

    @Test
    void secondsTickWithVirtualTimeAndCarryIntoTheNextYear() throws ConfigException {
        start("2026-12-31T23:59:58");
        kit.advance(999 * MS);
        assertEquals(0x58, read(SEC));
        kit.advance(MS);
        assertEquals("2026-12-31 23:59:59 dow 5", time());
        kit.advance(SECOND);
        assertEquals("2027-01-01 00:00:00 dow 6", time());
    }

    @Test
    void binaryAndTwelveHourFormats() throws ConfigException {
        start("2026-11-25T00:30:07");
        write(B, 0x00); // BCD, 12-hour
        assertEquals(0x12, read(HOUR), "12 AM");
        write(B, 0x06); // binary, 24-hour
        assertEquals(7, read(SEC));
        assertEquals(30, read(MIN));
        assertEquals(0, read(HOUR));
        assertEquals(26, read(YEAR));
        assertEquals(20, read(CENTURY));
        kit.advance(13 * 3600 * SECOND);
        write(B, 0x04); // binary, 12-hour
        assertEquals(0x80 | 1, read(HOUR), "1 PM");
        write(B, 0x00);
        assertEquals(0x81, read(HOUR));
    }

    @Test
    void setBitFreezesTheClockWhileTheGuestWritesTheTime() throws ConfigException {
        start("2026-11-25T12:34:56");
        kit.advance(300 * MS);
        write(B, 0x82);
        write(SEC, 0x00);
        write(MIN, 0x00);
        write(HOUR, 0x08);
        write(DOW, 0x06);
        write(DAY, 0x31);
        write(MONTH, 0x12);
        write(YEAR, 0x99);
        write(CENTURY, 0x19);
        kit.advance(5 * SECOND);
        assertEquals("1999-12-31 08:00:00 dow 6", time(), "no updates while SET");
        assertEquals(0x00, read(A) & 0x80, "no UIP while SET");
        write(B, 0x02);
        advanceTo(6 * SECOND - 1);
        assertEquals(0x00, read(SEC));
        advanceTo(6 * SECOND);
        assertEquals("1999-12-31 08:00:01 dow 6", time(), "the divider's phase is kept");
        kit.advance(16 * 3600 * SECOND);
        assertEquals("2000-01-01 00:00:01 dow 7", time(), "the day of week counts on from what was written");
    }

    @Test
    void writingATimeRegisterWhileRunningSetsIt() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(MIN, 0x10);
        assertEquals("2026-11-25 12:10:56 dow 4", time());
        kit.advance(4 * SECOND);
        assertEquals("2026-11-25 12:11:00 dow 4", time());
    }

    @Test
    void updateInProgressIsSetJustBeforeEachUpdate() throws ConfigException {
        start("2026-11-25T12:34:56");
        advanceTo(SECOND - 244_001);
        assertEquals(0x26, read(A));
        advanceTo(SECOND - 244_000);
        assertEquals(0xa6, read(A));
        advanceTo(SECOND);
        assertEquals(0x26, read(A));
        write(A, 0xa6);
        assertEquals(0x26, read(A), "UIP is read-only");
    }

    @Test
    void theHpetsLegacyReplacementCutsIrq8OffAndGivesItBack() throws ConfigException {
        start("2026-11-25T12:34:56");
        org.plugboard.api.bus.IrqLine hpetLegacy = kit.interrupts().line("hpet.legacy-replacement");
        hpetLegacy.set(true);
        write(B, 0x42);
        advanceTo(2 * MS);
        assertFalse(irq8.isAsserted(), "the HPET has IRQ 8: the RTC drives nothing");
        hpetLegacy.set(false);
        assertTrue(irq8.isAsserted(), "the pending periodic flag reaches IRQ 8 again");
    }

    @Test
    void periodicInterruptAt1024Hz() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(B, 0x42);
        advanceTo(976_562);
        assertFalse(irq8.isAsserted());
        advanceTo(976_563); // 32 cycles of 32.768 kHz
        assertTrue(irq8.isAsserted());
        assertEquals(0xc0, read(C));
        assertFalse(irq8.isAsserted(), "reading C acknowledges");
        assertEquals(0x00, read(C));
        int interrupts = 1;
        while (kit.now() < 100 * MS) {
            kit.advance(100_000);
            if (irq8.isAsserted()) {
                interrupts++;
                read(C);
            }
        }
        assertEquals(102, interrupts, "100 ms at 1024 Hz");
    }

    @Test
    void rateSelectChoosesThePeriod() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(A, 0x2f); // 2 Hz
        write(B, 0x42);
        advanceTo(SECOND / 2 - 1);
        assertFalse(irq8.isAsserted());
        advanceTo(SECOND / 2);
        assertTrue(irq8.isAsserted());
        read(C);
        write(A, 0x21); // rate 1 repeats rate 8: 256 Hz
        long t = kit.now();
        kit.advance(3_906_249 - (t % 3_906_250));
        assertFalse(irq8.isAsserted());
        kit.advance(1);
        assertTrue(irq8.isAsserted());
        write(A, 0x20); // rate 0: off
        read(C);
        kit.advance(SECOND / 2);
        assertEquals(0x10, read(C), "only the update flag");
    }

    @Test
    void periodicFlagIsSetWhileMaskedAndInterruptsWhenUnmasked() throws ConfigException {
        start("2026-11-25T12:34:56");
        kit.advance(2 * MS);
        assertFalse(irq8.isAsserted());
        write(B, 0x42);
        assertTrue(irq8.isAsserted(), "PF was already set: enabling PIE raises IRQF at once");
        assertEquals(0xc0, read(C));
        write(B, 0x02);
        kit.advance(2 * MS);
        assertEquals(0x40, read(C), "polled: PF without IRQF");
        assertFalse(irq8.isAsserted());
    }

    @Test
    void updateEndedInterruptEverySecond() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(B, 0x12);
        advanceTo(SECOND - 1);
        assertFalse(irq8.isAsserted());
        advanceTo(SECOND);
        assertTrue(irq8.isAsserted());
        assertEquals(0xd0, read(C), "IRQF, UF, and PF which the 1024 Hz divider tap sets regardless of PIE");
        assertEquals(0x57, read(SEC));
        advanceTo(2 * SECOND);
        assertEquals(0xd0, read(C));
    }

    @Test
    void alarmFiresWhenTheTimeMatches() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(SEC_ALARM, 0x59);
        write(MIN_ALARM, 0x34);
        write(HOUR_ALARM, 0x12);
        write(B, 0x22);
        advanceTo(3 * SECOND - 1);
        assertFalse(irq8.isAsserted());
        advanceTo(3 * SECOND);
        assertTrue(irq8.isAsserted());
        assertEquals(0xf0, read(C), "IRQF, AF, plus UF and PF that are set whether enabled or not");
        kit.advance(SECOND * 100);
        assertFalse(irq8.isAsserted(), "a full match happens once a day");
    }

    @Test
    void dontCareAlarmBytesMatchEveryMinute() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(SEC_ALARM, 0x00);
        write(MIN_ALARM, 0xc0);
        write(HOUR_ALARM, 0xff);
        write(B, 0x22);
        advanceTo(4 * SECOND);
        assertTrue(irq8.isAsserted());
        read(C);
        advanceTo(63 * SECOND);
        assertFalse(irq8.isAsserted());
        advanceTo(64 * SECOND);
        assertTrue(irq8.isAsserted());
    }

    @Test
    void alarmFlagIsWorkedOutForTimeThatPassedUnwatched() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(SEC_ALARM, 0x10);
        write(MIN_ALARM, 0x40);
        write(HOUR_ALARM, 0x12);
        kit.advance(400 * SECOND); // passes 12:40:10 with AIE off
        assertEquals(0x70, read(C));
        kit.advance(SECOND);
        assertEquals(0x50, read(C), "no alarm this time");
    }

    @Test
    void dividerResetStopsTheClockAndRestartsHalfASecondLater() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(A, 0x76);
        kit.advance(3 * SECOND);
        assertEquals(0x56, read(SEC));
        write(A, 0x26);
        kit.advance(499 * MS);
        assertEquals(0x56, read(SEC));
        kit.advance(MS);
        assertEquals(0x57, read(SEC));
    }

    @Test
    void setClearsUpdateInterruptEnableAndReadOnlyRegistersStay() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(B, 0x92);
        assertEquals(0x82, read(B));
        write(C, 0xff);
        write(D, 0x00);
        assertEquals(0x00, read(C));
        assertEquals(0x80, read(D));
    }

    @Test
    void indexPortSelectsWithTheNmiBitIgnoredAndReadsFloat() throws ConfigException {
        start("2026-11-25T12:34:56");
        kit.outb(0x70, 0x80 | A);
        assertEquals(0x26, kit.inb(0x71));
        assertEquals(0xff, kit.inb(0x70));
    }

    @Test
    void nvramKeepsBytesThroughResetAndSwap() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(0x40, 0x5a);
        write(0x7f, 0xa5);
        kit.reset();
        assertEquals(0x5a, read(0x40));
        kit.swapTo(new Mc146818Factory());
        assertEquals(0x5a, read(0x40));
        assertEquals(0xa5, read(0x7f));
    }

    @Test
    void memoryFieldsAsSeaBiosReadsThem() throws ConfigException {
        start("2026-11-25T12:34:56"); // 16 MiB, 1 CPU
        assertEquals(640, read(0x15) | read(0x16) << 8);
        assertEquals(15 * 1024, read(0x17) | read(0x18) << 8);
        assertEquals(15 * 1024, read(0x30) | read(0x31) << 8);
        assertEquals(0, read(0x34) | read(0x35) << 8);
        assertEquals(0, read(0x5b) | read(0x5c) << 8 | read(0x5d) << 16);
        assertEquals(0, read(0x5f));
        kit.close();
        kit = DeviceTestKit.builder(new Mc146818Factory()).ramSize(64 << 20).cpus(4).build();
        assertEquals(63 * 1024, read(0x30) | read(0x31) << 8);
        assertEquals(48 * 16, read(0x34) | read(0x35) << 8, "48 MiB above 16 MiB in 64 KiB units");
        assertEquals(3, read(0x5f));
    }

    @Test
    void memoryAbove4gFollowsTheSplit() throws ConfigException {
        kit = DeviceTestKit.builder(new Mc146818Factory()).ramSize(32 << 20).property("below-4g-mem", "16M").build();
        assertEquals(256, read(0x5b) | read(0x5c) << 8 | read(0x5d) << 16, "16 MiB in 64 KiB units");
        assertEquals(0, read(0x34) | read(0x35) << 8);
    }

    @Test
    void theMemoryFieldsFollowTheMachinesSplit() throws ConfigException {
        kit = DeviceTestKit.builder(new Mc146818Factory()).ramSize(64 << 20).build();
        assertEquals(((64 << 20) - (16 << 20)) / 65536, read(0x34) | read(0x35) << 8, "all of it below 4 GiB by default");
    }

    @Test
    void pcMachineSplitForLargeMemory() {
        byte[] cmos = new byte[128];
        long ram = 6L << 30;
        PcCmosLayout.fill(cmos, ram, 3L << 30, 2);
        assertEquals(0xffff, (cmos[0x30] & 0xff) | (cmos[0x31] & 0xff) << 8, "capped");
        assertEquals(((3L << 30) - (16 << 20)) / 65536, (cmos[0x34] & 0xff) | (cmos[0x35] & 0xff) << 8);
        assertEquals((3L << 30) / 65536, (cmos[0x5b] & 0xff) | (cmos[0x5c] & 0xff) << 8 | (cmos[0x5d] & 0xff) << 16);
    }

    @Test
    void resetClearsInterruptEnablesButNotTheTime() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(B, 0x72);
        kit.advance(SECOND);
        assertTrue(irq8.isAsserted());
        kit.reset();
        assertFalse(irq8.isAsserted());
        assertEquals(0x02, read(B));
        assertEquals(0x00, read(C));
        assertEquals(0x57, read(SEC));
    }

    @Test
    void swapCarriesTimeFlagsAndThePeriodicSchedule() throws ConfigException {
        start("2026-11-25T12:34:56");
        write(A, 0x2e); // 4 Hz
        write(B, 0x40); // PIE, BCD, 12-hour
        write(0x20, 0x11);
        advanceTo(SECOND / 4);
        assertTrue(irq8.isAsserted());
        kit.swapTo(new Mc146818Factory());
        assertTrue(irq8.isAsserted(), "level re-asserted by the new instance");
        assertEquals(0xc0, read(C));
        advanceTo(SECOND / 2 - 1);
        assertFalse(irq8.isAsserted());
        advanceTo(SECOND / 2);
        assertTrue(irq8.isAsserted(), "the timer was re-armed");
        assertEquals(0x56, read(SEC));
        assertEquals(0x92, read(HOUR), "12-hour PM kept");
        assertEquals(0x11, read(0x20));
    }

    @Test
    void hostTimeBases() throws ConfigException {
        start("utc");
        int year = Bcd.fromBcd8(read(CENTURY)) * 100 + Bcd.fromBcd8(read(YEAR));
        assertTrue(Math.abs(year - LocalDate.now().getYear()) <= 1, "year " + year);
        kit.close();
        kit = DeviceTestKit.builder(new Mc146818Factory()).property("base", "localtime").build();
        kit.outb(0x70, DAY);
        assertTrue(kit.inb(0x71) >= 1);
        kit.close();
        kit = DeviceTestKit.builder(new Mc146818Factory()).property("base", "2006-06-17").build();
        assertEquals("2006-06-17 00:00:00 dow 7", time());
    }

    @Test
    void badBaseIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new Mc146818Factory()).property("base", "yesterday").build());
        assertTrue(e.getMessage().contains("'base'"), e.getMessage());
    }

    @Test
    void swappedTwinBehavesTheSameMidSequence() throws ConfigException {
        try (SwapTwins t = new SwapTwins(DeviceTestKit.builder(new Mc146818Factory()).property("base", "2026-02-28T23:59:50"))) {
            t.assertSameIrq("isa.8");
            t.outb(0x70, A);
            t.outb(0x71, 0x23); // 8192 Hz
            t.outb(0x70, SEC_ALARM);
            t.outb(0x71, 0x05);
            t.outb(0x70, MIN_ALARM);
            t.outb(0x71, 0xc0);
            t.outb(0x70, HOUR_ALARM);
            t.outb(0x71, 0xc0);
            t.outb(0x70, B);
            t.outb(0x71, 0x72); // PIE, AIE, UIE
            for (int i = 0; i < 60; i++) {
                t.advance(333_333_333L + i * 1_000L);
                if (i % 9 == 4) t.swap(new Mc146818Factory());
                t.assertSameIrq("isa.8");
                t.outb(0x70, C);
                t.inb(0x71);
                t.outb(0x70, A);
                t.inb(0x71);
                t.outb(0x70, SEC);
                t.inb(0x71);
                t.outb(0x70, DAY);
                t.inb(0x71);
            }
            t.outb(0x70, B);
            t.outb(0x71, 0x86); // SET, binary
            t.outb(0x70, MIN);
            t.swap(new Mc146818Factory()); // between index and data
            t.outb(0x71, 42);
            t.outb(0x70, B);
            t.outb(0x71, 0x06);
            t.advance(2 * SECOND);
            t.outb(0x70, MIN);
            assertEquals(42, t.inb(0x71));
        }
    }

    @Test
    void wordWriteSetsIndexAndDataAtOnce() throws ConfigException {
        start("2026-11-25T12:34:56");
        kit.outw(0x70, 0x5a40);
        assertEquals(0x5a, read(0x40));
        kit.outb(0x70, 0x41);
        assertEquals(0x41ff, kit.inw(0x70) | 0x41 << 8, "the index port reads 0xff");
    }
}
