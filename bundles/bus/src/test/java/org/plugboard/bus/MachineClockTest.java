package org.plugboard.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.Timer;

/** The virtual clock and its timer queue. */
class MachineClockTest {
    private final MachineClock clock = new MachineClock(ClockMode.DETERMINISTIC, 1);
    private final List<String> fired = new ArrayList<>();

    private Timer timer(String name) {
        return clock.newTimer(name, () -> fired.add(name + "@" + clock.nanos()));
    }

    /** Moves to {@code t} and fires what is due, the way an idle machine skips ahead. */
    private void runUntil(long t) {
        while (clock.nextDeadline() <= t) {
            clock.advanceTo(clock.nextDeadline());
            clock.runDue();
        }
        clock.advanceTo(t);
        clock.runDue();
    }

    @Test
    void aTimerReArmedForNowFromItsCallbackWaitsForTheNextRoundInsteadOfSpinning() {
        AtomicInteger runs = new AtomicInteger();
        Timer[] t = new Timer[1];
        t[0] = clock.newTimer("again", () -> { runs.incrementAndGet(); t[0].armAfter(0); });
        t[0].armAt(0);

        assertEquals(1, clock.runDue());
        assertEquals(1, runs.get());
        assertTrue(t[0].isArmed(), "re-armed, due at once, but left for the next round");
        assertEquals(1, clock.runDue());
        assertEquals(2, runs.get());
    }

    @Test
    void timersFireInDeadlineOrderWhateverTheArmingOrder() {
        timer("c").armAt(300);
        timer("a").armAt(100);
        timer("b").armAt(200);

        runUntil(1000);

        assertEquals(List.of("a@100", "b@200", "c@300"), fired);
    }

    @Test
    void equalDeadlinesFireInArmingOrder() {
        Timer x = timer("x"), y = timer("y"), z = timer("z");
        y.armAt(50);
        z.armAt(50);
        x.armAt(50);
        y.armAt(50); // re-arming counts as arming anew: y now goes last

        clock.advanceTo(50);
        assertEquals(3, clock.runDue());

        assertEquals(List.of("z@50", "x@50", "y@50"), fired);
    }

    @Test
    void onlyDueTimersFire() {
        Timer t = timer("t");
        t.armAt(100);
        clock.advanceTo(99);
        assertEquals(0, clock.runDue());
        assertTrue(t.isArmed());
        assertEquals(100, t.deadline());
        assertEquals(100, clock.nextDeadline());
        clock.advanceTo(100);
        assertEquals(1, clock.runDue());
        assertFalse(t.isArmed());
        assertEquals(-1, t.deadline());
        assertEquals(Long.MAX_VALUE, clock.nextDeadline());
    }

    @Test
    void aCallbackCanReArmItsOwnTimerForPeriodicTicks() {
        AtomicInteger ticks = new AtomicInteger();
        Timer[] self = new Timer[1];
        self[0] = clock.newTimer("pit", () -> {
            fired.add("pit@" + clock.nanos());
            if (ticks.incrementAndGet() < 4) self[0].armAfter(1000);
        });
        self[0].armAfter(1000);

        runUntil(10_000);

        assertEquals(List.of("pit@1000", "pit@2000", "pit@3000", "pit@4000"), fired);
        assertFalse(self[0].isArmed());
    }

    @Test
    void aCancelledTimerNeverFires() {
        Timer a = timer("a"), b = timer("b");
        a.armAt(10);
        b.armAt(10);
        // a is cancelled directly, b from an earlier timer's callback
        Timer killer = clock.newTimer("killer", b::cancel);
        killer.armAt(5);
        a.cancel();

        runUntil(100);

        assertEquals(List.of(), fired);
        assertFalse(a.isArmed() || b.isArmed());
    }

    @Test
    void aTimerCancelledByAnEarlierOneAtTheSameDeadlineDoesNotFire() {
        Timer victim = timer("victim");
        Timer killer = clock.newTimer("killer", victim::cancel);
        killer.armAt(10);
        victim.armAt(10);

        clock.advanceTo(10);
        assertEquals(1, clock.runDue());
        assertEquals(List.of(), fired);
    }

    @Test
    void aPastDeadlineFiresAtTheNextBoundary() {
        clock.advanceTo(500);
        timer("late").armAt(100);
        clock.runDue();
        assertEquals(List.of("late@500"), fired);
    }

    @Test
    void deterministicTimeIsInstructionsTimesTheRatePlusSkips() {
        MachineClock c = new MachineClock(ClockMode.DETERMINISTIC, 4);
        AtomicLong retired = new AtomicLong();
        c.setInstructionSource(retired::get);
        retired.set(250);
        assertEquals(1000, c.nanos());

        c.advanceTo(5000); // idle skip
        assertEquals(5000, c.nanos());
        retired.set(300);
        assertEquals(5200, c.nanos());
    }

    @Test
    void advanceToNeverGoesBackwards() {
        clock.advanceTo(1000);
        clock.advanceTo(400);
        assertEquals(1000, clock.nanos());
        clock.advanceTo(1000);
        assertEquals(1000, clock.nanos());
    }

    @Test
    void postedTasksRunBeforeTimersInPostingOrderAndWakeTheMachine() throws InterruptedException {
        AtomicInteger wakeups = new AtomicInteger();
        clock.setWakeup(wakeups::incrementAndGet);
        timer("t").armAt(0);
        Thread backend = new Thread(() -> {
            clock.post(() -> fired.add("rx1"));
            clock.post(() -> fired.add("rx2"));
        });
        backend.start();
        backend.join();
        assertTrue(clock.hasPosted());

        assertEquals(3, clock.runDue());

        assertEquals(List.of("rx1", "rx2", "t@0"), fired);
        assertFalse(clock.hasPosted());
        assertEquals(3, wakeups.get(), "one wake-up per arm and per post");
    }

    @Test
    void cancelAllCancelsADetachedDevicesTimers() {
        Timer a = timer("dev.a"), b = timer("dev.b"), other = timer("other");
        a.armAt(10);
        b.armAt(20);
        other.armAt(30);

        clock.cancelAll(List.of(a, b));

        assertEquals(List.of("other                    at 30 ns"), clock.describeTimers());
        runUntil(100);
        assertEquals(List.of("other@30"), fired);
    }

    @Test
    void realtimeStandsStillWhilePausedAndResumesWhereItStopped() throws InterruptedException {
        MachineClock rt = new MachineClock(ClockMode.REALTIME, 1);
        assertEquals(0, rt.nanos(), "not started yet");
        Thread.sleep(2);
        assertEquals(0, rt.nanos());

        rt.resume();
        Thread.sleep(5);
        rt.pause();
        long atPause = rt.nanos();
        assertTrue(atPause >= 5_000_000, "followed the host while running: " + atPause);

        Thread.sleep(20);
        assertEquals(atPause, rt.nanos(), "stands still while paused");
        rt.pause(); // a second pause changes nothing
        assertEquals(atPause, rt.nanos());

        long hostBefore = System.nanoTime();
        rt.resume();
        long afterResume = rt.nanos();
        long hostSpent = System.nanoTime() - hostBefore;
        assertTrue(afterResume >= atPause && afterResume - atPause <= hostSpent,
                "continues from where it stopped, not from host time: +" + (afterResume - atPause) + " ns");
    }

    @Test
    void timersAreNamedAndDescribedInDeadlineOrder() {
        timer("b").armAt(20);
        timer("a").armAt(10);
        assertEquals(List.of("a                        at 10 ns", "b                        at 20 ns"), clock.describeTimers());
    }
}
