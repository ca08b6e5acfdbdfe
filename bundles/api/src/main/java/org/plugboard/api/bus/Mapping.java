package org.plugboard.api.bus;

/**
 * A region placed in an address space. Moving, enabling and disabling are the re-mappings that
 * chipsets and PCI BARs need; each change rebuilds the dispatch tables and may throw
 * {@link RegionConflictException} (the mapping then keeps its previous place).
 */
public interface Mapping {
    Region region();

    long base();

    int priority();

    boolean enabled();

    /** Moves the region to a new base. */
    void move(long newBase);

    void setEnabled(boolean enabled);

    /** Removes the region from its address space for good; further calls are ignored. */
    void unmap();
}
