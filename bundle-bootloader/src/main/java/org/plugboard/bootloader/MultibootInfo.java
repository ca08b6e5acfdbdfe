package org.plugboard.bootloader;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.boot.BootContext.MemoryRange;

/**
 * The multiboot information structure handed to the kernel in EBX, laid out as one block: the
 * 116-byte info record, the memory map, the module list, then the strings they point to.
 */
final class MultibootInfo {
    static final int BOOTLOADER_MAGIC = 0x2BADB002;
    static final String LOADER_NAME = "Plugboard";

    static final int INFO_MEMORY = 1, INFO_BOOT_DEVICE = 1 << 1, INFO_CMDLINE = 1 << 2, INFO_MODS = 1 << 3;
    static final int INFO_MMAP = 1 << 6, INFO_LOADER_NAME = 1 << 9;
    /** "First hard disk, whole disk": what QEMU reports for -kernel, kept so guests see the same value. */
    static final int BOOT_DEVICE_FIRST_DISK = 0x8000ffff;

    static final int OFF_FLAGS = 0, OFF_MEM_LOWER = 4, OFF_MEM_UPPER = 8, OFF_BOOT_DEVICE = 12, OFF_CMDLINE = 16;
    static final int OFF_MODS_COUNT = 20, OFF_MODS_ADDR = 24, OFF_MMAP_LENGTH = 44, OFF_MMAP_ADDR = 48;
    static final int OFF_LOADER_NAME = 64;
    /** The v1 record runs to the framebuffer fields at 88..115; rounded up for the 8-byte mmap fields. */
    static final int INFO_SIZE = 120;
    /** An mmap entry: its own size field (which does not count itself), base, length, type. */
    static final int MMAP_ENTRY_SIZE = 24;
    static final int MOD_ENTRY_SIZE = 16;

    /** A module already in guest memory, {@code [start, end)}. */
    record LoadedModule(long start, long end, String string) {
    }

    private final byte[] commandLine;
    private final byte[] loaderName = Bytes.cString(LOADER_NAME);
    private final List<MemoryRange> memoryMap;
    private final long memLowerKiB, memUpperKiB;
    private final List<LoadedModule> modules;
    private final List<byte[]> moduleStrings = new ArrayList<>();

    MultibootInfo(String commandLine, List<MemoryRange> memoryMap, long memLowerKiB, long memUpperKiB, List<LoadedModule> modules) {
        this.commandLine = Bytes.cString(commandLine);
        this.memoryMap = memoryMap;
        this.memLowerKiB = memLowerKiB;
        this.memUpperKiB = memUpperKiB;
        this.modules = modules;
        for (LoadedModule m : modules) moduleStrings.add(Bytes.cString(m.string()));
    }

    private int mmapOffset() {
        return INFO_SIZE;
    }

    private int modsOffset() {
        return mmapOffset() + memoryMap.size() * MMAP_ENTRY_SIZE;
    }

    private int stringsOffset() {
        return modsOffset() + modules.size() * MOD_ENTRY_SIZE;
    }

    int size() {
        int size = stringsOffset() + commandLine.length + loaderName.length;
        for (byte[] s : moduleStrings) size += s.length;
        return size;
    }

    /** The block's bytes for placement at guest-physical {@code base}, all pointers absolute. */
    byte[] build(long base) {
        byte[] b = new byte[size()];
        int strings = stringsOffset();
        strings = appendString(b, strings, commandLine, base, OFF_CMDLINE);
        strings = appendString(b, strings, loaderName, base, OFF_LOADER_NAME);

        Bytes.put32(b, OFF_FLAGS, INFO_MEMORY | INFO_BOOT_DEVICE | INFO_CMDLINE | INFO_MODS | INFO_MMAP | INFO_LOADER_NAME);
        Bytes.put32(b, OFF_MEM_LOWER, memLowerKiB);
        Bytes.put32(b, OFF_MEM_UPPER, memUpperKiB);
        Bytes.put32(b, OFF_BOOT_DEVICE, BOOT_DEVICE_FIRST_DISK);

        Bytes.put32(b, OFF_MMAP_LENGTH, (long) memoryMap.size() * MMAP_ENTRY_SIZE);
        Bytes.put32(b, OFF_MMAP_ADDR, base + mmapOffset());
        int at = mmapOffset();
        for (MemoryRange r : memoryMap) {
            Bytes.put32(b, at, MMAP_ENTRY_SIZE - 4);
            Bytes.put64(b, at + 4, r.base());
            Bytes.put64(b, at + 12, r.length());
            Bytes.put32(b, at + 20, r.type());
            at += MMAP_ENTRY_SIZE;
        }

        Bytes.put32(b, OFF_MODS_COUNT, modules.size());
        Bytes.put32(b, OFF_MODS_ADDR, base + modsOffset());
        at = modsOffset();
        for (int i = 0; i < modules.size(); i++) {
            LoadedModule m = modules.get(i);
            Bytes.put32(b, at, m.start());
            Bytes.put32(b, at + 4, m.end());
            strings = appendString(b, strings, moduleStrings.get(i), base, at + 8);
            at += MOD_ENTRY_SIZE;
        }
        return b;
    }

    /** Copies a string into the block and stores its guest address at {@code pointerOffset}. */
    private static int appendString(byte[] block, int at, byte[] string, long base, int pointerOffset) {
        System.arraycopy(string, 0, block, at, string.length);
        Bytes.put32(block, pointerOffset, base + at);
        return at + string.length;
    }
}
