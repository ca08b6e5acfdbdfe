package org.plugboard.pc.support;

/** Packed binary-coded decimal, as the PIT counters and the RTC registers use it. */
public final class Bcd {
    private Bcd() {
    }

    /** 0..99 to one BCD byte. */
    public static int toBcd8(int v) {
        return (v / 10 % 10) << 4 | v % 10;
    }

    /** One BCD byte to binary; invalid nibbles are taken at face value, as the chips do. */
    public static int fromBcd8(int b) {
        return ((b >> 4) & 0xf) * 10 + (b & 0xf);
    }

    /** 0..9999 to four BCD digits. */
    public static int toBcd16(int v) {
        return toBcd8(v / 100 % 100) << 8 | toBcd8(v % 100);
    }

    public static int fromBcd16(int b) {
        return fromBcd8((b >> 8) & 0xff) * 100 + fromBcd8(b & 0xff);
    }
}
