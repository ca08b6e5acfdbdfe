package org.plugboard.api.pci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.plugboard.api.pci.PciConfig.BarType;

/** The type-0 header as a guest sees it: sizing, read-only fields, W1C bits, capabilities. */
class PciConfigTest {
    /** An e1000-like function: vendor 8086, device 100e, class 02/00/00, pin INTA. */
    private static PciConfig nic() {
        return new PciConfig().identity(0x8086, 0x100e, 3, 0x02, 0x00, 0x00).subsystem(0x1af4, 0x1100).interruptPin(1);
    }

    private static int barOffset(int index) {
        return index == 6 ? PciConfig.ROM_BAR : PciConfig.BAR0 + 4 * index;
    }

    /** What a guest reads back from a BAR register after writing {@code probe} to it. */
    private static long probe(PciConfig c, int offset, int probe) {
        c.write(offset, 4, probe);
        return c.read(offset, 4) & 0xffffffffL;
    }

    @ParameterizedTest(name = "BAR{0} {1} size {2}")
    @CsvSource({
            "0, IO,             0x20,        0xffffffe1, -",
            "1, MEM32,          0x1000,      0xfffff000, -",
            "2, MEM32_PREFETCH, 0x100000,    0xfff00008, -",
            "0, MEM64,          0x4000,      0xffffc004, 0xffffffff",
            "2, MEM64_PREFETCH, 0x200000000, 0x0000000c, 0xfffffffe"})
    void writingAllOnesRevealsTheSizeAndTheFlagBits(int index, BarType type, String size, String low, String high) {
        PciConfig c = nic().bar(index, type, Long.decode(size));
        int off = barOffset(index);

        assertEquals(Long.decode(low), probe(c, off, -1));
        if (!high.equals("-")) assertEquals(Long.decode(high), probe(c, off + 4, -1));

        // the guest's arithmetic: size = ~(value & ~flags) + 1, over 64 bits for a 64-bit BAR
        long flags = type == BarType.IO ? 3 : 0xf;
        long value = (Long.decode(low) & ~flags) | (high.equals("-") ? 0xffffffff00000000L : Long.decode(high) << 32);
        assertEquals(Long.decode(size), ~value + 1);
    }

    @Test
    void theRomBarSizesWithTheEnableBitApart() {
        PciConfig c = nic().bar(6, BarType.MEM32, 0x10000);
        assertEquals(0xffff0000L, probe(c, PciConfig.ROM_BAR, 0xfffffffe)); // how Linux sizes it
        c.write(PciConfig.ROM_BAR, 4, 0xfeb00000);
        assertEquals(0xfeb00000L, c.barAddress(6));
    }

    @Test
    void theRomEnableBitIsWritable() {
        PciConfig c = nic().bar(6, BarType.MEM32, 0x10000);
        assertEquals(0xffff0001L, probe(c, PciConfig.ROM_BAR, -1));
        c.write(PciConfig.COMMAND, 2, PciConfig.CMD_MEMORY);
        c.write(PciConfig.ROM_BAR, 4, 0xfeb00000);
        assertFalse(c.barEnabled(6), "memory decoding alone does not enable the ROM");
        c.write(PciConfig.ROM_BAR, 4, 0xfeb00001);
        assertTrue(c.barEnabled(6));
        assertEquals(0xfeb00000L, c.barAddress(6));
    }

    @Test
    void anUnusedBarReadsZeroWhateverIsWritten() {
        PciConfig c = nic().bar(0, BarType.MEM32, 0x1000);
        for (int i = 1; i <= 6; i++) assertEquals(0, probe(c, barOffset(i), -1), "BAR" + i);
    }

    @Test
    void programmedAddressesDecodeOnlyWithTheCommandBits() {
        PciConfig c = nic().bar(0, BarType.MEM64, 0x20000).bar(2, BarType.IO, 0x40);
        c.write(PciConfig.BAR0, 4, 0xfe000000);
        c.write(PciConfig.BAR0 + 4, 4, 0x1);
        c.write(PciConfig.BAR0 + 8, 4, 0xc041); // low bits the BAR cannot hold are dropped

        assertEquals(0x1fe000000L, c.barAddress(0));
        assertEquals(0xc040L, c.barAddress(2));
        assertFalse(c.barEnabled(0) || c.barEnabled(2));

        c.write(PciConfig.COMMAND, 2, PciConfig.CMD_MEMORY);
        assertTrue(c.barEnabled(0));
        assertFalse(c.barEnabled(2), "I/O decoding is off");
        c.write(PciConfig.COMMAND, 2, PciConfig.CMD_IO);
        assertTrue(c.barEnabled(2));
        assertFalse(c.barEnabled(0));
        assertEquals(0x20000, c.barSize(0));
        assertEquals(BarType.IO, c.barType(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {PciConfig.VENDOR_ID, PciConfig.REVISION, PciConfig.SUBSYS_VENDOR, PciConfig.CAP_PTR})
    void identityDwordsAreReadOnly(int offset) {
        PciConfig c = nic();
        int before = c.read(offset, 4);
        c.write(offset, 4, -1);
        c.write(offset, 2, 0);
        assertEquals(before, c.read(offset, 4));
    }

    @Test
    void identityReadsAsDeclared() {
        PciConfig c = nic();
        assertEquals(0x100e8086, c.read(PciConfig.VENDOR_ID, 4));
        assertEquals(0x02000003, c.read(PciConfig.REVISION, 4));
        assertEquals(0x11001af4, c.read(PciConfig.SUBSYS_VENDOR, 4));
    }

    @Test
    void onlyTheInterruptLineOfItsDwordIsWritable() {
        PciConfig c = nic();
        c.write(PciConfig.INT_LINE, 4, -1);
        assertEquals(0x000001ff, c.read(PciConfig.INT_LINE, 4), "line = 0xff, pin still INTA, MIN_GNT/MAX_LAT zero");
    }

    @Test
    void theCommandRegisterKeepsOnlyItsImplementedBits() {
        PciConfig c = nic();
        c.write(PciConfig.COMMAND, 2, 0xffff);
        assertEquals(0x0507, c.get16(PciConfig.COMMAND));
        assertTrue(c.busMasterEnabled() && c.intxDisabled());
        c.write(PciConfig.COMMAND, 2, 0);
        assertFalse(c.busMasterEnabled() || c.intxDisabled());
    }

    @Test
    void statusErrorBitsAreWriteOneToClear() {
        PciConfig c = nic();
        c.addCapability(0x05, 14, 0x50); // sets the read-only capability-list bit
        c.set16(PciConfig.STATUS, c.get16(PciConfig.STATUS) | 0xf900); // the device latched every error

        c.write(PciConfig.STATUS, 2, 0);
        assertEquals(0xf910, c.get16(PciConfig.STATUS), "writing zeros clears nothing");
        c.write(PciConfig.COMMAND, 4, 0x8100_0006); // one dword: command bits and two W1C bits
        assertEquals(0x7810, c.get16(PciConfig.STATUS));
        assertEquals(0x0006, c.get16(PciConfig.COMMAND));
        c.write(PciConfig.STATUS, 2, 0xffff);
        assertEquals(PciConfig.STATUS_CAP_LIST, c.get16(PciConfig.STATUS), "the capability-list bit is not W1C");
    }

    @Test
    void deviceDefinedW1cBitsClearOnlyWhereOnesAreWritten() {
        PciConfig c = new PciConfig();
        c.set16(0x40, 0x00ff);
        c.setW1c16(0x40, 0x000f);
        c.write(0x40, 2, 0x0005);
        assertEquals(0x00fa, c.get16(0x40));
    }

    @Test
    void capabilitiesFormAChainTheGuestCanWalk() {
        PciConfig c = nic();
        assertEquals(0, c.get16(PciConfig.STATUS) & PciConfig.STATUS_CAP_LIST);
        c.addCapability(0x05, 14, 0x50);   // MSI
        c.addCapability(0x10, 0x3c, 0x60); // PCI Express
        c.addCapability(0x11, 12, 0x9c);   // MSI-X

        assertTrue((c.read(PciConfig.STATUS, 2) & PciConfig.STATUS_CAP_LIST) != 0);
        List<String> walk = new ArrayList<>();
        for (int p = c.read(PciConfig.CAP_PTR, 1); p != 0; p = c.read(p + 1, 1))
            walk.add(Integer.toHexString(p) + ":" + Integer.toHexString(c.read(p, 1)));
        assertEquals(List.of("50:5", "60:10", "9c:11"), walk);

        c.write(0x51, 1, 0); // the links are read-only
        assertEquals(0x60, c.read(0x51, 1));
    }

    @ParameterizedTest
    @CsvSource({"0, MEM32, 0x18", "0, MEM32, 8", "0, IO, 2", "1, MEM64, 0"})
    void badBarSizesAreRefused(int index, BarType type, String size) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PciConfig().bar(index, type, Long.decode(size)));
        assertTrue(e.getMessage().contains("BAR" + index), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 6})
    void a64BitBarWithoutARegisterAfterItIsRefused(int index) {
        // BAR5's upper half would be the CardBus CIS pointer; the ROM's would be CAP_PTR
        assertThrows(IllegalArgumentException.class, () -> new PciConfig().bar(index, BarType.MEM64, 0x1000));
    }

    @Test
    void snapshotAndRestoreCarryTheGuestVisibleBytes() {
        PciConfig a = nic().bar(0, BarType.MEM32, 0x1000);
        a.write(PciConfig.BAR0, 4, 0xfebf0000);
        a.write(PciConfig.COMMAND, 2, 7);
        PciConfig b = nic().bar(0, BarType.MEM32, 0x1000);

        b.restore(a.snapshot());

        assertArrayEquals(a.snapshot(), b.snapshot());
        assertEquals(0xfebf0000L, b.barAddress(0));
        assertThrows(IllegalArgumentException.class, () -> b.restore(new byte[4096]));
    }
}
