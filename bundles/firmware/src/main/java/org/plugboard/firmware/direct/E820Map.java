package org.plugboard.firmware.direct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.plugboard.api.boot.BootContext.MemoryRange;

/** The e820 map the firmware reports: usable RAM with reserved ranges carved out of it. */
final class E820Map {
    static final int USABLE = 1, RESERVED = 2;

    private final List<MemoryRange> ranges = new ArrayList<>();

    E820Map(List<MemoryRange> base) {
        ranges.addAll(base);
    }

    /** Marks [base, base+length) reserved, cutting it out of the usable ranges it overlaps. */
    void reserve(long base, long length) {
        long end = base + length;
        List<MemoryRange> out = new ArrayList<>();
        for (MemoryRange r : ranges) {
            long rEnd = r.base() + r.length();
            if (r.type() != USABLE || rEnd <= base || end <= r.base()) {
                out.add(r);
                continue;
            }
            if (r.base() < base) out.add(new MemoryRange(r.base(), base - r.base(), USABLE));
            if (end < rEnd) out.add(new MemoryRange(end, rEnd - end, USABLE));
        }
        out.add(new MemoryRange(base, length, RESERVED));
        out.sort(Comparator.comparingLong(MemoryRange::base));
        ranges.clear();
        for (MemoryRange r : out) {
            MemoryRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.type() == r.type() && last.base() + last.length() >= r.base()) {
                long newEnd = Math.max(last.base() + last.length(), r.base() + r.length());
                ranges.set(ranges.size() - 1, new MemoryRange(last.base(), newEnd - last.base(), r.type()));
            } else {
                ranges.add(r);
            }
        }
    }

    List<MemoryRange> ranges() {
        return List.copyOf(ranges);
    }
}
