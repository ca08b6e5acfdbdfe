package org.plugboard.chipset.piix.pci;

import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region the guest places by programming a base register (a BAR, a PM or SMBus base): one
 * mapping, created on first use and then moved, shown and hidden, so reprogramming never piles
 * up mappings. A place that collides with an equal-priority mapping leaves the region dark
 * (logged) until the guest moves it again, instead of failing the guest's register write.
 */
public final class Relocatable {
    private static final Logger LOG = LoggerFactory.getLogger(Relocatable.class);

    private final AddressSpace space;
    private final Region region;
    private final int priority;
    private Mapping mapping;
    private long base = -1;

    public Relocatable(AddressSpace space, Region region, int priority) {
        this.space = space;
        this.region = region;
        this.priority = priority;
    }

    public Region region() { return region; }

    /** Where the region decodes now, or -1. */
    public long base() { return base; }

    /** Decodes at {@code address}, or nowhere when it is negative. */
    public void placeAt(long address) {
        if (address < 0) {
            hide();
            return;
        }
        if (address == base) return;
        try {
            if (mapping == null) {
                mapping = space.mapOverlapping(region, address, priority);
            } else {
                mapping.setEnabled(false);
                mapping.move(address);
                mapping.setEnabled(true);
            }
            base = address;
        } catch (RegionConflictException e) {
            base = -1;
            LOG.warn("{} not decoded at 0x{}: {}", region, Long.toHexString(address), e.getMessage());
        }
    }

    public void hide() {
        if (mapping != null) mapping.setEnabled(false);
        base = -1;
    }

    /** Removes the mapping for good. */
    public void unmap() {
        if (mapping != null) mapping.unmap();
        mapping = null;
        base = -1;
    }
}
