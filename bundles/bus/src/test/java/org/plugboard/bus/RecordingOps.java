package org.plugboard.bus;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;

/**
 * A region handler backed by a little byte array that records every access it receives as
 * {@code r<offset>:<size>} or {@code w<offset>:<size>=<hex value>}, so a test can assert exactly
 * what the bus delivered.
 */
final class RecordingOps implements RegionOps {
    final byte[] cells;
    private final List<String> log = new ArrayList<>();

    RecordingOps(int size) {
        cells = new byte[size];
    }

    /** A region of {@code size} bytes over a fresh recorder, taking accesses of min..max bytes. */
    static Region region(String owner, String name, int size, int min, int max) {
        return Region.of(name, owner, size, min, max, new RecordingOps(size));
    }

    static RecordingOps of(Region r) {
        return (RecordingOps) r.ops();
    }

    @Override
    public long read(long offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (cells[(int) offset + i] & 0xff);
        log.add("r" + Long.toHexString(offset) + ":" + size);
        return v;
    }

    @Override
    public void write(long offset, int size, long value) {
        for (int i = 0; i < size; i++) cells[(int) offset + i] = (byte) (value >>> (8 * i));
        log.add("w" + Long.toHexString(offset) + ":" + size + "=" + Long.toHexString(value));
    }

    /** The accesses so far, oldest first; clears the log. */
    List<String> take() {
        List<String> out = List.copyOf(log);
        log.clear();
        return out;
    }

    /** Fills the backing bytes with 0x00, 0x11, 0x22, ... so every byte position is recognisable. */
    RecordingOps pattern() {
        for (int i = 0; i < cells.length; i++) cells[i] = (byte) (i * 0x11);
        return this;
    }
}
