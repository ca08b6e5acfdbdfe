package org.plugboard.firmware.direct;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plugboard.api.bus.AddressSpace;

/**
 * Reads fw_cfg the way firmware does on x86: a 16-bit selector write to port 0x510, then byte
 * reads from 0x511. Only what the firmware-less start needs: the signature and named files.
 */
final class FwCfgPorts {
    static final int SELECTOR = 0x510, DATA = 0x511;
    static final int SIGNATURE = 0x0000, FILE_DIR = 0x0019;
    private static final int DIRECTORY_ENTRY = 64, NAME_OFFSET = 8, NAME_SIZE = 56;

    private final AddressSpace io;
    /** Name to {selector, size}, read once. */
    private Map<String, int[]> directory;

    FwCfgPorts(AddressSpace io) {
        this.io = io;
    }

    /** Whether a fw_cfg device answers with its "QEMU" signature. */
    boolean present() {
        return new String(read(SIGNATURE, 4), StandardCharsets.US_ASCII).equals("QEMU");
    }

    /** A file's contents, or null if fw_cfg has no such file. */
    byte[] file(String name) {
        int[] entry = directory().get(name);
        return entry == null ? null : read(entry[0], entry[1]);
    }

    private Map<String, int[]> directory() {
        if (directory != null) return directory;
        Map<String, int[]> d = new LinkedHashMap<>();
        int count = (int) be(read(FILE_DIR, 4), 0, 4);
        byte[] entries = read(FILE_DIR, 4 + count * DIRECTORY_ENTRY);
        for (int i = 0; i < count; i++) {
            int at = 4 + i * DIRECTORY_ENTRY;
            int end = at + NAME_OFFSET;
            while (end < at + NAME_OFFSET + NAME_SIZE && entries[end] != 0) end++;
            String name = new String(entries, at + NAME_OFFSET, end - at - NAME_OFFSET, StandardCharsets.US_ASCII);
            d.put(name, new int[] {(int) be(entries, at + 4, 2), (int) be(entries, at, 4)});
        }
        directory = d;
        return d;
    }

    private byte[] read(int selector, int length) {
        io.write(SELECTOR, 2, selector);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) out[i] = (byte) io.read(DATA, 1);
        return out;
    }

    private static long be(byte[] b, int at, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) v = v << 8 | (b[at + i] & 0xff);
        return v;
    }
}
