package org.plugboard.firmware.aml;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * AML terms: names and name paths, {@code Scope}, {@code Device}, {@code Name}, simple
 * {@code Method}s, {@code Return}, integer constants, strings, buffers, packages and EISA ids.
 * Integers chosen by {@link #integer} use the shortest encoding, as iasl does.
 */
public final class Aml {
    private static final int ZERO_OP = 0x00;
    private static final int ONE_OP = 0x01;
    private static final int NAME_OP = 0x08;
    private static final int BYTE_PREFIX = 0x0a;
    private static final int WORD_PREFIX = 0x0b;
    private static final int DWORD_PREFIX = 0x0c;
    private static final int STRING_PREFIX = 0x0d;
    private static final int QWORD_PREFIX = 0x0e;
    private static final int SCOPE_OP = 0x10;
    private static final int BUFFER_OP = 0x11;
    private static final int PACKAGE_OP = 0x12;
    private static final int METHOD_OP = 0x14;
    private static final int DUAL_NAME_PREFIX = 0x2e;
    private static final int MULTI_NAME_PREFIX = 0x2f;
    private static final int EXT_OP_PREFIX = 0x5b;
    private static final int ROOT_CHAR = 0x5c;
    private static final int PARENT_PREFIX_CHAR = 0x5e;
    private static final int DEVICE_OP = 0x82;
    private static final int PROCESSOR_OP = 0x83;
    private static final int RETURN_OP = 0xa4;
    private static final int ONES_OP = 0xff;

    private Aml() {
    }

    // --- names ---

    /** A NameSeg: 1 to 4 characters (upper-case letter or '_' first, then also digits), padded with '_'. */
    public static byte[] nameSeg(String name) {
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
     * A NameString as ASL writes it: an optional root {@code \} or parent {@code ^} prefixes, then
     * dot-separated segments ({@code \_SB.PCI0.ISA}, {@code ^LNKA}, {@code _HID}, or {@code \} alone).
     */
    public static byte[] namePath(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        if (path.startsWith("\\")) {
            out.write(ROOT_CHAR);
            i = 1;
        } else {
            while (i < path.length() && path.charAt(i) == '^') {
                out.write(PARENT_PREFIX_CHAR);
                i++;
            }
        }
        String rest = path.substring(i);
        String[] segs = rest.isEmpty() ? new String[0] : rest.split("\\.", -1);
        if (segs.length > 255) throw new IllegalArgumentException("AML name path '" + path + "' has too many segments");
        if (segs.length == 0) out.write(0x00); // NullName
        else if (segs.length == 2) out.write(DUAL_NAME_PREFIX);
        else if (segs.length > 2) {
            out.write(MULTI_NAME_PREFIX);
            out.write(segs.length);
        }
        for (String s : segs) out.writeBytes(nameSeg(s));
        return out.toByteArray();
    }

    // --- named objects and control ---

    /** {@code Scope (path) { body }}. */
    public static byte[] scope(String path, byte[]... body) {
        return withPkgLength(new byte[] {SCOPE_OP}, concat(namePath(path), concat(body)));
    }

    /** {@code Device (name) { body }}; {@code name} may be a path. */
    public static byte[] device(String name, byte[]... body) {
        return withPkgLength(new byte[] {EXT_OP_PREFIX, (byte) DEVICE_OP}, concat(namePath(name), concat(body)));
    }

    /**
     * {@code Processor (name, id, pblkAddress, pblkLength) { body }}: the ACPI 1.0 processor
     * object (deprecated since ACPI 6.0 but what QEMU's pc machine still writes).
     */
    public static byte[] processor(String name, int id, long pblkAddress, int pblkLength, byte[]... body) {
        if (id < 0 || id > 0xff || pblkLength < 0 || pblkLength > 0xff)
            throw new IllegalArgumentException("Processor " + name + ": id and block length are bytes");
        byte[] pblk = {(byte) pblkAddress, (byte) (pblkAddress >>> 8), (byte) (pblkAddress >>> 16), (byte) (pblkAddress >>> 24)};
        return withPkgLength(new byte[] {EXT_OP_PREFIX, (byte) PROCESSOR_OP},
                concat(namePath(name), new byte[] {(byte) id}, pblk, new byte[] {(byte) pblkLength}, concat(body)));
    }

    /** {@code Name (name, value)}; {@code value} is an encoded data object. */
    public static byte[] name(String name, byte[] value) {
        return concat(new byte[] {NAME_OP}, namePath(name), value);
    }

    /** {@code Method (name, argCount, Serialized|NotSerialized) { body }} with sync level 0. */
    public static byte[] method(String name, int argCount, boolean serialized, byte[]... body) {
        if (argCount < 0 || argCount > 7) throw new IllegalArgumentException("AML methods take 0..7 arguments, not " + argCount);
        byte flags = (byte) (argCount | (serialized ? 0x08 : 0));
        return withPkgLength(new byte[] {METHOD_OP}, concat(namePath(name), new byte[] {flags}, concat(body)));
    }

    /** {@code Return (value)}. */
    public static byte[] returnValue(byte[] value) {
        return concat(new byte[] {(byte) RETURN_OP}, value);
    }

    // --- data ---

    public static byte[] zero() { return new byte[] {ZERO_OP}; }

    public static byte[] one() { return new byte[] {ONE_OP}; }

    /** {@code Ones}: all bits set. */
    public static byte[] ones() { return new byte[] {(byte) ONES_OP}; }

    /** The shortest integer encoding: Zero, One, or a Byte/Word/DWord/QWord constant. */
    public static byte[] integer(long value) {
        if (value == 0) return zero();
        if (value == 1) return one();
        if (value > 0 && value <= 0xff) return byteConst(value);
        if (value > 0 && value <= 0xffff) return wordConst(value);
        if (value > 0 && value <= 0xffffffffL) return dwordConst(value);
        return qwordConst(value);
    }

    public static byte[] byteConst(long value) { return constant(BYTE_PREFIX, value, 1); }

    public static byte[] wordConst(long value) { return constant(WORD_PREFIX, value, 2); }

    public static byte[] dwordConst(long value) { return constant(DWORD_PREFIX, value, 4); }

    public static byte[] qwordConst(long value) { return constant(QWORD_PREFIX, value, 8); }

    /** A string constant: ASCII 0x01..0x7f, NUL-terminated. */
    public static byte[] string(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x01 || c > 0x7f) throw new IllegalArgumentException("AML strings are ASCII without NUL: '" + s + "'");
        }
        return concat(new byte[] {STRING_PREFIX}, s.getBytes(StandardCharsets.US_ASCII), new byte[] {0});
    }

    /** {@code Buffer (size) { bytes }} with the size as an integer term. */
    public static byte[] buffer(byte[] bytes) {
        return withPkgLength(new byte[] {BUFFER_OP}, concat(integer(bytes.length), bytes));
    }

    /** {@code Package (n) { elements }}: at most 255 encoded data objects or name strings. */
    public static byte[] pkg(byte[]... elements) {
        if (elements.length > 255) throw new IllegalArgumentException("an AML Package holds at most 255 elements");
        return pkgOfSize(elements.length, elements);
    }

    /**
     * {@code Package (size) { elements }} with fewer initialisers than elements (the rest are
     * uninitialised), e.g. {@code Package (0x02) {}} as a method's scratch package.
     */
    public static byte[] pkgOfSize(int size, byte[]... elements) {
        if (size > 255 || elements.length > size)
            throw new IllegalArgumentException("an AML Package of " + size + " holds at most 255 elements and its initialisers");
        return withPkgLength(new byte[] {PACKAGE_OP}, concat(new byte[] {(byte) size}, concat(elements)));
    }

    /**
     * {@code EisaId ("AAA####")}: three upper-case letters in 5 bits each and four hex digits,
     * stored so that the bytes in memory read in that order (the 32-bit value byte-swapped).
     */
    public static byte[] eisaId(String id) {
        return dwordConst(Integer.toUnsignedLong(eisaIdValue(id)));
    }

    /** The 32-bit value of an EISA id as it sits in memory (e.g. {@code PNP0A03} → 0x030ad041). */
    public static int eisaIdValue(String id) {
        if (!id.matches("[A-Z]{3}[0-9A-F]{4}"))
            throw new IllegalArgumentException("EISA id '" + id + "' must be three capital letters and four hex digits");
        int v = ((id.charAt(0) - 0x40) << 26) | ((id.charAt(1) - 0x40) << 21) | ((id.charAt(2) - 0x40) << 16)
                | Integer.parseInt(id.substring(3), 16);
        return Integer.reverseBytes(v);
    }

    // --- helpers ---

    /** The concatenation of already encoded terms. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** {@code opcode}, the PkgLength of {@code content}, then {@code content}. */
    static byte[] withPkgLength(byte[] opcode, byte[] content) {
        return concat(opcode, PkgLength.encode(content.length), content);
    }

    private static byte[] constant(int prefix, long value, int size) {
        if (size < 8 && (value < 0 || value >>> (8 * size) != 0))
            throw new IllegalArgumentException(String.format("0x%x does not fit in %d bytes", value, size));
        byte[] b = new byte[1 + size];
        b[0] = (byte) prefix;
        for (int i = 0; i < size; i++) b[1 + i] = (byte) (value >>> (8 * i));
        return b;
    }
}
