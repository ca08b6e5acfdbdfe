package org.plugboard.applesmc;

import java.util.Arrays;

/**
 * The 64-byte OSK string the guest reads from keys OSK0 and OSK1, and where it came from. The
 * bytes never leave this object except into the key table and a state's secret field:
 * {@link #toString()} names the source only.
 */
final class Osk {
    static final int LENGTH = 64;
    static final int HALF = LENGTH / 2;

    private final byte[] bytes;
    private final String source;

    Osk(byte[] bytes, String source) {
        if (bytes.length != LENGTH)
            throw new IllegalArgumentException("an OSK is " + LENGTH + " bytes, not " + bytes.length);
        this.bytes = bytes.clone();
        this.source = source;
    }

    /** Bytes 0..31 (key OSK0) or 32..63 (key OSK1). */
    byte[] half(int which) {
        return Arrays.copyOfRange(bytes, which * HALF, (which + 1) * HALF);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** Where the key came from: {@code osk=}, {@code oskfile=PATH} or {@code osk=host}. */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return "OSK (" + LENGTH + " bytes, from " + source + ")";
    }
}
