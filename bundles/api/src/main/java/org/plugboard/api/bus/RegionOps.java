package org.plugboard.api.bus;

/**
 * The handler behind a {@link Region}. Offsets are relative to the region's start; {@code size}
 * is one of 1, 2, 4 or 8 and always within the region's declared access sizes. Values are
 * little-endian, zero-extended into the {@code long}.
 */
public interface RegionOps {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
