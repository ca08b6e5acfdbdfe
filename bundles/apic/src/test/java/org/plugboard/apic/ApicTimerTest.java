package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.TimeStampCounter;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/** The LVT timer against virtual time: the bus clock ticks once per nanosecond before the divider. */
class ApicTimerTest {
    private static final long BASE = LocalApicTest.BASE;
    private static final int SVR = 0xf0, LVT_TIMER = 0x320, INITIAL = 0x380, CURRENT = 0x390, DCR = 0x3e0, EOI = 0xb0;
    private static final int DIVIDE_BY_1 = 0xb, DIVIDE_BY_16 = 0x3;
    private static final int PERIODIC = 1 << 17, TSC_DEADLINE = 2 << 17;

    private DeviceTestKit kit;
    private InterruptController cpu;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new ApicFactory()).build();
        cpu = kit.interruptController(0);
        set(SVR, 0x1ff);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private long get(int offset) {
        return kit.read(BASE + offset, 4);
    }

    private void set(int offset, long value) {
        kit.write(BASE + offset, 4, value);
    }

    private boolean intr() {
        return kit.irq("cpu0.intr").isAsserted();
    }

    /** Takes and completes one interrupt, returning its vector. */
    private int take() {
        int v = cpu.acknowledge();
        set(EOI, 0);
        return v;
    }

    @Test
    void oneShotCountsDownAndFiresOnce() {
        set(DCR, DIVIDE_BY_1);
        set(LVT_TIMER, 0x40);
        set(INITIAL, 1000);
        kit.advance(400);
        assertEquals(600, get(CURRENT), "read while counting");
        assertEquals(1000, get(INITIAL));
        kit.advance(599);
        assertFalse(intr());
        assertEquals(1, get(CURRENT));
        kit.advance(1);
        assertTrue(intr());
        assertEquals(0, get(CURRENT));
        assertEquals(0x40, take());
        kit.advance(10_000);
        assertFalse(intr(), "one-shot");
    }

    @Test
    void periodicFiresEveryPeriodWithoutDrift() {
        set(DCR, DIVIDE_BY_16);
        set(LVT_TIMER, PERIODIC | 0x41);
        set(INITIAL, 100); // 1600 ns
        int count = 0;
        for (int i = 0; i < 100; i++) {
            kit.advance(1600);
            if (intr()) {
                assertEquals(0x41, take());
                count++;
            }
        }
        assertEquals(100, count);
        assertEquals(100, get(CURRENT), "the count reloaded at the period boundary");
        kit.advance(800);
        assertEquals(50, get(CURRENT));
    }

    /** The machine loop serves timers between vCPU slices: an expiry may be served long after it was due. */
    @Test
    void aPeriodicTimerServedLateKeepsItsPhaseAndCoalescesTheMissedPeriods() {
        set(DCR, DIVIDE_BY_1);
        set(LVT_TIMER, PERIODIC | 0x48);
        set(INITIAL, 1000);
        long start = kit.now();
        kit.platform().clock.advanceTo(start + 10_500);
        assertEquals(500, get(CURRENT), "before the late expiry is served the count has reloaded already");
        kit.platform().clock.runDue();
        assertTrue(intr());
        assertEquals(0x48, take());
        assertEquals(500, get(CURRENT), "half-way through the period that is running now");
        kit.advance(499);
        assertFalse(intr(), "the ten missed periods gave one interrupt");
        kit.advance(1);
        assertTrue(intr(), "and the next comes on the original phase");
    }

    @Test
    void maskedTimerKeepsCountingWithoutInterrupts() {
        set(DCR, DIVIDE_BY_1);
        set(LVT_TIMER, 0x10000 | PERIODIC | 0x42);
        set(INITIAL, 500);
        kit.advance(2000);
        assertFalse(intr());
        assertEquals(500, get(CURRENT));
        set(LVT_TIMER, PERIODIC | 0x42);
        kit.advance(500);
        assertTrue(intr());
    }

    @Test
    void rewritingTheInitialCountRestartsARunningTimer() {
        set(DCR, DIVIDE_BY_1);
        set(LVT_TIMER, 0x43);
        set(INITIAL, 1000);
        kit.advance(900);
        set(INITIAL, 1000);
        kit.advance(900);
        assertFalse(intr(), "re-armed from the second write");
        assertEquals(100, get(CURRENT));
        kit.advance(100);
        assertTrue(intr());
        take();
        set(INITIAL, 1000);
        kit.advance(10);
        set(INITIAL, 0);
        kit.advance(5000);
        assertFalse(intr(), "a zero count stops the timer");
        assertEquals(0, get(CURRENT));
    }

    @Test
    void divideConfigChangeAppliesFromNow() {
        set(DCR, DIVIDE_BY_1);
        set(LVT_TIMER, 0x44);
        set(INITIAL, 1000);
        kit.advance(500);
        set(DCR, 0x0); // divide by 2
        assertEquals(0, get(DCR));
        assertEquals(500, get(CURRENT));
        kit.advance(999);
        assertFalse(intr());
        kit.advance(1);
        assertTrue(intr());
    }

    @Test
    void tscDeadlineFiresAtTheDeadlineAndClears() {
        set(LVT_TIMER, TSC_DEADLINE | 0x45);
        set(INITIAL, 10); // ignored in this mode
        assertEquals(0, get(INITIAL));
        long tscNow = kit.now() * 2;
        cpu.writeMsr(0x6e0, tscNow + 2000); // 1000 ns at 2 TSC ticks per ns
        assertEquals(tscNow + 2000, cpu.readMsr(0x6e0));
        kit.advance(999);
        assertFalse(intr());
        kit.advance(1);
        assertTrue(intr());
        assertEquals(0, cpu.readMsr(0x6e0), "the deadline clears when it fires");
        assertEquals(0x45, take());
        cpu.writeMsr(0x6e0, kit.now() * 2 + 100);
        cpu.writeMsr(0x6e0, 0);
        kit.advance(1000);
        assertFalse(intr(), "writing 0 disarms");
        set(LVT_TIMER, 0x45);
        cpu.writeMsr(0x6e0, kit.now() * 2 + 100);
        assertEquals(0, cpu.readMsr(0x6e0), "ignored outside TSC-deadline mode");
    }

    /** A vCPU's TSC: 3 ticks per ns from an offset the guest can move, as the engine's WRMSR IA32_TSC does. */
    private final class MovableTsc implements TimeStampCounter {
        long offset;

        @Override public long read() { return kit.now() * 3 + offset; }

        @Override public long nanosWhen(long count) { return Math.max(kit.now(), Math.floorDiv(count - offset + 2, 3)); }
    }

    @Test
    void tscDeadlineComparesAgainstTheVcpusCounterAndFollowsItsMoves() {
        MovableTsc tsc = new MovableTsc();
        tsc.offset = 1_000_000;
        cpu.useTimeStampCounter(tsc);
        set(LVT_TIMER, TSC_DEADLINE | 0x47);
        cpu.writeMsr(0x6e0, tsc.read() + 3000); // 1000 ns ahead on the vCPU's counter
        kit.advance(999);
        assertFalse(intr(), "not at tsc-per-ns 2 from zero: the vCPU's counter rules");
        kit.advance(1);
        assertTrue(intr());
        assertEquals(0x47, take());

        cpu.writeMsr(0x6e0, tsc.read() + 3000);
        tsc.offset += 1500; // the guest moved its TSC 500 ns closer to the deadline
        cpu.useTimeStampCounter(tsc);
        kit.advance(499);
        assertFalse(intr());
        kit.advance(1);
        assertTrue(intr(), "re-armed against the moved counter");
        assertEquals(0x47, take());
    }

    @Test
    void timerStateSurvivesAHotSwap() {
        set(DCR, DIVIDE_BY_1);
        set(LVT_TIMER, PERIODIC | 0x46);
        set(INITIAL, 1000);
        kit.advance(1500);
        assertEquals(0x46, take());
        kit.swapTo(new ApicFactory());
        cpu = kit.interruptController(0);
        assertEquals(500, get(CURRENT));
        assertEquals(PERIODIC | 0x46, get(LVT_TIMER));
        kit.advance(500);
        assertTrue(intr(), "the new instance's timer was re-armed");
        assertEquals(0x46, take());
    }
}
