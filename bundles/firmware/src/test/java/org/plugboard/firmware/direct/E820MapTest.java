package org.plugboard.firmware.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.boot.BootContext.MemoryRange;

class E820MapTest {
    @Test
    void aReservationCutsUsableRamAndMergesWithTheReservedRangeNextToIt() {
        E820Map map = new E820Map(List.of(new MemoryRange(0x100000, 0x7ee0000, 1), new MemoryRange(0x7fe0000, 0x20000, 2)));
        map.reserve(0x7fd0000, 0x10000);
        assertEquals(List.of(new MemoryRange(0x100000, 0x7ed0000, 1), new MemoryRange(0x7fd0000, 0x30000, 2)), map.ranges());
    }

    @Test
    void aReservationInsideUsableRamSplitsIt() {
        E820Map map = new E820Map(List.of(new MemoryRange(0, 0x100000, 1)));
        map.reserve(0x1000, 0x1000);
        assertEquals(List.of(new MemoryRange(0, 0x1000, 1), new MemoryRange(0x1000, 0x1000, 2), new MemoryRange(0x2000, 0xfe000, 1)),
                map.ranges());
    }

    @Test
    void aReservationOutsideRamIsAdded() {
        E820Map map = new E820Map(List.of(new MemoryRange(0, 0x9fc00, 1)));
        map.reserve(0xfd00000000L, 0x300000000L);
        assertEquals(List.of(new MemoryRange(0, 0x9fc00, 1), new MemoryRange(0xfd00000000L, 0x300000000L, 2)), map.ranges());
    }
}
