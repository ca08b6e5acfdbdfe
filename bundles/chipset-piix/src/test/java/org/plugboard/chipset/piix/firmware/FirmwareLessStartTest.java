package org.plugboard.chipset.piix.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.boot.PlatformSetup;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory;
import org.plugboard.chipset.piix.testing.TestPciFunction;
import org.plugboard.firmware.direct.FirmwareLessStart;

/**
 * The firmware-less start on the real i440FX/PIIX devices plus a test function with a 32-bit,
 * an I/O, a 64-bit and a ROM BAR: every BAR sized through mechanism #1 and placed as SeaBIOS
 * places them, decoding once enabled; the bridges without BARs keep none; the PIRQ routes, the
 * PM base and the shadow RAM as SeaBIOS leaves them.
 */
class FirmwareLessStartTest {
    private static final int TEST_DEVICE = 3;

    private static ChipsetRig prepared() throws Exception {
        ChipsetRig rig = ChipsetRig.pc();
        rig.plug(new TestPciDeviceFactory(), "test", "devfn", String.valueOf(TEST_DEVICE << 3));
        rig.resetAll();
        new FirmwareLessStart().prepare(new PlatformSetup.Target() {
            @Override public AddressSpace io() { return rig.platform.io; }
            @Override public MemorySpace memory() { return rig.platform.memory; }
            @Override public Dma dma() { return rig.platform.dma; }
            @Override public long ramBelow4g() { return ChipsetRig.RAM_SIZE; }
            @Override public List<MemoryRange> baseMemoryMap() { return List.of(new MemoryRange(0, ChipsetRig.RAM_SIZE, 1)); }
        });
        return rig;
    }

    @Test
    void barsArePlacedAsSeabiosPlacesThemAndDecode() throws Exception {
        try (ChipsetRig rig = prepared()) {
            // I/O from 0xc000, largest first: the test function's 32 ports, then the IDE's bus-master 16
            assertEquals(0xc001, rig.cfgRead(TEST_DEVICE, 0, 0x14, 4));
            assertEquals(0xc021, rig.cfgRead(1, 1, 0x20, 4));
            // memory below the IOAPIC, largest first from a 64 KiB boundary: ROM 64 KiB, 64-bit 16 KiB, 32-bit 4 KiB
            assertEquals(0xfebe0000, rig.cfgRead(TEST_DEVICE, 0, 0x30, 4), "the ROM assigned but not enabled");
            assertEquals(0xfebf0004, rig.cfgRead(TEST_DEVICE, 0, 0x18, 4), "64-bit BAR, low half");
            assertEquals(0, rig.cfgRead(TEST_DEVICE, 0, 0x1c, 4), "64-bit BAR, high half");
            assertEquals(0xfebf4000, rig.cfgRead(TEST_DEVICE, 0, 0x10, 4));
            // decoding: I/O, memory and SERR enabled
            assertEquals(0x0103, rig.cfgRead(TEST_DEVICE, 0, 0x04, 2) & 0x0103);
            assertEquals((int) (TestPciFunction.MMIO_TAG | 8), (int) rig.read(0xfebf4008L, 4));
            assertEquals((int) (TestPciFunction.MEM64_TAG | 0x10), (int) rig.read(0xfebf0010L, 4));
            assertEquals((int) (TestPciFunction.IO_TAG | 4) & 0xffff, rig.inw(0xc004));
            // the bridges have no BARs and keep none
            for (int bar = 0x10; bar <= 0x24; bar += 4) assertEquals(0, rig.cfgRead(0, 0, bar, 4), "host bridge BAR " + bar);
        }
    }

    @Test
    void interruptsPmAndShadowAreLeftAsSeabiosLeavesThem() throws Exception {
        try (ChipsetRig rig = prepared()) {
            assertEquals(0x0b0b0a0a, rig.cfgRead(1, 0, 0x60, 4), "PIRQA-D to IRQ 10, 10, 11, 11");
            assertEquals(11, rig.cfgRead(TEST_DEVICE, 0, 0x3c, 1), "INTA of slot 3 swizzles to PIRQC");
            assertEquals(9, rig.cfgRead(1, 3, 0x3c, 1), "the PM function's SCI");
            assertEquals(0x601, rig.cfgRead(1, 3, 0x40, 4));
            assertEquals(0x701, rig.cfgRead(1, 3, 0x90, 4));
            assertEquals(0, rig.inw(0x604), "PM1 control answers at the PM base");
            assertEquals(0x11111000, rig.cfgRead(0, 0, 0x58, 4));
            assertEquals(0x33111111, rig.cfgRead(0, 0, 0x5c, 4));
            // the real-mode IVT points at the handlers in the read-only BIOS area: INT 0x10 at the lone IRET
            long vector = rig.read(0x10 * 4, 4);
            assertEquals(0xf000, vector >>> 16);
            assertEquals(0xcf, rig.read(0xf0000 + (vector & 0xffff), 1), "IRET");
            rig.write(0xf0000 + (vector & 0xffff), 1, 0x90);
            assertEquals(0xcf, rig.read(0xf0000 + (vector & 0xffff), 1), "the BIOS area is read-only now");
            assertEquals(639, rig.read(0x413, 2), "base memory in the BDA");
            assertEquals(0x9fc0, rig.read(0x40e, 2), "EBDA segment");
        }
    }
}
