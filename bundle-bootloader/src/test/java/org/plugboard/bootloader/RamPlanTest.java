package org.plugboard.bootloader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.device.ConfigException;

class RamPlanTest {
    /** 0-0x9fc00 usable, a reserved EBDA, the hole, then 1-8 MiB in two touching pieces, and a stray reserved range. */
    private final RamPlan plan = new RamPlan(List.of(new MemoryRange(0x100000, 0x300000, 1), new MemoryRange(0, 0x9fc00, 1),
            new MemoryRange(0x9fc00, 0x400, 2), new MemoryRange(0x400000, 0x400000, 1), new MemoryRange(0x800000, 0x1000, 2)));

    @Test
    void touchingUsableRangesCountAsOne() throws ConfigException {
        assertEquals(0x700000, plan.contiguousFrom(0x100000));
        assertEquals(0x9fc00, plan.contiguousFrom(0));
        assertEquals(0, plan.contiguousFrom(0xa0000));
        plan.claim(0x3ff000, 0x2000, "straddler");
    }

    @Test
    void reservedRangesWinOverUsableOnesTheyOverlap() {
        RamPlan overlapping = new RamPlan(List.of(new MemoryRange(0, 0x1000000, 1), new MemoryRange(0x9fc00, 0x60400, 2),
                new MemoryRange(0x800000, 0x1000, 2)));
        assertEquals(0x9fc00, overlapping.contiguousFrom(0));
        assertEquals(0x700000, overlapping.contiguousFrom(0x100000));
        assertEquals(0x7ff000, overlapping.contiguousFrom(0x801000));
        assertEquals(0, overlapping.contiguousFrom(0x800800));
    }

    @Test
    void claimsMustBeRamAndMustNotOverlap() throws ConfigException {
        plan.claim(0x100000, 0x1000, "a");
        ConfigException overlap = assertThrows(ConfigException.class, () -> plan.claim(0x100800, 0x1000, "b"));
        assertEquals("b at 0x100800-0x1017ff overlaps a at 0x100000-0x100fff", overlap.getMessage());
        ConfigException hole = assertThrows(ConfigException.class, () -> plan.claim(0x9f000, 0x1000, "c"));
        assertEquals("c at 0x9f000-0x9ffff does not fit in RAM: usable RAM is 0x0-0x9fbff 0x100000-0x7fffff", hole.getMessage());
        plan.claim(0x101000, 0, "nothing"); // empty claims always fit
    }

    @Test
    void lowestFitSkipsClaimsAndHoles() throws ConfigException {
        plan.claim(0x9000, 0x100, "info");
        assertEquals(0xa000, plan.claimLowest(0x9000, 1L << 32, 0x1000, 0x1000, "page"));
        assertEquals(0x9100, plan.claimLowest(0x9000, 1L << 32, 0x10, 16, "small"), "fills the gap after the first claim");
        assertEquals(0x100000, plan.claimLowest(0x9f000, 1L << 32, 0x2000, 0x1000, "over the hole"));
    }

    @Test
    void highestFitStaysBelowTheLimitAndAboveClaims() throws ConfigException {
        assertEquals(0x7ff000, plan.claimHighest(0x100000, 1L << 32, 0x1000, 0x1000, "top"));
        assertEquals(0x3ff000, plan.claimHighest(0x100000, 0x400000, 0x1000, 0x1000, "limited"));
        plan.claim(0x3f0000, 0xf000, "block");
        assertEquals(0x3e0000, plan.claimHighest(0x100000, 0x3ff000, 0x10000, 0x1000, "below the block"));
    }

    @Test
    void noRoomNamesWhatIsInTheWay() throws ConfigException {
        plan.claim(0x100000, 0x700000, "kernel");
        ConfigException e = assertThrows(ConfigException.class, () -> plan.claimHighest(0x100000, 1L << 32, 1, 1, "initrd"));
        assertTrue(e.getMessage().startsWith("no room for initrd (1 bytes) in 0x100000-0xffffffff: usable RAM is"), e.getMessage());
        assertTrue(e.getMessage().endsWith("already used: kernel 0x100000-0x7fffff"), e.getMessage());
    }
}
