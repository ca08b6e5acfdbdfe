package org.plugboard.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.MemoryWriteObserver;
import org.plugboard.api.bus.PhysicalPage;
import org.plugboard.api.bus.Region;

/** The page table of guest-physical memory: RAM, ROM, MMIO and shared pages. */
class PhysicalMemoryTest {
    private static final int PAGE = MemorySpace.PAGE_SIZE;
    private final Ram ram = new Ram(64 << 10);
    private final PhysicalMemory memory = new PhysicalMemory(ram);

    private byte[] ramBytes(long offset, int length) {
        byte[] b = new byte[length];
        ram.read(offset, b, 0, length);
        return b;
    }

    @Test
    void aRamPageHandsTheCpuTheBankArray() {
        memory.mapRam("ram", "machine", 0, 0, 64 << 10, false, 0);
        PhysicalPage p = memory.page(1);

        assertSame(ram.bank(0), p.ram);
        assertEquals(PAGE, p.ramOffset);
        assertTrue(p.writable);
        p.ram[p.ramOffset + 8] = 0x5a; // the CPU's direct path
        assertEquals(0x5a, memory.read(PAGE + 8, 1));
    }

    @Test
    void writesThroughTheSpaceLandInRamLittleEndian() {
        memory.mapRam("ram", "machine", 0, 0, 64 << 10, false, 0);
        memory.write(0x1004, 4, 0xddccbbaaL);
        memory.write(0x1008, 8, 0x0807060504030201L);
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, 1, 2, 3, 4, 5, 6, 7, 8},
                ramBytes(0x1004, 12));
        assertEquals(0x0807060504030201L, memory.read(0x1008, 8));
    }

    @Test
    void aRamWindowMapsItsOwnOffsetOfRam() {
        memory.mapRam("high", "machine", 0x100000, 0x2000, 0x3000, false, 0);
        assertEquals(0x2000, memory.page(0x100).ramOffset);
        assertEquals(0x4000, memory.page(0x102).ramOffset);
        assertNull(memory.page(0x103).ram, "past the window");
        memory.write(0x101010, 2, 0xbeef);
        assertArrayEquals(new byte[] {(byte) 0xef, (byte) 0xbe}, ramBytes(0x3010, 2));
    }

    @Test
    void readOnlyRamDropsWrites() {
        ram.write(0x10, new byte[] {0x11}, 0, 1);
        memory.mapRam("shadow", "chipset", 0, 0, PAGE, true, 0);

        memory.write(0x10, 1, 0x99);
        assertEquals(0x11, memory.read(0x10, 1));
        assertFalse(memory.page(0).writable);
        assertSame(ram.bank(0), memory.page(0).ram, "still readable directly");
    }

    @Test
    void aRomImageIsCopiedPaddedToPagesAndReadOnly() {
        byte[] image = new byte[PAGE + 10];
        image[0] = 0x55;
        image[PAGE + 9] = (byte) 0xaa;
        memory.mapRom("bios", "firmware", 0xf0000, image, 0);
        image[0] = 0; // the bus keeps its own copy

        assertEquals(0x55, memory.read(0xf0000, 1));
        assertEquals(0xaa, memory.read(0xf0000 + PAGE + 9, 1));
        assertEquals(0, memory.read(0xf0000 + 2 * PAGE - 1, 1), "padding reads zero");
        assertEquals(0xff, memory.read(0xf0000 + 2 * PAGE, 1), "past the padding");
        memory.write(0xf0000, 1, 0x12);
        assertEquals(0x55, memory.read(0xf0000, 1));
        assertFalse(memory.page(0xf0).writable);
        assertEquals(List.of("rom"), memory.entries().stream().map(e -> e.kind()).toList());
    }

    @Test
    void anMmioPageDispatchesToItsHandlerWithOffsetsFromTheRegionBase() {
        Region r = RecordingOps.region("hpet", "regs", 2 * PAGE, 1, 8);
        memory.map(r, 0x20000);
        PhysicalPage second = memory.page(0x21);

        assertNull(second.ram);
        second.write(0x21010, 4, 0x1234);
        memory.read(0x20008, 8);
        assertEquals(List.of("w1010:4=1234", "r8:8"), RecordingOps.of(r).take());
    }

    @Test
    void subPageRegionsShareOnePage() {
        Region ioapic = RecordingOps.region("ioapic", "regs", 0x20, 4, 4), other = RecordingOps.region("x", "regs", 0x10, 1, 1);
        memory.map(ioapic, 0xfec00000L);
        memory.map(other, 0xfec00400L);
        PhysicalPage p = memory.page(0xfec00);

        assertNull(p.ram);
        p.write(0xfec00010L, 4, 0xcafe);
        p.write(0xfec00401L, 1, 7);
        assertEquals(List.of("w10:4=cafe"), RecordingOps.of(ioapic).take());
        assertEquals(List.of("w1:1=7"), RecordingOps.of(other).take());
        assertEquals(0xffffffffL, p.read(0xfec00100L, 4), "the gap between them");
    }

    @Test
    void aSubPageRegionOverRamSplitsOnlyItsPage() {
        memory.mapRam("ram", "machine", 0, 0, 64 << 10, false, 0);
        Region window = RecordingOps.region("smram", "regs", 0x100, 1, 4);
        Mapping m = memory.mapOverlapping(window, 0x3100, 1);
        ram.write(0x3000, new byte[] {0x42}, 0, 1);

        assertNull(memory.page(3).ram, "the shared page");
        assertSame(ram.bank(0), memory.page(2).ram, "neighbours keep the direct path");
        assertEquals(0x42, memory.read(0x3000, 1), "the RAM part of the shared page still reads RAM");
        memory.write(0x3104, 1, 9);
        assertEquals(List.of("w4:1=9"), RecordingOps.of(window).take());
        assertEquals(0, ramBytes(0x3104, 1)[0], "the window hides the RAM underneath");

        m.unmap();
        assertSame(ram.bank(0), memory.page(3).ram, "back to a direct RAM page");
    }

    @Test
    void anAccessCrossingAPageBoundaryIsSplitBetweenThePages() {
        memory.mapRam("ram", "machine", 0, 0, PAGE, false, 0);
        Region mmio = RecordingOps.region("dev", "regs", PAGE, 1, 4);
        memory.map(mmio, PAGE);

        memory.write(PAGE - 2, 4, 0x44332211);
        assertArrayEquals(new byte[] {0x11, 0x22}, ramBytes(PAGE - 2, 2));
        assertEquals(List.of("w0:1=33", "w1:1=44"), RecordingOps.of(mmio).take());
        assertEquals(0x44332211L, memory.read(PAGE - 2, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void unmappedPagesReadAllOnes(int size) {
        PhysicalPage p = memory.page(0x12345);
        assertNull(p.ram);
        assertFalse(p.writable);
        assertEquals(Access.mask(size), p.read(0x12345000L, size));
        assertEquals(Access.mask(size), memory.read(0x12345000L, size));
        assertEquals(Access.mask(size), memory.page(1L << 40).read(0, size), "beyond the 40-bit space");
    }

    @Test
    void aHigherPriorityPageHidesRamUntilDisabled() {
        memory.mapRam("ram", "machine", 0, 0, 64 << 10, false, 0);
        Region vga = RecordingOps.region("vga", "vram", PAGE, 1, 4);
        Mapping m = memory.mapOverlapping(vga, 0x2000, 1);
        PhysicalPage hidden = memory.page(2);
        assertNull(hidden.ram);

        m.setEnabled(false);
        assertSame(ram.bank(0), memory.page(2).ram);
        assertNotSame(hidden, memory.page(2));
    }

    @Test
    void ramWindowsMustBeAlignedAndInsideRam() {
        assertThrows(IllegalArgumentException.class, () -> memory.mapRam("r", "m", 0x10, 0, PAGE, false, 0));
        assertThrows(IllegalArgumentException.class, () -> memory.mapRam("r", "m", 0, 0, PAGE + 1, false, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> memory.mapRam("big", "m", 0, 0, 128 << 10, false, 0));
        assertTrue(e.getMessage().contains("big") && e.getMessage().contains("outside RAM"), e.getMessage());
    }

    @Test
    void ramRefusesBadSizesAndOutOfBoundsCopies() {
        assertThrows(IllegalArgumentException.class, () -> new Ram(4097));
        assertThrows(IllegalArgumentException.class, () -> new Ram(0));
        assertThrows(IndexOutOfBoundsException.class, () -> ram.read((64 << 10) - 2, new byte[4], 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> ram.write(-1, new byte[1], 0, 1));
    }

    @Test
    void writeObserversHearNotifications() {
        List<String> seen = new ArrayList<>();
        MemoryWriteObserver o = (a, l) -> seen.add(Long.toHexString(a) + "+" + l);
        memory.addWriteObserver(o);
        memory.notifyWritten(0x1000, 16);
        memory.removeWriteObserver(o);
        memory.notifyWritten(0x2000, 16);
        assertEquals(List.of("1000+16"), seen);
    }
}
