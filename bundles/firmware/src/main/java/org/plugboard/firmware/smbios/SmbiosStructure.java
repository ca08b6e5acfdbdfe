package org.plugboard.firmware.smbios;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * One SMBIOS structure being written: the formatted area (type, length, handle, fields) and
 * its string set. A string field holds the 1-based index of its string in the set, or 0 for
 * none (an empty or absent value), as QEMU and the specification do.
 */
public final class SmbiosStructure {
    private final LeWriter formatted = new LeWriter();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private int stringCount;

    public SmbiosStructure(int type, int handle) {
        formatted.u8(type).u8(0).u16(handle);
    }

    public SmbiosStructure u8(int v) { formatted.u8(v); return this; }

    public SmbiosStructure u16(int v) { formatted.u16(v); return this; }

    public SmbiosStructure u32(long v) { formatted.u32(v); return this; }

    public SmbiosStructure u64(long v) { formatted.u64(v); return this; }

    public SmbiosStructure bytes(byte[] b) { formatted.bytes(b); return this; }

    public SmbiosStructure zeros(int n) { formatted.zeros(n); return this; }

    /** A string field: its index in the string set, 0 when {@code s} is null or empty. */
    public SmbiosStructure string(String s) {
        if (s == null || s.isEmpty()) return u8(0);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) if (x == 0) throw new IllegalArgumentException("SMBIOS strings cannot contain NUL: '" + s + "'");
        if (stringCount == 255) throw new IllegalArgumentException("an SMBIOS structure holds at most 255 strings");
        strings.writeBytes(b);
        strings.write(0);
        return u8(++stringCount);
    }

    /** The structure: formatted area with its length, then the strings and the double-NUL terminator. */
    public byte[] toBytes() {
        if (formatted.size() > 0xff) throw new IllegalStateException("SMBIOS formatted area longer than 255 bytes");
        formatted.patch(1, formatted.size(), 1);
        LeWriter out = new LeWriter().bytes(formatted.toArray()).bytes(strings.toByteArray());
        // an empty string set is two NULs; otherwise the last string's NUL plus one more
        if (stringCount == 0) out.u8(0);
        out.u8(0);
        return out.toArray();
    }
}
