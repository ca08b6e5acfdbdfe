package org.plugboard.firmware.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The items the fw_cfg device serves: fixed-key items, and named files which get selectors
 * {@code FILE_FIRST + i} in name order (as QEMU sorts them) and are listed in the file directory
 * item: a big-endian count, then per file its size (BE32), selector (BE16), 2 reserved bytes
 * and its NUL-padded 56-byte name.
 */
final class FwCfgStore {
    static final int FILE_NAME_SIZE = 56;
    static final int DIRECTORY_ENTRY_SIZE = 64;

    private final Map<Integer, byte[]> items = new HashMap<>();
    private final TreeMap<String, byte[]> files = new TreeMap<>(FwCfgStore::compareAsBytes);
    private final Map<Integer, byte[]> fileItems = new HashMap<>();
    private byte[] directory = new byte[4];

    void put(int key, byte[] data) {
        if (key >= FwCfgKeys.FILE_DIR && key < FwCfgKeys.ARCH_LOCAL)
            throw new IllegalArgumentException(String.format("fw_cfg key 0x%x is in the file range", key));
        items.put(key, data.clone());
    }

    /** Adds or replaces a file; selectors of the files after it in name order move up. */
    void putFile(String name, byte[] data) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length >= FILE_NAME_SIZE)
            throw new IllegalArgumentException("fw_cfg file name '" + name + "' must be 1..55 bytes");
        if (!files.containsKey(name) && FwCfgKeys.FILE_FIRST + files.size() > FwCfgKeys.ENTRY_MASK)
            throw new IllegalArgumentException("too many fw_cfg files");
        files.put(name, data.clone());
        rebuildFiles();
    }

    /** The data of an item (key without the write-channel bit), or null when nothing is there. */
    byte[] get(int key) {
        if (key == FwCfgKeys.FILE_DIR) return directory;
        byte[] f = fileItems.get(key);
        return f != null ? f : items.get(key);
    }

    /** The selector a file got, or -1. */
    int selectorOf(String name) {
        int i = 0;
        for (String n : files.keySet()) {
            if (n.equals(name)) return FwCfgKeys.FILE_FIRST + i;
            i++;
        }
        return -1;
    }

    List<String> fileNames() {
        return new ArrayList<>(files.keySet());
    }

    private void rebuildFiles() {
        fileItems.clear();
        byte[] dir = new byte[4 + DIRECTORY_ENTRY_SIZE * files.size()];
        putBe(dir, 0, files.size(), 4);
        int i = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            int select = FwCfgKeys.FILE_FIRST + i;
            int at = 4 + DIRECTORY_ENTRY_SIZE * i;
            putBe(dir, at, e.getValue().length, 4);
            putBe(dir, at + 4, select, 2);
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(name, 0, dir, at + 8, name.length);
            fileItems.put(select, e.getValue());
            i++;
        }
        directory = dir;
    }

    private static void putBe(byte[] b, int at, long v, int size) {
        for (int i = 0; i < size; i++) b[at + i] = (byte) (v >>> (8 * (size - 1 - i)));
    }

    // QEMU orders names with strcmp: by unsigned bytes
    private static int compareAsBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
