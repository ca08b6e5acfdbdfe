package org.plugboard.bootloader;

import java.nio.charset.StandardCharsets;

/** Little-endian field access on byte arrays, for images and for structures built for the guest. */
final class Bytes {
    private Bytes() {
    }

    static long u32(byte[] b, int offset) {
        return (b[offset] & 0xffL) | (b[offset + 1] & 0xffL) << 8 | (b[offset + 2] & 0xffL) << 16
                | (b[offset + 3] & 0xffL) << 24;
    }

    static void put16(byte[] b, int offset, int value) {
        b[offset] = (byte) value;
        b[offset + 1] = (byte) (value >>> 8);
    }

    static void put32(byte[] b, int offset, long value) {
        for (int i = 0; i < 4; i++) b[offset + i] = (byte) (value >>> (8 * i));
    }

    static void put64(byte[] b, int offset, long value) {
        for (int i = 0; i < 8; i++) b[offset + i] = (byte) (value >>> (8 * i));
    }

    /** The string as the guest sees it: UTF-8 bytes with a terminating NUL. */
    static byte[] cString(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        System.arraycopy(text, 0, out, 0, text.length);
        return out;
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    static long alignDown(long value, long alignment) {
        return value & -alignment;
    }
}
