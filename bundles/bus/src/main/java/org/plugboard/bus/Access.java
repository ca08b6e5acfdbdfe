package org.plugboard.bus;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;

/**
 * Adapts an access to the sizes a region's handler implements: wider accesses are split into
 * little-endian pieces, narrower ones widened to the enclosing aligned unit (read-modify-write
 * for stores). The handler never sees a size it did not declare.
 */
final class Access {
    private Access() {
    }

    static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    static long read(Region r, long offset, int size) {
        RegionOps ops = r.ops();
        if (size >= r.minAccess() && size <= r.maxAccess()) return ops.read(offset, size) & mask(size);
        if (size > r.maxAccess()) {
            int piece = r.maxAccess();
            long v = 0;
            for (int i = 0; i < size; i += piece) v |= (read(r, offset + i, piece) & mask(piece)) << (8 * i);
            return v;
        }
        int unit = r.minAccess();
        long aligned = offset & ~(long) (unit - 1);
        int shift = (int) (offset - aligned) * 8;
        if (offset - aligned + size > unit) { // straddles two units: do it byte by byte
            long v = 0;
            for (int i = 0; i < size; i++) v |= read(r, offset + i, 1) << (8 * i);
            return v;
        }
        return (ops.read(aligned, unit) >>> shift) & mask(size);
    }

    static void write(Region r, long offset, int size, long value) {
        RegionOps ops = r.ops();
        if (size >= r.minAccess() && size <= r.maxAccess()) {
            ops.write(offset, size, value & mask(size));
            return;
        }
        if (size > r.maxAccess()) {
            int piece = r.maxAccess();
            for (int i = 0; i < size; i += piece) write(r, offset + i, piece, value >>> (8 * i));
            return;
        }
        int unit = r.minAccess();
        long aligned = offset & ~(long) (unit - 1);
        if (offset - aligned + size > unit) {
            for (int i = 0; i < size; i++) write(r, offset + i, 1, value >>> (8 * i));
            return;
        }
        int shift = (int) (offset - aligned) * 8;
        long m = mask(size) << shift;
        long old = ops.read(aligned, unit);
        ops.write(aligned, unit, ((old & ~m) | ((value << shift) & m)) & mask(unit));
    }
}
