package org.plugboard.machine;

import java.util.List;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;

/** An address space as one device sees it: every mapping it makes is remembered so it can be undone. */
class TrackingSpace implements AddressSpace {
    private final AddressSpace space;
    protected final List<Mapping> made;

    TrackingSpace(AddressSpace space, List<Mapping> made) {
        this.space = space;
        this.made = made;
    }

    protected <M extends Mapping> M track(M m) {
        made.add(m);
        return m;
    }

    @Override public String name() { return space.name(); }
    @Override public Mapping map(Region region, long base) { return track(space.map(region, base)); }
    @Override public Mapping mapOverlapping(Region region, long base, int priority) { return track(space.mapOverlapping(region, base, priority)); }
    @Override public long read(long address, int size) { return space.read(address, size); }
    @Override public void write(long address, int size, long value) { space.write(address, size, value); }
    @Override public List<MapEntry> entries() { return space.entries(); }
}
