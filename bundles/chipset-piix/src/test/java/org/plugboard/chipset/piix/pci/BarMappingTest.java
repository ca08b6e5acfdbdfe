package org.plugboard.chipset.piix.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.DmaException;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory.TestPciDevice;
import org.plugboard.chipset.piix.testing.TestPciFunction;

/** BAR sizing and decoding, the bus-master gate, slot conflicts: a test function at 00:03.0. */
class BarMappingTest {
    private static final int SLOT = 3, CMD_IO = 1, CMD_MEM = 2, CMD_MASTER = 4;
    private ChipsetRig rig;
    private TestPciDevice card;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.plug(new TestPciDeviceFactory(), "card", "devfn", String.valueOf(SLOT << 3));
        rig.resetAll();
        card = (TestPciDevice) rig.device("card");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private int cfg(int offset) { return rig.cfgRead(SLOT, 0, offset, 4); }

    private void cfg(int offset, int value) { rig.cfgWrite(SLOT, 0, offset, 4, value); }

    @Test
    void sizingReadsTheMaskAndDoesNotDecode() {
        cfg(0x04, CMD_IO | CMD_MEM);
        cfg(0x10, 0xffffffff);
        assertEquals(0xfffff000, cfg(0x10), "4 KiB memory BAR");
        cfg(0x14, 0xffffffff);
        assertEquals(0xffffffe1, cfg(0x14), "32-port I/O BAR");
        cfg(0x18, 0xffffffff);
        cfg(0x1c, 0xffffffff);
        assertEquals(0xffffc004, cfg(0x18), "64-bit BAR, low half");
        assertEquals(0xffffffff, cfg(0x1c), "64-bit BAR, high half");
        cfg(0x30, 0xfffff800);
        assertEquals(0xffff0000, cfg(0x30), "64 KiB ROM");
        PciSlot slot = (PciSlot) card.attachment;
        for (int bar : new int[] {0, 1, 2, 6}) assertEquals(-1, slot.barAddress(bar), "BAR" + bar + " during sizing");
    }

    @Test
    void memoryBarDecodesWhileTheCommandBitIsSetAndFollowsMoves() {
        cfg(0x10, 0xfebf0000);
        assertEquals(0xffffffffL, rig.read(0xfebf0000L, 4), "not decoding before the command bit");
        cfg(0x04, CMD_MEM);
        assertEquals(TestPciFunction.MMIO_TAG | 0x10, rig.read(0xfebf0010L, 4));
        cfg(0x10, 0xfebe0000);
        assertEquals(0xffffffffL, rig.read(0xfebf0010L, 4), "old place freed");
        assertEquals(TestPciFunction.MMIO_TAG | 0x20, rig.read(0xfebe0020L, 4));
        cfg(0x04, 0);
        assertEquals(0xffffffffL, rig.read(0xfebe0020L, 4), "memory decoding off");
    }

    @Test
    void ioBarDecodesOnlyWithTheIoBit() {
        cfg(0x14, 0xc000);
        cfg(0x04, CMD_MEM);
        assertEquals(0xff, rig.inb(0xc004));
        cfg(0x04, CMD_IO);
        assertEquals((int) (TestPciFunction.IO_TAG | 4) & 0xff, rig.inb(0xc004));
        rig.outw(0xc002, 0xbeef);
        assertEquals(0xbeef, card.function.lastWrite);
    }

    @Test
    void aBarPlacedOverRamWins() {
        rig.write(0x100000, 4, 0x11223344L);
        cfg(0x10, 0x100000);
        cfg(0x04, CMD_MEM);
        assertEquals(TestPciFunction.MMIO_TAG, rig.read(0x100000, 4));
        cfg(0x04, 0);
        assertEquals(0x11223344L, rig.read(0x100000, 4), "RAM again once the BAR stops decoding");
    }

    @Test
    void sixtyFourBitBarDecodesAbove4GiB() {
        cfg(0x18, 0x00000000);
        cfg(0x1c, 0x00000008); // 0x8_0000_0000
        cfg(0x04, CMD_MEM);
        assertEquals(TestPciFunction.MEM64_TAG | 0x100, rig.read(0x800000100L, 4));
        assertEquals(0x800000000L, ((PciSlot) card.attachment).barAddress(2));
    }

    @Test
    void romBarNeedsItsEnableBitAndMemoryDecoding() {
        cfg(0x04, CMD_MEM);
        cfg(0x30, 0xfeb00000);
        assertEquals(0xffffffffL, rig.read(0xfeb00000L, 4));
        cfg(0x30, 0xfeb00001);
        assertEquals(TestPciFunction.ROM_TAG | 8, rig.read(0xfeb00008L, 4));
    }

    @Test
    void busMasterGateRefusesDmaUntilEnabled() throws Exception {
        byte[] data = {1, 2, 3, 4};
        assertThrows(DmaException.class, () -> card.attachment.busMaster().write(0x2000, data, 0, 4));
        assertEquals(0, rig.read(0x2000, 4));
        cfg(0x04, CMD_MASTER);
        card.attachment.busMaster().write(0x2000, data, 0, 4);
        assertEquals(0x04030201L, rig.read(0x2000, 4));
        cfg(0x04, 0);
        assertThrows(DmaException.class, () -> card.attachment.busMaster().readInt(0x2000));
    }

    @Test
    void aTakenDevfnIsRefusedNamingBothFunctions() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> rig.pci().attach("intruder", new TestPciFunction("intruder"), SLOT << 3));
        assertTrue(e.getMessage().contains("00:03.0") && e.getMessage().contains("card") && e.getMessage().contains("intruder"),
                e.getMessage());
    }

    @Test
    void anyDevfnPicksTheFirstFreeSlot() {
        assertEquals(2 << 3, rig.pci().attach("next", new TestPciFunction("next"), org.plugboard.api.pci.PciHost.ANY_DEVFN).devfn());
    }

    @Test
    void machineResetUnmapsBarsTheDeviceResetBehindTheHostsBack() {
        cfg(0x10, 0xfebf0000);
        cfg(0x04, CMD_MEM);
        assertEquals(TestPciFunction.MMIO_TAG, rig.read(0xfebf0000L, 4));
        rig.resetAll();
        assertEquals(0xffffffffL, rig.read(0xfebf0000L, 4));
    }

    @Test
    void unpluggingTheDeviceUnmapsItsBarsAndFreesTheSlot() {
        cfg(0x10, 0xfebf0000);
        cfg(0x04, CMD_MEM);
        rig.slot("card").unplug();
        assertEquals(0xffffffffL, rig.read(0xfebf0000L, 4));
        assertEquals(0xffffffff, cfg(0x00));
    }
}
