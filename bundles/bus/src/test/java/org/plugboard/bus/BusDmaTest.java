package org.plugboard.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.DmaException;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.Region;

/** DMA: RAM only, bounds-checked, all or nothing, seen by write observers. */
class BusDmaTest {
    private static final int PAGE = MemorySpace.PAGE_SIZE;
    /** RAM at [0, 0x8000), a ROM page at 0x10000, an MMIO page at 0x20000, nothing else. */
    private final Ram ram = new Ram(0x8000);
    private final PhysicalMemory memory = new PhysicalMemory(ram);
    private final BusDma dma = new BusDma(memory);
    private final List<String> written = new ArrayList<>();
    private Region mmio;

    @BeforeEach
    void layOut() {
        memory.mapRam("ram", "machine", 0, 0, 0x8000, false, 0);
        memory.mapRom("rom", "firmware", 0x10000, new byte[] {1, 2, 3, 4}, 0);
        mmio = RecordingOps.region("lapic", "regs", PAGE, 4, 4);
        memory.map(mmio, 0x20000);
        memory.addWriteObserver((a, l) -> written.add(Long.toHexString(a) + "+" + l));
    }

    private static byte[] seq(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i + 1);
        return b;
    }

    @Test
    void transfersAcrossPagesLandInRamAndAreObserved() throws DmaException {
        byte[] data = seq(PAGE + 100);
        dma.write(PAGE - 50, data, 0, data.length);

        byte[] back = new byte[data.length];
        dma.read(PAGE - 50, back, 0, back.length);
        assertArrayEquals(data, back);
        byte[] direct = new byte[data.length];
        ram.read(PAGE - 50, direct, 0, direct.length);
        assertArrayEquals(data, direct);
        assertEquals(List.of("fce+4196"), written);
    }

    @Test
    void aTransferFollowsTheGuestPhysicalLayoutNotRamOffsets() throws DmaException {
        // two windows, adjacent in guest-physical memory, whose RAM lies the other way round
        PhysicalMemory swapped = new PhysicalMemory(ram);
        swapped.mapRam("hi", "chipset", 0x100000, PAGE, PAGE, false, 0);
        swapped.mapRam("lo", "chipset", 0x100000 + PAGE, 0, PAGE, false, 0);
        byte[] data = seq(8);

        new BusDma(swapped).write(0x100000 + PAGE - 4, data, 0, 8);

        byte[] first = new byte[4], second = new byte[4];
        ram.read(2 * PAGE - 4, first, 0, 4);
        ram.read(0, second, 0, 4);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, first);
        assertArrayEquals(new byte[] {5, 6, 7, 8}, second);
    }

    @Test
    void multiByteHelpersAreLittleEndian() throws DmaException {
        dma.writeInt(0x100, 0x11223344);
        dma.writeLong(0x108, 0x8877665544332211L);
        assertEquals(0x44, memory.read(0x100, 1));
        assertEquals(0x11223344, dma.readInt(0x100));
        assertEquals(0x8877665544332211L, dma.readLong(0x108));
    }

    @Test
    void aReadOutsideRamFailsWithTheFirstBadAddress() {
        DmaException e = assertThrows(DmaException.class, () -> dma.read(0x7ff0, new byte[0x20], 0, 0x20));
        assertEquals(0x8000, e.address(), "the first byte that is not RAM");
        assertTrue(e.getMessage().contains("0x8000"), e.getMessage());
        assertEquals(0x20000, assertThrows(DmaException.class, () -> dma.read(0x20000, new byte[4], 0, 4)).address(),
                "MMIO is not DMA-able memory");
    }

    @Test
    void aFailedWriteTransfersNothingAndNotifiesNobody() {
        byte[] data = seq(0x20);
        assertThrows(DmaException.class, () -> dma.write(0x7ff0, data, 0, data.length));
        byte[] tail = new byte[0x10];
        ram.read(0x7ff0, tail, 0, 0x10);
        assertArrayEquals(new byte[0x10], tail, "the RAM part was not written either");
        assertEquals(List.of(), written);
    }

    @Test
    void romCanBeReadButNotWritten() throws DmaException {
        byte[] b = new byte[4];
        dma.read(0x10000, b, 0, 4);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, b);
        DmaException e = assertThrows(DmaException.class, () -> dma.write(0x10000, new byte[4], 0, 4));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals(0x10000, e.address());
        assertEquals(1, memory.read(0x10000, 1));
    }

    @Test
    void badRangesAreRefused() {
        assertThrows(DmaException.class, () -> dma.read(-1, new byte[1], 0, 1));
        assertThrows(DmaException.class, () -> dma.read(0, new byte[1], 0, -1));
        assertThrows(DmaException.class, () -> dma.read(Long.MAX_VALUE - 1, new byte[4], 0, 4), "wraps around");
    }

    @Test
    void theBusMasterGateBlocksTransfersAndPostedWrites() throws DmaException {
        AtomicBoolean master = new AtomicBoolean(false);
        BusDma gated = new BusDma(memory, master::get, "00:03.0");
        DmaException e = assertThrows(DmaException.class, () -> gated.writeInt(0x100, 1));
        assertTrue(e.getMessage().contains("00:03.0"), e.getMessage());
        gated.postedWrite(0x20000, 0xfee);
        assertEquals(List.of(), RecordingOps.of(mmio).take());

        master.set(true);
        gated.writeInt(0x100, 1);
        assertEquals(1, dma.readInt(0x100));
    }

    @Test
    void aPostedWriteReachesMmioHandlersAndRamObservers() {
        dma.postedWrite(0x20004, 0x41);
        assertEquals(List.of("w4:4=41"), RecordingOps.of(mmio).take());
        assertEquals(List.of(), written, "an MMIO store is not a RAM change");

        dma.postedWrite(0x200, 0xfeedf00d);
        assertEquals(0xfeedf00dL, memory.read(0x200, 4));
        assertEquals(List.of("200+4"), written);
    }
}
