package org.plugboard.firmware.aml;

/**
 * The variable-length size that precedes the body of a Scope, Device, Method, Buffer or Package.
 * The encoded value counts the PkgLength bytes themselves: one byte holds up to 63; longer
 * lengths use a lead byte whose bits 7-6 give the number of following bytes and whose bits 3-0
 * hold the lowest nibble, the following bytes holding the rest, least significant first.
 */
public final class PkgLength {
    /** The largest encodable value (28 bits). */
    public static final int MAX = (1 << 28) - 1;

    private PkgLength() {
    }

    /**
     * A bare value in the PkgLength format, not counting its own bytes: how a Field gives the
     * width of each field unit in bits.
     */
    public static byte[] encodeValue(int value) {
        if (value < 0 || value > MAX) throw new IllegalArgumentException("PkgLength value " + value + " out of range");
        if (value <= 0x3f) return new byte[] {(byte) value};
        int extra = value < 1 << 12 ? 1 : value < 1 << 20 ? 2 : 3;
        byte[] b = new byte[1 + extra];
        b[0] = (byte) ((extra << 6) | (value & 0x0f));
        for (int i = 1; i <= extra; i++) b[i] = (byte) (value >>> (4 + 8 * (i - 1)));
        return b;
    }

    /** The PkgLength for {@code contentLength} bytes that follow it. */
    public static byte[] encode(int contentLength) {
        if (contentLength < 0) throw new IllegalArgumentException("negative AML package length " + contentLength);
        for (int extra = 0; extra <= 3; extra++) {
            int total = contentLength + 1 + extra;
            if (extra == 0) {
                if (total <= 0x3f) return new byte[] {(byte) total};
            } else if (total < 1 << (4 + 8 * extra)) {
                byte[] b = new byte[1 + extra];
                b[0] = (byte) ((extra << 6) | (total & 0x0f));
                for (int i = 1; i <= extra; i++) b[i] = (byte) (total >>> (4 + 8 * (i - 1)));
                return b;
            }
        }
        throw new IllegalArgumentException("AML package of " + contentLength + " bytes is longer than " + MAX);
    }

    /** Decodes the PkgLength at {@code offset}: the value (which counts its own bytes). */
    public static int decode(byte[] aml, int offset) {
        int lead = aml[offset] & 0xff;
        int extra = lead >>> 6;
        if (extra == 0) return lead & 0x3f;
        int value = lead & 0x0f;
        for (int i = 1; i <= extra; i++) value |= (aml[offset + i] & 0xff) << (4 + 8 * (i - 1));
        return value;
    }

    /** How many bytes the PkgLength at {@code offset} occupies. */
    public static int size(byte[] aml, int offset) {
        return 1 + ((aml[offset] & 0xff) >>> 6);
    }
}
