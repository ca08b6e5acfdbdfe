package org.plugboard.api.bus;

/**
 * One guest-physical page as the CPU sees it. For a RAM page {@link #ram} is the bank array and
 * {@link #ramOffset} the index of the page's first byte in it, so a CPU accesses the byte at page
 * offset {@code o} as {@code ram[ramOffset + o]} with no call at all. Otherwise (MMIO, holes, or
 * a page shared by several small regions) {@code ram} is null and {@link #read}/{@link #write}
 * dispatch to the handler.
 */
public abstract class PhysicalPage {
    /** The bank holding this page, or null when the page is not plain RAM. */
    public final byte[] ram;
    public final int ramOffset;
    /** False for ROM and for everything that is not RAM. */
    public final boolean writable;

    protected PhysicalPage(byte[] ram, int ramOffset, boolean writable) {
        this.ram = ram;
        this.ramOffset = ramOffset;
        this.writable = writable;
    }

    /** Reads at a full guest-physical address inside this page (size 1, 2, 4 or 8; may cross into the next page). */
    public abstract long read(long address, int size);

    public abstract void write(long address, int size, long value);
}
