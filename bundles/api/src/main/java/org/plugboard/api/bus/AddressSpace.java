package org.plugboard.api.bus;

import java.util.List;

/** An address space (the 64 K I/O ports, or guest-physical memory) into which regions are mapped. */
public interface AddressSpace {
    /** "io" or "memory". */
    String name();

    /**
     * Maps a region at {@code base}.
     *
     * @throws RegionConflictException if it overlaps an existing mapping; the message names both
     *                                  owners and the range
     */
    Mapping map(Region region, long base);

    /**
     * Maps a region that may overlap others (PCI BARs during sizing, shadow windows): where
     * mappings overlap the higher priority decodes; two overlapping mappings of equal priority
     * are still a conflict.
     */
    Mapping mapOverlapping(Region region, long base, int priority);

    /** An access as the CPU makes it: split or widened to the handler's sizes. */
    long read(long address, int size);

    void write(long address, int size, long value);

    /** The current map, for the shell and for tests, sorted by base. */
    List<MapEntry> entries();

    /** One line of the address map: an enabled mapping's visible part. */
    record MapEntry(long start, long end, String owner, String name, int priority, String kind) {
        @Override
        public String toString() {
            return String.format("%016x-%016x  %-10s %s/%s", start, end, kind, owner, name);
        }
    }
}
