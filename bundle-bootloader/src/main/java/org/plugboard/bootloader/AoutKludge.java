package org.plugboard.bootloader;

import org.plugboard.api.device.ConfigException;

/**
 * The addresses a multiboot header carries when flag 16 is set, telling the loader where the
 * image goes without it having to understand the file format.
 *
 * @param headerAddr physical address the header itself is loaded to; anchors file offsets
 * @param loadEndAddr end of the part loaded from the file, 0 = up to the end of the file
 * @param bssEndAddr end of the zeroed area after it, 0 = no bss
 */
record AoutKludge(long headerAddr, long loadAddr, long loadEndAddr, long bssEndAddr, long entryAddr) {

    static AoutKludge read(ImageReader image, int headerOffset) throws ConfigException {
        return new AoutKludge(image.u32(headerOffset + 12, "multiboot header_addr"),
                image.u32(headerOffset + 16, "multiboot load_addr"),
                image.u32(headerOffset + 20, "multiboot load_end_addr"),
                image.u32(headerOffset + 24, "multiboot bss_end_addr"),
                image.u32(headerOffset + 28, "multiboot entry_addr"));
    }

    /** The single segment the addresses describe, checked for consistency with each other and the file. */
    LoadSegment segment(ImageReader image, String name, int headerOffset) throws ConfigException {
        if (loadAddr > headerAddr) {
            throw new ConfigException(String.format("%s: multiboot load_addr %#x is above header_addr %#x", name, loadAddr, headerAddr));
        }
        long fileOffset = headerOffset - (headerAddr - loadAddr);
        if (fileOffset < 0) {
            throw new ConfigException(String.format(
                    "%s: multiboot load_addr %#x would start %d bytes before the beginning of the file", name, loadAddr, -fileOffset));
        }
        long loadEnd = loadEndAddr == 0 ? loadAddr + image.length() - fileOffset : loadEndAddr;
        if (loadEnd < loadAddr) {
            throw new ConfigException(String.format("%s: multiboot load_end_addr %#x is below load_addr %#x", name, loadEnd, loadAddr));
        }
        long bssEnd = bssEndAddr == 0 ? loadEnd : bssEndAddr;
        if (bssEnd < loadEnd) {
            throw new ConfigException(String.format("%s: multiboot bss_end_addr %#x is below the end of the loaded image %#x", name, bssEnd, loadEnd));
        }
        image.require(fileOffset, loadEnd - loadAddr, "the image between multiboot load_addr and load_end_addr");
        return new LoadSegment("multiboot a.out image", loadAddr, (int) fileOffset, loadEnd - loadAddr, bssEnd - loadAddr);
    }
}
