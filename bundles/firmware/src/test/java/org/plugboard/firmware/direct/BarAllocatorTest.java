package org.plugboard.firmware.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.direct.PciBar.Kind;

class BarAllocatorTest {
    private static final long GIB = 1L << 30;
    private final BarAllocator allocator = new BarAllocator(2 * GIB, 5 * GIB);

    @Test
    void ioBarsGoLargestFirstFromC000() throws ConfigException {
        PciBar small = new PciBar(0x08, 0x10, 0x10, Kind.IO, false);
        PciBar large = new PciBar(0x10, 0x10, 0x100, Kind.IO, false);
        PciBar middle = new PciBar(0x18, 0x14, 0x40, Kind.IO, false);
        Map<PciBar, Long> a = allocator.assign(List.of(small, large, middle));
        assertEquals(0xc000L, a.get(large));
        assertEquals(0xc100L, a.get(middle));
        assertEquals(0xc140L, a.get(small));
        assertEquals(List.of(small, large, middle), List.copyOf(a.keySet()), "the map keeps the order given");
    }

    @Test
    void ioThatDoesNotFitAboveC000StartsAt1000() throws ConfigException {
        PciBar a = new PciBar(0x08, 0x10, 0x4000, Kind.IO, false);
        PciBar b = new PciBar(0x10, 0x10, 0x100, Kind.IO, false);
        Map<PciBar, Long> m = allocator.assign(List.of(a, b));
        assertEquals(0x1000L, m.get(a));
        assertEquals(0x5000L, m.get(b));
    }

    @Test
    void tinyBarsTakeTheirMinimum() throws ConfigException {
        PciBar io = new PciBar(0x08, 0x10, 1, Kind.IO, false);
        PciBar io2 = new PciBar(0x08, 0x14, 1, Kind.IO, false);
        PciBar mem = new PciBar(0x08, 0x18, 0x10, Kind.MEMORY, false);
        PciBar mem2 = new PciBar(0x08, 0x1c, 0x100, Kind.MEMORY, false);
        Map<PciBar, Long> m = allocator.assign(List.of(io, io2, mem, mem2));
        assertEquals(0xc000L, m.get(io));
        assertEquals(0xc004L, m.get(io2), "I/O BARs take at least 4 ports");
        assertEquals(0xfebfe000L, m.get(mem));
        assertEquals(0xfebff000L, m.get(mem2), "memory BARs take at least 4 KiB, below the IOAPIC");
    }

    @Test
    void memoryRegionsSitBelowTheIoapicTheSmallerAlignmentUppermost() throws ConfigException {
        PciBar mmio = new PciBar(0x18, 0x10, 0x20000, Kind.MEMORY, false);
        PciBar regs = new PciBar(0x20, 0x10, 0x1000, Kind.MEMORY, false);
        PciBar fb = new PciBar(0x10, 0x10, 0x1000000, Kind.PREFETCHABLE, false);
        Map<PciBar, Long> m = allocator.assign(List.of(mmio, regs, fb));
        // non-prefetchable (align 128 KiB, 0x21000 bytes) on top: 0xfec00000 - 0x21000 aligned down to 128 KiB
        assertEquals(0xfebc0000L, m.get(mmio));
        assertEquals(0xfebe0000L, m.get(regs));
        // the 16 MiB framebuffer below, aligned to its size
        assertEquals(0xfd000000L, m.get(fb));
        for (Map.Entry<PciBar, Long> e : m.entrySet())
            assertEquals(0, e.getValue() % e.getKey().size(), e.getKey() + " aligned to its size");
    }

    @Test
    void a64BitBarStaysBelow4gWhenItFits() throws ConfigException {
        PciBar wide = new PciBar(0x18, 0x10, 0x4000, Kind.PREFETCHABLE, true);
        assertEquals(0xfebfc000L, allocator.assign(List.of(wide)).get(wide));
    }

    @Test
    void sixtyFourBitBarsMoveAbove4gWhenTheWindowIsTooSmall() throws ConfigException {
        PciBar wide = new PciBar(0x18, 0x10, 2 * GIB, Kind.PREFETCHABLE, true);
        PciBar narrow = new PciBar(0x20, 0x10, 0x1000, Kind.MEMORY, false);
        Map<PciBar, Long> m = allocator.assign(List.of(wide, narrow));
        assertEquals(6 * GIB, m.get(wide), "above RAM, aligned to its size");
        assertEquals(0xfebff000L, m.get(narrow));
    }

    @Test
    void too32BitMemoryForTheWindowIsAClearError() {
        PciBar huge = new PciBar(0x18, 0x10, 4 * GIB, Kind.MEMORY, false);
        ConfigException e = assertThrows(ConfigException.class, () -> allocator.assign(List.of(huge)));
        assertTrue(e.getMessage().contains("more than the window"), e.getMessage());
    }

    @Test
    void noBarsNoAssignments() throws ConfigException {
        assertTrue(allocator.assign(List.of()).isEmpty());
    }

    @Test
    void aBarSizeMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new PciBar(0x08, 0x10, 0x300, Kind.IO, false));
    }
}
