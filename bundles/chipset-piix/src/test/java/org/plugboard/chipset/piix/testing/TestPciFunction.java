package org.plugboard.chipset.piix.testing;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.api.pci.PciFunction;

/**
 * A PCI function for host tests: BAR0 a 4 KiB MMIO register file, BAR1 32 I/O ports, BAR2 a
 * 64-bit 16 KiB MMIO BAR, a 64 KiB expansion ROM, interrupt pin INTA. Each region reads back
 * a recognisable pattern ({@code tag | offset}) and remembers the last write.
 */
public final class TestPciFunction implements PciFunction {
    public static final int VENDOR = 0x1234, DEVICE = 0x5678;
    public static final long MMIO_TAG = 0xa0000000L, IO_TAG = 0x10000, MEM64_TAG = 0x64000000L, ROM_TAG = 0x70000000L;

    public final PciConfig config = new PciConfig()
            .identity(VENDOR, DEVICE, 1, 0x02, 0x00, 0x00)
            .interruptPin(1)
            .bar(0, PciConfig.BarType.MEM32, 0x1000)
            .bar(1, PciConfig.BarType.IO, 32)
            .bar(2, PciConfig.BarType.MEM64, 0x4000)
            .bar(6, PciConfig.BarType.MEM32, 0x10000);
    private final Region[] regions = new Region[7];
    public long lastWrite = -1;

    public TestPciFunction(String owner) {
        // PciConfig.bar(6, ...) leaves the ROM enable bit read-only; make it writable as the spec has it
        config.setMask32(PciConfig.ROM_BAR, 0xffff0001);
        regions[0] = region("mmio", owner, 0x1000, MMIO_TAG);
        regions[1] = region("io", owner, 32, IO_TAG);
        regions[2] = region("mem64", owner, 0x4000, MEM64_TAG);
        regions[6] = region("rom", owner, 0x10000, ROM_TAG);
    }

    private Region region(String name, String owner, long size, long tag) {
        return Region.of(name, owner, size, 1, 4, new RegionOps() {
            @Override public long read(long offset, int s) { return (tag | offset) & (s == 4 ? 0xffffffffL : (1L << (8 * s)) - 1); }
            @Override public void write(long offset, int s, long value) { lastWrite = value; }
        });
    }

    @Override public int configRead(int offset, int size) { return config.read(offset, size); }
    @Override public void configWrite(int offset, int size, int value) { config.write(offset, size, value); }
    @Override public Region barRegion(int index) { return regions[index]; }
}
