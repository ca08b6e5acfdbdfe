package org.plugboard.applesmc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the few AML terms the SMC's ACPI node needs (ACPI 6.x, chapter 20 "ACPI Machine
 * Language Specification"): name segments, {@code Device}, {@code Name}, integers, EISA ids and
 * buffers. Each method returns the complete encoding of one term.
 */
final class Aml {
    private static final int NAME_OP = 0x08;
    private static final int BUFFER_OP = 0x11;
    private static final int EXT_OP_PREFIX = 0x5b;
    private static final int DEVICE_OP = 0x82;
    private static final int ZERO_OP = 0x00;
    private static final int ONE_OP = 0x01;
    private static final int BYTE_PREFIX = 0x0a;
    private static final int WORD_PREFIX = 0x0b;
    private static final int DWORD_PREFIX = 0x0c;
    private static final int QWORD_PREFIX = 0x0e;

    private Aml() {
    }

    /** A NameSeg: 1 to 4 characters (upper-case letter or '_' first, then also digits), padded with '_'. */
    static byte[] nameSeg(String name) {
        if (name.isEmpty() || name.length() > 4)
            throw new IllegalArgumentException("AML name '" + name + "' must have 1 to 4 characters");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean lead = (c >= 'A' && c <= 'Z') || c == '_';
            if (!(lead || (i > 0 && c >= '0' && c <= '9')))
                throw new IllegalArgumentException("AML name '" + name + "' has an invalid character '" + c + "'");
        }
        return (name + "___".substring(0, 4 - name.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A PkgLength for {@code contentLength} bytes that follow it. The encoded length counts the
     * PkgLength bytes themselves: one byte up to 63, else a lead byte with the count of
     * following bytes in bits 7-6 and the low nibble in bits 3-0.
     */
    static byte[] pkgLength(int contentLength) {
        for (int extra = 0; extra <= 3; extra++) {
            int total = contentLength + 1 + extra;
            if (extra == 0 && total <= 0x3f) return new byte[] {(byte) total};
            if (extra > 0 && total < 1 << (4 + 8 * extra)) {
                byte[] b = new byte[1 + extra];
                b[0] = (byte) ((extra << 6) | (total & 0x0f));
                for (int i = 1; i <= extra; i++) b[i] = (byte) (total >>> (4 + 8 * (i - 1)));
                return b;
            }
        }
        throw new IllegalArgumentException("AML package of " + contentLength + " bytes is too long");
    }

    /** {@code Device (name) { body }}. */
    static byte[] device(String name, byte[]... body) {
        byte[] content = concat(nameSeg(name), concat(body));
        return concat(new byte[] {EXT_OP_PREFIX, (byte) DEVICE_OP}, pkgLength(content.length), content);
    }

    /** {@code Name (name, value)}; {@code value} is an encoded data object. */
    static byte[] name(String name, byte[] value) {
        return concat(new byte[] {NAME_OP}, nameSeg(name), value);
    }

    /** The shortest integer encoding, as iasl emits it. */
    static byte[] integer(long value) {
        if (value == 0) return new byte[] {ZERO_OP};
        if (value == 1) return new byte[] {ONE_OP};
        if (value > 0 && value <= 0xff) return new byte[] {BYTE_PREFIX, (byte) value};
        if (value > 0 && value <= 0xffff) return littleEndian(WORD_PREFIX, value, 2);
        if (value > 0 && value <= 0xffffffffL) return littleEndian(DWORD_PREFIX, value, 4);
        return littleEndian(QWORD_PREFIX, value, 8);
    }

    /**
     * {@code EisaId ("AAA####")}: three upper-case letters in 5 bits each and four hex digits,
     * stored so that the bytes in memory read in that order (the 32-bit value byte-swapped).
     */
    static byte[] eisaId(String id) {
        if (!id.matches("[A-Z]{3}[0-9A-F]{4}"))
            throw new IllegalArgumentException("EISA id '" + id + "' must be three capital letters and four hex digits");
        int v = ((id.charAt(0) - 0x40) << 26) | ((id.charAt(1) - 0x40) << 21) | ((id.charAt(2) - 0x40) << 16)
                | Integer.parseInt(id.substring(3), 16);
        return littleEndian(DWORD_PREFIX, Integer.toUnsignedLong(Integer.reverseBytes(v)), 4);
    }

    /** {@code Buffer (size) { bytes }} with the size given as an integer term. */
    static byte[] buffer(byte[] bytes) {
        byte[] content = concat(integer(bytes.length), bytes);
        return concat(new byte[] {BUFFER_OP}, pkgLength(content.length), content);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] littleEndian(int prefix, long value, int size) {
        byte[] b = new byte[1 + size];
        b[0] = (byte) prefix;
        for (int i = 0; i < size; i++) b[1 + i] = (byte) (value >>> (8 * i));
        return b;
    }
}
