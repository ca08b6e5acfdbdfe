package org.plugboard.bootloader;

import org.plugboard.api.device.ConfigException;

/**
 * The multiboot v1 header: magic 0x1BADB002, flags and checksum, 32-bit aligned within the first
 * 8192 bytes of the image, followed by the a.out kludge addresses when flag 16 is set.
 *
 * @param offset where the header starts in the file
 * @param aout the a.out kludge addresses, or null when flag 16 is clear (the image is ELF)
 */
record MultibootHeader(int offset, int flags, AoutKludge aout) {
    static final int MAGIC = 0x1BADB002;
    static final int SEARCH_LIMIT = 8192;
    private static final int SIZE = 12;

    /** Flag 0: modules page-aligned. We always align them, so it is honoured. */
    static final int FLAG_PAGE_ALIGN = 1;
    /** Flag 1: mem_lower/mem_upper and the memory map. Always given, so it is honoured. */
    static final int FLAG_MEMORY_INFO = 1 << 1;
    /** Flag 2: video mode table. There is no VBE; QEMU boots such kernels anyway, and so do we. */
    static final int FLAG_VIDEO_MODE = 1 << 2;
    static final int FLAG_AOUT_KLUDGE = 1 << 16;
    /** Bits 0-15 are requirements: the spec says a loader must refuse one it does not know. */
    private static final int REQUIRED_MASK = 0xffff;
    private static final int KNOWN_REQUIRED = FLAG_PAGE_ALIGN | FLAG_MEMORY_INFO | FLAG_VIDEO_MODE;

    /** Outcome of scanning the search window, before any judgement on the flags. */
    enum Presence { NONE, BAD_CHECKSUM, VALID }

    /** Where the first header with a valid checksum and the first one with a bad checksum are; -1 if none. */
    private record Search(int validAt, int badChecksumAt) {
    }

    private static Search search(byte[] image) {
        int badChecksumAt = -1;
        for (int off = 0; off + SIZE <= Math.min(image.length, SEARCH_LIMIT); off += 4) {
            if ((int) Bytes.u32(image, off) != MAGIC) continue;
            boolean checksumValid = (int) (MAGIC + Bytes.u32(image, off + 4) + Bytes.u32(image, off + 8)) == 0;
            if (checksumValid) return new Search(off, badChecksumAt);
            if (badChecksumAt < 0) badChecksumAt = off;
        }
        return new Search(-1, badChecksumAt);
    }

    static Presence scan(byte[] image) {
        Search s = search(image);
        return s.validAt >= 0 ? Presence.VALID : s.badChecksumAt >= 0 ? Presence.BAD_CHECKSUM : Presence.NONE;
    }

    /**
     * Finds the first header with a valid checksum and checks its flags.
     *
     * @throws ConfigException when there is none, or it asks for something we cannot give
     */
    static MultibootHeader find(ImageReader image, String name) throws ConfigException {
        Search s = search(image.bytes());
        if (s.validAt >= 0) return parse(image, name, s.validAt);
        if (s.badChecksumAt >= 0) {
            throw new ConfigException(String.format(
                    "%s: the multiboot header at offset %#x has a bad checksum (magic + flags + checksum must be 0 mod 2^32)",
                    name, s.badChecksumAt));
        }
        throw new ConfigException(name + " has no multiboot header in its first " + SEARCH_LIMIT + " bytes");
    }

    private static MultibootHeader parse(ImageReader image, String name, int off) throws ConfigException {
        int flags = (int) image.u32(off + 4, "multiboot flags");
        int unknown = flags & REQUIRED_MASK & ~KNOWN_REQUIRED;
        if (unknown != 0) {
            throw new ConfigException(String.format(
                    "%s: the multiboot header requires features this loader does not provide (flags %#x, unsupported bits %s)",
                    name, flags, bitList(unknown)));
        }
        AoutKludge aout = (flags & FLAG_AOUT_KLUDGE) != 0 ? AoutKludge.read(image, off) : null;
        return new MultibootHeader(off, flags, aout);
    }

    boolean wantsVideoMode() {
        return (flags & FLAG_VIDEO_MODE) != 0;
    }

    private static String bitList(int bits) {
        StringBuilder s = new StringBuilder();
        for (int b = 0; b < 32; b++) {
            if ((bits & (1 << b)) != 0) s.append(s.length() == 0 ? "" : ", ").append(b);
        }
        return s.toString();
    }
}
