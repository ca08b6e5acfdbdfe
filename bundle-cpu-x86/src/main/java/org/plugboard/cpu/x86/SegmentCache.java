package org.plugboard.cpu.x86;

/**
 * A segment register with its hidden descriptor cache, plus the access checks derived from it
 * once at load time so every memory access needs one comparison.
 * Attributes use the VMX access-rights layout (type 3:0, S 4, DPL 6:5, P 7, AVL 12, L 13, D/B 14, G 15).
 */
final class SegmentCache {
    static final int ATTR_P = 0x80, ATTR_S = 0x10, ATTR_L = 0x2000, ATTR_DB = 0x4000, ATTR_G = 0x8000;
    /** Marks a segment register loaded with a null selector in protected mode. */
    static final int ATTR_UNUSABLE = 0x10000;

    /** FS and GS keep their base in 64-bit mode; the others read as base 0 there. */
    private final boolean keepsBaseIn64;

    int selector;
    long base;
    /** The base accesses use: {@link #base}, or 0 for ES/CS/SS/DS in 64-bit mode. */
    long effectiveBase;
    /** The byte-granular limit (G already applied). */
    long limit;
    int attributes;

    /** Offsets above these need the slow check (every offset, for expand-down, unusable or wrong-type segments). */
    long readLimit, writeLimit;

    SegmentCache(boolean keepsBaseIn64) {
        this.keepsBaseIn64 = keepsBaseIn64;
    }

    void load(int selector, long base, long limit, int attributes, boolean mode64) {
        this.selector = selector;
        this.base = base;
        this.limit = limit;
        this.attributes = attributes;
        derive(mode64);
    }

    /** Recomputes the checks; in 64-bit mode there are no limit and no type checks. */
    void derive(boolean mode64) {
        effectiveBase = mode64 && !keepsBaseIn64 ? 0 : base;
        int type = attributes & 0xf;
        boolean code = (attributes & ATTR_S) != 0 && (type & 8) != 0;
        boolean system = (attributes & ATTR_S) == 0;
        boolean unusable = (attributes & ATTR_UNUSABLE) != 0;
        if (mode64) {
            readLimit = writeLimit = Long.MAX_VALUE;
            return;
        }
        boolean readable = !unusable && !system && (!code || (type & 2) != 0);
        boolean writable = !unusable && !system && !code && (type & 2) != 0;
        boolean expandDown = !code && !system && (type & 4) != 0;
        readLimit = readable && !expandDown ? limit : SLOW;
        writeLimit = writable && !expandDown ? limit : SLOW;
    }

    /**
     * The fast check is the signed comparison {@code offset + size - 1 <= readLimit}; legacy-mode
     * offsets are never negative, so this value sends every access to the slow path.
     */
    static final long SLOW = -1L;

    boolean expandDown() {
        return (attributes & ATTR_S) != 0 && (attributes & 8) == 0 && (attributes & 4) != 0;
    }

    int dpl() {
        return (attributes >> 5) & 3;
    }

    boolean unusable() {
        return (attributes & ATTR_UNUSABLE) != 0;
    }

    @Override
    public String toString() {
        return String.format("%04x base=%08x limit=%08x attr=%04x", selector, base, limit, attributes);
    }
}
