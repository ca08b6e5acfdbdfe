package org.plugboard.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.plugboard.api.bus.GuestRam;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.MemoryWriteObserver;
import org.plugboard.api.bus.PhysicalPage;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;

/**
 * Guest-physical memory (up to 1 TiB) with a two-level page table of {@link PhysicalPage}s:
 * a RAM page hands the CPU its bank array, an MMIO page its handler, and a page shared by
 * several small regions (IOAPIC, HPET, sub-page BARs) a short list to search.
 */
public final class PhysicalMemory extends SpaceBase implements MemorySpace {
    private static final int PAGE_BITS = PAGE_SHIFT;
    private static final int LEAF_BITS = 10;
    private static final int ADDRESS_BITS = 40;
    private static final int DIR_SIZE = 1 << (ADDRESS_BITS - PAGE_BITS - LEAF_BITS);

    private final Ram ram;
    private final PhysicalPage[][] directory = new PhysicalPage[DIR_SIZE][];
    private final PhysicalPage unmapped = new UnmappedPage();
    private final List<MemoryWriteObserver> observers = new CopyOnWriteArrayList<>();

    public PhysicalMemory(Ram ram) {
        super("memory", 1L << ADDRESS_BITS);
        this.ram = ram;
    }

    @Override
    public GuestRam ram() { return ram; }

    @Override
    public int generation() { return super.generation(); }

    @Override
    public PhysicalPage page(long pageNumber) {
        if ((pageNumber >>> (ADDRESS_BITS - PAGE_BITS)) != 0) return unmapped;
        PhysicalPage[] leaf = directory[(int) (pageNumber >>> LEAF_BITS)];
        if (leaf == null) return unmapped;
        PhysicalPage p = leaf[(int) (pageNumber & ((1 << LEAF_BITS) - 1))];
        return p == null ? unmapped : p;
    }

    @Override
    public Mapping mapRam(String name, String owner, long base, long ramOffset, long size, boolean readOnly, int priority) {
        if (((base | ramOffset | size) & (PAGE_SIZE - 1)) != 0)
            throw new IllegalArgumentException("RAM window " + name + " is not page-aligned");
        if (ramOffset < 0 || ramOffset + size > ram.size())
            throw new IllegalArgumentException("RAM window " + name + " [0x" + Long.toHexString(ramOffset) + "+0x"
                    + Long.toHexString(size) + "] is outside RAM of 0x" + Long.toHexString(ram.size()));
        Region r = Region.of(name, owner, size, 1, 8, new RamOps(ramOffset, readOnly));
        return add(new BackedMapping(r, base, priority, null, ramOffset, readOnly));
    }

    @Override
    public Mapping mapRom(String name, String owner, long base, byte[] image, int priority) {
        if ((base & (PAGE_SIZE - 1)) != 0) throw new IllegalArgumentException("ROM " + name + " is not page-aligned");
        byte[] copy = java.util.Arrays.copyOf(image, (image.length + PAGE_SIZE - 1) & -PAGE_SIZE);
        Region r = Region.of(name, owner, copy.length, 1, 8, new ArrayOps(copy, 0, true));
        return add(new BackedMapping(r, base, priority, copy, 0, true));
    }

    @Override
    protected void rebuild(long first, long last) {
        for (long pn = first >>> PAGE_BITS; pn <= last >>> PAGE_BITS; pn++) {
            long start = pn << PAGE_BITS, end = start + PAGE_SIZE - 1;
            List<MappingImpl> cover = covering(start, end);
            PhysicalPage page;
            if (cover.isEmpty()) page = null;
            else if (decodesWholePage(cover, start, end)) page = pageFor(cover.get(0), start);
            else page = new SharedPage(resolve(start, end));
            int dir = (int) (pn >>> LEAF_BITS);
            if (directory[dir] == null) {
                if (page == null) continue;
                directory[dir] = new PhysicalPage[1 << LEAF_BITS];
            }
            directory[dir][(int) (pn & ((1 << LEAF_BITS) - 1))] = page;
        }
    }

    /** The top mapping covers the page and nothing above it shares the page. */
    private static boolean decodesWholePage(List<MappingImpl> cover, long start, long end) {
        MappingImpl top = cover.get(0);
        if (top.base > start || top.last() < end) return false;
        return cover.size() == 1 || cover.get(1).priority < top.priority;
    }

    private PhysicalPage pageFor(MappingImpl m, long pageStart) {
        if (m instanceof BackedMapping) {
            BackedMapping r = (BackedMapping) m;
            long off = r.offset + (pageStart - m.base);
            if (r.image != null) return new RamPage(r.image, (int) off, false, pageStart);
            return new RamPage(ram.bank((int) (off >>> GuestRam.BANK_SHIFT)), (int) (off & (GuestRam.BANK_SIZE - 1)),
                    !r.readOnly, pageStart);
        }
        return new MmioPage(m.region, m.base);
    }

    /**
     * Splits a page into the runs each winning mapping decodes. Only the mappings' edges can
     * change the winner, so one look-up per run between edges is enough.
     */
    private Segment[] resolve(long start, long end) {
        java.util.TreeSet<Long> edges = new java.util.TreeSet<>();
        edges.add(start);
        for (MappingImpl m : covering(start, end)) {
            if (m.base > start) edges.add(m.base);
            if (m.last() < end) edges.add(m.last() + 1);
        }
        List<Segment> segs = new ArrayList<>();
        Long[] at = edges.toArray(new Long[0]);
        for (int i = 0; i < at.length; i++) {
            long first = at[i], last = i + 1 < at.length ? at[i + 1] - 1 : end;
            MappingImpl w = winner(first);
            if (w == null) continue;
            Segment prev = segs.isEmpty() ? null : segs.get(segs.size() - 1);
            if (prev != null && prev.region == w.region && prev.base == w.base && prev.last + 1 == first)
                segs.set(segs.size() - 1, new Segment(prev.first, last, w.region, w.base));
            else segs.add(new Segment(first, last, w.region, w.base));
        }
        return segs.toArray(new Segment[0]);
    }

    // --- accesses that do not come from a CPU's direct RAM path ---

    @Override
    public long read(long address, int size) {
        if ((address & (PAGE_SIZE - 1)) + size <= PAGE_SIZE) return page(address >>> PAGE_BITS).read(address, size);
        long v = 0;
        for (int i = 0; i < size; i++) v |= (page((address + i) >>> PAGE_BITS).read(address + i, 1) & 0xff) << (8 * i);
        return v;
    }

    @Override
    public void write(long address, int size, long value) {
        if ((address & (PAGE_SIZE - 1)) + size <= PAGE_SIZE) {
            page(address >>> PAGE_BITS).write(address, size, value);
            return;
        }
        for (int i = 0; i < size; i++) page((address + i) >>> PAGE_BITS).write(address + i, 1, value >>> (8 * i));
    }

    @Override
    public void addWriteObserver(MemoryWriteObserver observer) { observers.add(observer); }

    @Override
    public void removeWriteObserver(MemoryWriteObserver observer) { observers.remove(observer); }

    @Override
    public void notifyWritten(long address, long length) {
        for (MemoryWriteObserver o : observers) o.written(address, length);
    }

    // --- page kinds ---

    static long readLE(byte[] a, int i, int size) {
        long v = 0;
        for (int k = size - 1; k >= 0; k--) v = (v << 8) | (a[i + k] & 0xff);
        return v;
    }

    static void writeLE(byte[] a, int i, int size, long value) {
        for (int k = 0; k < size; k++) a[i + k] = (byte) (value >>> (8 * k));
    }

    private final class RamPage extends PhysicalPage {
        private final long start;

        RamPage(byte[] bank, int offset, boolean writable, long start) {
            super(bank, offset, writable);
            this.start = start;
        }

        @Override
        public long read(long address, int size) {
            int o = (int) (address - start);
            if (o + size > PAGE_SIZE) return PhysicalMemory.this.read(address, size);
            return readLE(ram, ramOffset + o, size);
        }

        @Override
        public void write(long address, int size, long value) {
            int o = (int) (address - start);
            if (o + size > PAGE_SIZE) { PhysicalMemory.this.write(address, size, value); return; }
            if (writable) writeLE(ram, ramOffset + o, size, value);
        }
    }

    private final class MmioPage extends PhysicalPage {
        private final Region region;
        private final long base;

        MmioPage(Region region, long base) {
            super(null, 0, false);
            this.region = region;
            this.base = base;
        }

        @Override
        public long read(long address, int size) {
            if (((address & (PAGE_SIZE - 1)) + size) > PAGE_SIZE) return PhysicalMemory.this.read(address, size);
            return Access.read(region, address - base, size);
        }

        @Override
        public void write(long address, int size, long value) {
            if (((address & (PAGE_SIZE - 1)) + size) > PAGE_SIZE) { PhysicalMemory.this.write(address, size, value); return; }
            Access.write(region, address - base, size, value);
        }
    }

    private record Segment(long first, long last, Region region, long base) {
    }

    private final class SharedPage extends PhysicalPage {
        private final Segment[] segments;

        SharedPage(Segment[] segments) {
            super(null, 0, false);
            this.segments = segments;
        }

        private Segment find(long address) {
            for (Segment s : segments) if (address >= s.first && address <= s.last) return s;
            return null;
        }

        @Override
        public long read(long address, int size) {
            Segment s = find(address);
            if (s != null && address + size - 1 <= s.last) return Access.read(s.region, address - s.base, size);
            if (size == 1) return 0xff;
            long v = 0;
            for (int i = 0; i < size; i++) v |= (PhysicalMemory.this.read(address + i, 1) & 0xff) << (8 * i);
            return v;
        }

        @Override
        public void write(long address, int size, long value) {
            Segment s = find(address);
            if (s != null && address + size - 1 <= s.last) { Access.write(s.region, address - s.base, size, value); return; }
            if (size == 1) return;
            for (int i = 0; i < size; i++) PhysicalMemory.this.write(address + i, 1, value >>> (8 * i));
        }
    }

    private static final class UnmappedPage extends PhysicalPage {
        UnmappedPage() {
            super(null, 0, false);
        }

        @Override
        public long read(long address, int size) { return Access.mask(size); }

        @Override
        public void write(long address, int size, long value) { }
    }

    /** Region ops for a RAM window, used only where a RAM window is not the sole decoder of a page. */
    private final class RamOps implements RegionOps {
        private final long ramOffset;
        private final boolean readOnly;

        RamOps(long ramOffset, boolean readOnly) {
            this.ramOffset = ramOffset;
            this.readOnly = readOnly;
        }

        @Override
        public long read(long offset, int size) {
            long o = ramOffset + offset;
            return readLE(ram.bank((int) (o >>> GuestRam.BANK_SHIFT)), (int) (o & (GuestRam.BANK_SIZE - 1)), size);
        }

        @Override
        public void write(long offset, int size, long value) {
            if (readOnly) return;
            long o = ramOffset + offset;
            writeLE(ram.bank((int) (o >>> GuestRam.BANK_SHIFT)), (int) (o & (GuestRam.BANK_SIZE - 1)), size, value);
        }
    }

    /** Region ops over a ROM image's own array. */
    private static final class ArrayOps implements RegionOps {
        private final byte[] array;
        private final int base;
        private final boolean readOnly;

        ArrayOps(byte[] array, int base, boolean readOnly) {
            this.array = array;
            this.base = base;
            this.readOnly = readOnly;
        }

        @Override
        public long read(long offset, int size) { return readLE(array, base + (int) offset, size); }

        @Override
        public void write(long offset, int size, long value) {
            if (!readOnly) writeLE(array, base + (int) offset, size, value);
        }
    }

    /** A window of guest RAM ({@code image == null}, offset into RAM) or of a ROM image. */
    private final class BackedMapping extends MappingImpl {
        final byte[] image;
        final long offset;
        final boolean readOnly;

        BackedMapping(Region region, long base, int priority, byte[] image, long offset, boolean readOnly) {
            super(region, base, priority, true);
            this.image = image;
            this.offset = offset;
            this.readOnly = readOnly;
        }

        @Override
        String kind() { return readOnly ? "rom" : "ram"; }
    }
}
