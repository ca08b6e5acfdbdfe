package org.plugboard.chipset.piix.pm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PmTimerTest {
    @Test
    void ticksAndNanosAreInverse() {
        for (long ticks : new long[] {0, 1, 3, 3_579_545, 1L << 23, 1L << 40}) {
            long t = PmTimer.nanosAt(ticks);
            assertEquals(ticks, PmTimer.ticksAt(t), "first nanosecond of tick " + ticks);
            if (ticks > 0) assertTrue(PmTimer.ticksAt(t - 1) < ticks);
        }
    }

    @Test
    void noOverflowAfterCenturies() {
        long century = 100L * 365 * 24 * 3600 * 1_000_000_000L;
        assertEquals(century / 1_000_000_000L * 3_579_545, PmTimer.ticksAt(century));
    }

    @Test
    void overflowPointsAreBit23Transitions() {
        assertEquals(1L << 23, PmTimer.nextOverflow(0));
        assertEquals(1L << 23, PmTimer.nextOverflow((1L << 23) - 1));
        assertEquals(2L << 23, PmTimer.nextOverflow(1L << 23));
    }
}
