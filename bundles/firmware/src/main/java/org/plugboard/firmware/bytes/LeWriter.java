package org.plugboard.firmware.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for building firmware tables: appends fixed-width
 * fields, fixed-width ASCII fields, and patches fields already written.
 */
public final class LeWriter {
    private byte[] data = new byte[256];
    private int size;

    public int size() { return size; }

    public LeWriter u8(int v) { return le(v, 1); }

    public LeWriter u16(int v) { return le(v, 2); }

    public LeWriter u32(long v) { return le(v, 4); }

    public LeWriter u64(long v) { return le(v, 8); }

    /** Appends the low {@code bytes} bytes of {@code v}, least significant first. */
    public LeWriter le(long v, int bytes) {
        ensure(size + bytes);
        for (int i = 0; i < bytes; i++) data[size++] = (byte) (v >>> (8 * i));
        return this;
    }

    public LeWriter bytes(byte[] b) {
        ensure(size + b.length);
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
        return this;
    }

    /** Appends {@code s} as ASCII in exactly {@code width} bytes, padded with {@code pad}; too long is an error. */
    public LeWriter ascii(String s, int width, char pad) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > width) throw new IllegalArgumentException("'" + s + "' is longer than " + width + " bytes");
        bytes(b);
        for (int i = b.length; i < width; i++) u8(pad);
        return this;
    }

    /** Appends zero bytes. */
    public LeWriter zeros(int n) {
        ensure(size + n);
        size += n;
        return this;
    }

    /** Appends zeros until the size is a multiple of {@code alignment}. */
    public LeWriter align(int alignment) {
        return zeros((alignment - size % alignment) % alignment);
    }

    /** Overwrites {@code bytes} bytes at {@code offset} with {@code v}. */
    public LeWriter patch(int offset, long v, int bytes) {
        if (offset < 0 || offset + bytes > size) throw new IndexOutOfBoundsException("patch at " + offset + " beyond " + size);
        for (int i = 0; i < bytes; i++) data[offset + i] = (byte) (v >>> (8 * i));
        return this;
    }

    public byte[] toArray() {
        return Arrays.copyOf(data, size);
    }

    private void ensure(int capacity) {
        if (capacity > data.length) data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
    }

    /** Reads a little-endian unsigned value of {@code bytes} bytes. */
    public static long read(byte[] b, int offset, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) v |= (b[offset + i] & 0xffL) << (8 * i);
        return v;
    }

    /** Writes {@code v} little-endian into {@code bytes} bytes of {@code b} at {@code offset}. */
    public static void write(byte[] b, int offset, long v, int bytes) {
        for (int i = 0; i < bytes; i++) b[offset + i] = (byte) (v >>> (8 * i));
    }

    /** The byte sum of a range, modulo 256. */
    public static int sum(byte[] b, int offset, int length) {
        int s = 0;
        for (int i = 0; i < length; i++) s += b[offset + i];
        return s & 0xff;
    }

    /** Sets {@code b[checksumOffset]} so that the range sums to zero modulo 256. */
    public static void fixChecksum(byte[] b, int offset, int length, int checksumOffset) {
        b[checksumOffset] = 0;
        b[checksumOffset] = (byte) -sum(b, offset, length);
    }
}
