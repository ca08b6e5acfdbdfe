package org.plugboard.api.bus;

/**
 * Guest-physical memory: RAM windows and MMIO regions. The CPU engine reads it page by page
 * through {@link #page(long)}, caching the result until {@link #generation()} changes.
 */
public interface MemorySpace extends AddressSpace {
    int PAGE_SHIFT = 12;
    int PAGE_SIZE = 1 << PAGE_SHIFT;

    GuestRam ram();

    /**
     * Maps {@code size} bytes of guest RAM starting at {@code ramOffset} at guest-physical
     * {@code base}; with {@code readOnly} writes are dropped (ROM). {@code base}, {@code ramOffset}
     * and {@code size} are page-aligned.
     */
    Mapping mapRam(String name, String owner, long base, long ramOffset, long size, boolean readOnly, int priority);

    /**
     * Maps a read-only copy of {@code image} (firmware, option ROMs) at {@code base}; the copy
     * is padded to whole pages. The image is not part of guest RAM.
     */
    Mapping mapRom(String name, String owner, long base, byte[] image, int priority);

    /**
     * What decodes the page {@code pageNumber} (= address >>> 12). Never null: an unmapped page
     * yields a page whose handler reads all ones.
     */
    PhysicalPage page(long pageNumber);

    /** Bumped after every topology change; a CPU drops its cached translations when it moves. */
    int generation();

    /** Registers an observer told of every write that does not come from the CPU itself (DMA, loaders). */
    void addWriteObserver(MemoryWriteObserver observer);

    void removeWriteObserver(MemoryWriteObserver observer);

    /** Tells the write observers that [address, address+length) changed behind the CPU's back. */
    void notifyWritten(long address, long length);
}
