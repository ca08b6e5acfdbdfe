package org.plugboard.bus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionConflictException;

/**
 * What the I/O and memory spaces share: the list of mappings, the overlap rules, and the
 * bookkeeping that tells a subclass which address range to rebuild after a change. Changes are
 * rare (boot, BAR programming, swaps) and synchronized; look-ups go to the subclass's flat
 * tables without locks.
 */
abstract class SpaceBase implements AddressSpace {
    private final String name;
    private final long limit;
    private final List<MappingImpl> mappings = new ArrayList<>();
    private volatile int generation;

    SpaceBase(String name, long limit) {
        this.name = name;
        this.limit = limit;
    }

    @Override
    public String name() { return name; }

    public int generation() { return generation; }

    /** Recomputes the dispatch tables for [first, last]. Called with the lock held. */
    protected abstract void rebuild(long first, long last);

    @Override
    public Mapping map(Region region, long base) {
        return add(new MappingImpl(region, base, 0, false));
    }

    @Override
    public Mapping mapOverlapping(Region region, long base, int priority) {
        return add(new MappingImpl(region, base, priority, true));
    }

    protected synchronized MappingImpl add(MappingImpl m) {
        checkRange(m, m.base);
        checkConflicts(m, m.base);
        mappings.add(m);
        changed(m.base, m.last());
        return m;
    }

    private void checkRange(MappingImpl m, long base) {
        if (base < 0 || base + m.region.size() > limit || base + m.region.size() < base)
            throw new RegionConflictException(String.format("%s: %s at 0x%x (size 0x%x) is outside the %s space (0-0x%x)",
                    name, m.region, base, m.region.size(), name, limit - 1));
    }

    private void checkConflicts(MappingImpl m, long base) {
        long last = base + m.region.size() - 1;
        for (MappingImpl o : mappings) {
            if (o == m || !o.enabled) continue;
            if (o.base > last || o.last() < base) continue;
            boolean declared = (m.overlappable || o.overlappable) && m.priority != o.priority;
            if (!declared)
                throw new RegionConflictException(String.format(
                        "%s: %s [0x%x-0x%x] overlaps %s [0x%x-0x%x]; owners %s and %s both claim 0x%x-0x%x",
                        name, m.region, base, last, o.region, o.base, o.last(), m.region.owner(), o.region.owner(),
                        Math.max(base, o.base), Math.min(last, o.last())));
        }
    }

    private void changed(long first, long last) {
        rebuild(first, last);
        generation++;
    }

    /** The enabled mappings that intersect [first, last], highest priority first. Lock held. */
    protected List<MappingImpl> covering(long first, long last) {
        List<MappingImpl> out = new ArrayList<>(2);
        for (MappingImpl m : mappings)
            if (m.enabled && m.base <= last && m.last() >= first) out.add(m);
        if (out.size() > 1) out.sort(Comparator.comparingInt((MappingImpl m) -> m.priority).reversed());
        return out;
    }

    /** The enabled mapping that decodes {@code address}, or null. Lock held. */
    protected MappingImpl winner(long address) {
        MappingImpl best = null;
        for (MappingImpl m : mappings)
            if (m.enabled && m.base <= address && m.last() >= address && (best == null || m.priority > best.priority))
                best = m;
        return best;
    }

    /** The regions of every enabled mapping (to check which code the tables dispatch to). */
    public synchronized List<Region> regions() {
        List<Region> out = new ArrayList<>();
        for (MappingImpl m : mappings) if (m.enabled) out.add(m.region);
        return out;
    }

    @Override
    public synchronized List<MapEntry> entries() {
        List<MapEntry> out = new ArrayList<>();
        for (MappingImpl m : mappings)
            if (m.enabled) out.add(new MapEntry(m.base, m.last(), m.region.owner(), m.region.name(), m.priority, m.kind()));
        out.sort(Comparator.comparingLong(MapEntry::start).thenComparing(MapEntry::priority, Comparator.reverseOrder()));
        return out;
    }

    /** A region placed in this space. */
    class MappingImpl implements Mapping {
        final Region region;
        final boolean overlappable;
        final int priority;
        long base;
        boolean enabled = true;
        boolean removed;
        /** The I/O space's dispatch entry for this mapping (see IoSpace.entryFor). */
        IoSpace.PortEntry portEntry;

        MappingImpl(Region region, long base, int priority, boolean overlappable) {
            this.region = region;
            this.base = base;
            this.priority = priority;
            this.overlappable = overlappable;
        }

        long last() { return base + region.size() - 1; }

        String kind() { return name.equals("io") ? "io" : "mmio"; }

        @Override public Region region() { return region; }
        @Override public long base() { return base; }
        @Override public int priority() { return priority; }
        @Override public boolean enabled() { return enabled; }

        @Override
        public void move(long newBase) {
            synchronized (SpaceBase.this) {
                if (removed || newBase == base) { base = removed ? base : newBase; return; }
                checkRange(this, newBase);
                if (enabled) checkConflicts(this, newBase);
                long oldFirst = base, oldLast = last();
                base = newBase;
                if (enabled) {
                    changed(oldFirst, oldLast);
                    changed(base, last());
                }
            }
        }

        @Override
        public void setEnabled(boolean on) {
            synchronized (SpaceBase.this) {
                if (removed || on == enabled) return;
                if (on) checkConflicts(this, base);
                enabled = on;
                changed(base, last());
            }
        }

        @Override
        public void unmap() {
            synchronized (SpaceBase.this) {
                if (removed) return;
                removed = true;
                mappings.remove(this);
                if (enabled) changed(base, last());
                enabled = false;
            }
        }

        @Override
        public String toString() {
            return String.format("%s@0x%x", region, base);
        }
    }
}
