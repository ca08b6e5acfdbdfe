package org.plugboard.pc.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CrystalClockTest {
    private static final BigInteger GIGA = BigInteger.valueOf(1_000_000_000L);

    @Test
    void cyclesMatchExactArithmeticEvenWhereAPlainProductOverflows() {
        CrystalClock pit = new CrystalClock(1_193_182);
        for (long t : new long[] {0, 1, 838, 839, 999_999_999, 1_000_000_000, 7_730_000_000_123L,
                86_400_000_000_000L * 365, Long.MAX_VALUE}) {
            long expected = BigInteger.valueOf(t).multiply(BigInteger.valueOf(1_193_182)).divide(GIGA).longValueExact();
            assertEquals(expected, pit.cyclesAt(t), "at " + t);
        }
    }

    @Test
    void nanosAtIsTheFirstInstantACycleHasElapsed() {
        CrystalClock rtc = new CrystalClock(32_768);
        for (long c : new long[] {0, 1, 32, 32_767, 32_768, 1_000_003, 123_456_789_012L}) {
            long t = rtc.nanosAt(c);
            assertEquals(c, rtc.cyclesAt(t));
            assertTrue(t == 0 || rtc.cyclesAt(t - 1) == c - 1);
        }
    }

    @Test
    void bcdRoundTrips() {
        assertEquals(0x59, Bcd.toBcd8(59));
        assertEquals(59, Bcd.fromBcd8(0x59));
        assertEquals(0x9999, Bcd.toBcd16(9999));
        assertEquals(1234, Bcd.fromBcd16(0x1234));
        assertEquals(15, Bcd.fromBcd8(0x0f), "an invalid nibble is taken at face value");
    }
}
