package org.plugboard.bootloader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.device.ConfigException;

/**
 * Where a loader puts things in guest-physical memory. Starts from the usable (type 1) ranges
 * of the e820 map and hands out pieces of it, so that the kernel, modules, initrd and boot
 * structures never overlap each other nor a RAM hole. Every claim carries a description that
 * ends up in the error message when something does not fit.
 */
final class RamPlan {
    static final int E820_USABLE = 1;
    static final long PAGE = 4096;
    static final long LIMIT_4G = 1L << 32;
    static final long HIGH_MEMORY = 0x100000;
    /**
     * Boot structures (multiboot information, zero page, command line) go as low as possible from
     * here, as QEMU's do: the IVT, BIOS data area and boot sector area below stay intact.
     */
    static final long BOOT_DATA_START = 0x9000;

    private record Claim(long base, long end, String what) {
    }

    private final List<MemoryRange> usable = new ArrayList<>();
    private final List<Claim> claims = new ArrayList<>();

    RamPlan(List<MemoryRange> memoryMap) {
        memoryMap.stream().filter(r -> r.type() == E820_USABLE && r.length() > 0)
                .sorted(Comparator.comparingLong(MemoryRange::base)).forEach(this::addUsable);
        // where a map lists a range twice, the reserved entry wins, as the kernel's e820 code decides
        memoryMap.stream().filter(r -> r.type() != E820_USABLE && r.length() > 0).forEach(this::removeUsable);
    }

    /** Adds a usable range, merging it with the previous one when they touch. */
    private void addUsable(MemoryRange r) {
        if (!usable.isEmpty()) {
            MemoryRange last = usable.get(usable.size() - 1);
            if (r.base() <= last.base() + last.length()) {
                long end = Math.max(last.base() + last.length(), r.base() + r.length());
                usable.set(usable.size() - 1, new MemoryRange(last.base(), end - last.base(), E820_USABLE));
                return;
            }
        }
        usable.add(r);
    }

    /** Cuts a non-usable range out of the usable ones. */
    private void removeUsable(MemoryRange reserved) {
        long cutStart = reserved.base(), cutEnd = reserved.base() + reserved.length();
        List<MemoryRange> remaining = new ArrayList<>();
        for (MemoryRange r : usable) {
            long end = r.base() + r.length();
            if (r.base() < cutStart) remaining.add(new MemoryRange(r.base(), Math.min(end, cutStart) - r.base(), E820_USABLE));
            if (end > cutEnd) remaining.add(new MemoryRange(Math.max(r.base(), cutEnd), end - Math.max(r.base(), cutEnd), E820_USABLE));
        }
        usable.clear();
        usable.addAll(remaining);
    }

    /** The length of the usable RAM that starts at {@code base} and runs without a hole (0 if none does). */
    long contiguousFrom(long base) {
        for (MemoryRange r : usable) {
            if (r.base() <= base && base < r.base() + r.length()) return r.base() + r.length() - base;
        }
        return 0;
    }

    /** Reserves exactly {@code [base, base + length)}, which must be unclaimed usable RAM. */
    void claim(long base, long length, String what) throws ConfigException {
        if (length == 0) return;
        long end = base + length;
        if (base < 0 || end < base || contiguousFrom(base) < length) {
            throw new ConfigException(String.format("%s at %s does not fit in RAM: %s", what, span(base, end), describeRam()));
        }
        Claim other = overlapping(base, length);
        if (other != null) {
            throw new ConfigException(String.format("%s at %s overlaps %s at %s", what, span(base, end), other.what,
                    span(other.base, other.end)));
        }
        record(base, length, what);
    }

    /** Claims the lowest aligned free block of {@code length} bytes inside {@code [from, to)}. */
    long claimLowest(long from, long to, long length, long alignment, String what) throws ConfigException {
        for (MemoryRange r : usable) {
            long top = Math.min(to, r.base() + r.length());
            long candidate = Bytes.alignUp(Math.max(from, r.base()), alignment);
            while (candidate + length <= top) {
                Claim blocker = overlapping(candidate, length);
                if (blocker == null) return record(candidate, length, what);
                candidate = Bytes.alignUp(blocker.end, alignment);
            }
        }
        throw noRoom(from, to, length, what);
    }

    /** Claims the highest aligned free block of {@code length} bytes inside {@code [from, to)}. */
    long claimHighest(long from, long to, long length, long alignment, String what) throws ConfigException {
        for (int i = usable.size() - 1; i >= 0; i--) {
            MemoryRange r = usable.get(i);
            long bottom = Math.max(from, r.base());
            long candidate = Bytes.alignDown(Math.min(to, r.base() + r.length()) - length, alignment);
            while (candidate >= bottom) {
                Claim blocker = overlapping(candidate, length);
                if (blocker == null) return record(candidate, length, what);
                candidate = Bytes.alignDown(blocker.base - length, alignment);
            }
        }
        throw noRoom(from, to, length, what);
    }

    private long record(long base, long length, String what) {
        claims.add(new Claim(base, base + length, what));
        return base;
    }

    /** A claim that overlaps {@code [base, base + length)}, or null. */
    private Claim overlapping(long base, long length) {
        for (Claim c : claims) {
            if (base < c.end && c.base < base + length) return c;
        }
        return null;
    }

    private ConfigException noRoom(long from, long to, long length, String what) {
        return new ConfigException(String.format("no room for %s (%d bytes) in %s: %s%s", what, length, span(from, to),
                describeRam(), claims.isEmpty() ? "" : "; already used: " + describeClaims()));
    }

    private String describeRam() {
        if (usable.isEmpty()) return "the memory map has no usable RAM";
        StringBuilder s = new StringBuilder("usable RAM is");
        for (MemoryRange r : usable) s.append(' ').append(span(r.base(), r.base() + r.length()));
        return s.toString();
    }

    private String describeClaims() {
        StringBuilder s = new StringBuilder();
        for (Claim c : claims) s.append(s.length() == 0 ? "" : ", ").append(c.what).append(' ').append(span(c.base, c.end));
        return s.toString();
    }

    static String span(long base, long end) {
        return String.format("%#x-%#x", base, end - 1);
    }
}
