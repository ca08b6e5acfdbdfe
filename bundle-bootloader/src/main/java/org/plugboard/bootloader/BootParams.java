package org.plugboard.bootloader;

import java.util.List;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.device.ConfigException;

/**
 * The Linux "zero page" (struct boot_params) for the 32-bit boot protocol: built from zeros,
 * with the kernel's setup header copied in and the loader's fields and the e820 table filled.
 */
final class BootParams {
    static final int SIZE = 4096;
    static final int OFF_ALT_MEM_K = 0x1e0, OFF_E820_ENTRIES = 0x1e8, OFF_E820_TABLE = 0x2d0;
    static final int E820_ENTRY_SIZE = 20;
    /** E820_MAX_ENTRIES_ZEROPAGE: the table's room in boot_params. */
    static final int E820_MAX = 128;
    /** "Undefined" boot loader: we have no ID assigned by the kernel's boot loader list. */
    static final int TYPE_OF_LOADER = 0xff;
    /** End of the setup heap/stack relative to the real-mode code, minus 0x200: the usual full 64 KiB segment. */
    static final int HEAP_END_PTR = 0xfe00;

    private BootParams() {
    }

    /**
     * @param altMemKiB contiguous RAM above 1 MiB in KiB, the fallback when a kernel ignores e820
     */
    static byte[] build(SetupHeader header, List<MemoryRange> memoryMap, long altMemKiB, long cmdLinePtr, long initrdAddress,
            long initrdSize) throws ConfigException {
        if (memoryMap.size() > E820_MAX) {
            throw new ConfigException("the memory map has " + memoryMap.size() + " entries; the Linux zero page holds at most " + E820_MAX);
        }
        byte[] p = new byte[SIZE];
        header.copyInto(p);
        p[SetupHeader.OFF_TYPE_OF_LOADER] = (byte) TYPE_OF_LOADER;
        p[SetupHeader.OFF_LOADFLAGS] |= (byte) SetupHeader.CAN_USE_HEAP;
        Bytes.put16(p, SetupHeader.OFF_HEAP_END_PTR, HEAP_END_PTR);
        Bytes.put32(p, SetupHeader.OFF_CMD_LINE_PTR, cmdLinePtr);
        Bytes.put32(p, SetupHeader.OFF_RAMDISK_IMAGE, initrdAddress);
        Bytes.put32(p, SetupHeader.OFF_RAMDISK_SIZE, initrdSize);
        Bytes.put32(p, OFF_ALT_MEM_K, altMemKiB);

        p[OFF_E820_ENTRIES] = (byte) memoryMap.size();
        int at = OFF_E820_TABLE;
        for (MemoryRange r : memoryMap) {
            Bytes.put64(p, at, r.base());
            Bytes.put64(p, at + 8, r.length());
            Bytes.put32(p, at + 16, r.type());
            at += E820_ENTRY_SIZE;
        }
        return p;
    }
}
