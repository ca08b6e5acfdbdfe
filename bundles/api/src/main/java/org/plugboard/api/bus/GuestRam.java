package org.plugboard.api.bus;

/**
 * The machine's RAM as byte-array banks of {@link #BANK_SIZE} bytes. Offsets here are RAM
 * offsets, not guest-physical addresses: the chipset decides where windows of RAM appear.
 */
public interface GuestRam {
    int BANK_SHIFT = 28;
    /** 256 MiB: large enough that most guests live in one array, small enough to allocate. */
    int BANK_SIZE = 1 << BANK_SHIFT;

    long size();

    /** The bank with index {@code offset >>> BANK_SHIFT}. */
    byte[] bank(int index);

    /** Copies out of RAM; throws IndexOutOfBoundsException outside it. */
    void read(long offset, byte[] dst, int dstOff, int length);

    void write(long offset, byte[] src, int srcOff, int length);
}
