package org.plugboard.firmware.direct;

import org.plugboard.api.device.ConfigException;

/**
 * A range of guest memory the firmware hands out from the top down, as SeaBIOS's malloc does
 * for its high and F-segment zones.
 */
final class MemoryZone {
    private final String name;
    private final long start;
    private final long end;
    private long free;

    MemoryZone(String name, long start, long end) {
        this.name = name;
        this.start = start;
        this.end = end;
        this.free = end;
    }

    long allocate(long size, long alignment) throws ConfigException {
        if (Long.bitCount(alignment) != 1) throw new ConfigException(name + ": alignment " + alignment + " is not a power of two");
        long at = (free - size) & -alignment;
        if (size < 0 || at < start || at > free)
            throw new ConfigException(name + " (0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end) + "): no room for 0x"
                    + Long.toHexString(size) + " bytes");
        free = at;
        return at;
    }

    /** The lowest address handed out, or {@link #end()} when nothing was. */
    long lowest() {
        return free;
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }
}
