package org.plugboard.firmware.direct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.direct.PciBar.Kind;

/**
 * Assigns addresses to bus 0's BARs as SeaBIOS 1.16's pciinit does on QEMU: each resource kind
 * is one region whose BARs go largest first (so each is aligned to its size once the region is
 * aligned to its largest); I/O starts at 0xc000 (at 0x1000 when 16 KiB do not fit there);
 * the two memory regions sit at the top of the 32-bit window, which ends where the IOAPIC
 * starts, the region with the smaller alignment uppermost. Memory BARs take at least 4 KiB,
 * I/O BARs at least 4 bytes. When the 32-bit window is too small, the 64-bit BARs move above
 * 4 GiB and the rest is placed again.
 */
final class BarAllocator {
    static final long IO_START = 0xc000, IO_LOW_START = 0x1000, IO_HIGH_SPACE = 0x4000, IO_END = 0x10000;
    static final long MEMORY_END = 0xfec00000L;
    static final long MEMORY_MIN = 0x1000, IO_MIN = 4;

    private final long memoryStart;
    private final long above4gStart;

    /**
     * @param memoryStart  where the 32-bit window starts (SeaBIOS on the i440FX: 2 GiB, or 3 GiB with more RAM)
     * @param above4gStart the first address above RAM above 4 GiB, for 64-bit BARs that do not fit below
     */
    BarAllocator(long memoryStart, long above4gStart) {
        this.memoryStart = memoryStart;
        this.above4gStart = above4gStart;
    }

    /** Every BAR's address, in the order given. */
    Map<PciBar, Long> assign(List<PciBar> bars) throws ConfigException {
        Map<PciBar, Long> out = new LinkedHashMap<>();
        List<PciBar> io = of(bars, b -> b.kind() == Kind.IO);
        long ioSum = sum(io);
        long ioBase = ioSum <= IO_HIGH_SPACE ? IO_START : IO_LOW_START;
        if (ioBase + ioSum > IO_END) throw new ConfigException("PCI I/O BARs need 0x" + Long.toHexString(ioSum) + " ports: more than the I/O space has");
        place(io, ioBase, out);

        List<PciBar> memory = of(bars, b -> b.kind() != Kind.IO);
        if (!placeBelow4g(memory, out)) {
            List<PciBar> high = of(memory, PciBar::wide);
            List<PciBar> low = of(memory, b -> !b.wide());
            if (high.isEmpty() || !placeBelow4g(low, out))
                throw new ConfigException("PCI memory BARs need 0x" + Long.toHexString(sum(memory)) + " bytes: more than the window 0x"
                        + Long.toHexString(memoryStart) + "-0x" + Long.toHexString(MEMORY_END) + " has");
            long base = above4gStart;
            for (Kind k : new Kind[] {Kind.MEMORY, Kind.PREFETCHABLE}) {
                List<PciBar> region = of(high, b -> b.kind() == k);
                base = alignUp(base, alignment(region));
                place(region, base, out);
                base += sum(region);
            }
        }
        Map<PciBar, Long> ordered = new LinkedHashMap<>();
        for (PciBar b : bars) ordered.put(b, out.get(b));
        return ordered;
    }

    private boolean placeBelow4g(List<PciBar> memory, Map<PciBar, Long> out) {
        List<PciBar> upper = of(memory, b -> b.kind() == Kind.PREFETCHABLE);
        List<PciBar> lower = of(memory, b -> b.kind() == Kind.MEMORY);
        if (alignment(lower) < alignment(upper)) {
            List<PciBar> t = upper;
            upper = lower;
            lower = t;
        }
        long upperBase = alignDown(MEMORY_END - sum(upper), alignment(upper));
        long lowerBase = alignDown(upperBase - sum(lower), alignment(lower));
        if (lowerBase < memoryStart) return false;
        place(upper, upperBase, out);
        place(lower, lowerBase, out);
        return true;
    }

    private static void place(List<PciBar> region, long base, Map<PciBar, Long> out) {
        long at = base;
        for (PciBar b : region) {
            out.put(b, at);
            at += footprint(b);
        }
    }

    /** The BARs that match, largest first (a stable sort keeps enumeration order among equals). */
    private static List<PciBar> of(List<PciBar> bars, java.util.function.Predicate<PciBar> which) {
        List<PciBar> out = new ArrayList<>();
        for (PciBar b : bars) if (which.test(b)) out.add(b);
        out.sort(Comparator.comparingLong(BarAllocator::footprint).reversed());
        return out;
    }

    static long footprint(PciBar b) {
        return Math.max(b.size(), b.kind() == Kind.IO ? IO_MIN : MEMORY_MIN);
    }

    private static long sum(List<PciBar> region) {
        long s = 0;
        for (PciBar b : region) s += footprint(b);
        return s;
    }

    private static long alignment(List<PciBar> region) {
        return region.isEmpty() ? 1 : footprint(region.get(0));
    }

    private static long alignDown(long v, long a) {
        return v & -a;
    }

    private static long alignUp(long v, long a) {
        return (v + a - 1) & -a;
    }
}
