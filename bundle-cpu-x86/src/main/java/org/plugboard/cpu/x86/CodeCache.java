package org.plugboard.cpu.x86;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Decoded blocks by physical page, shared by the vCPUs of one machine (they run on one thread).
 * A page with blocks is marked so that any write to it (by any vCPU through its MMU slow path,
 * or by DMA through the write observer) drops its blocks first: this is what makes self- and
 * cross-modifying code and code loaded by devices work.
 */
final class CodeCache {
    private final Map<Long, Block[]> pages = new HashMap<>();
    private final BitSet codePages = new BitSet();
    /** Told when a page gets its first block (MMUs stop fast writes to it) or loses them. */
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    interface Listener {
        void codePageAdded(long ppn);

        /** Blocks of page {@code ppn} (or of every page, for -1) are gone. */
        void codeInvalidated(long ppn);
    }

    void addListener(Listener l) {
        listeners.add(l);
    }

    void removeListener(Listener l) {
        listeners.remove(l);
    }

    boolean hasCode(long ppn) {
        return ppn < Integer.MAX_VALUE && codePages.get((int) ppn);
    }

    Block lookup(long physical, int codeSize) {
        if (!hasCode(physical >>> 12)) return null;
        Block[] byOffset = pages.get(physical >>> 12);
        for (Block b = byOffset[(int) physical & 0xfff]; b != null; b = b.nextAtOffset)
            if (b.codeSize == codeSize && b.physical == physical) return b;
        return null;
    }

    void add(Block block) {
        long ppn = block.physical >>> 12;
        if (ppn >= Integer.MAX_VALUE) return; // beyond 8 TiB: not cached
        Block[] byOffset = pages.get(ppn);
        if (byOffset == null) {
            byOffset = new Block[4096];
            pages.put(ppn, byOffset);
            codePages.set((int) ppn);
            for (Listener l : listeners) l.codePageAdded(ppn);
        }
        int o = (int) block.physical & 0xfff;
        block.nextAtOffset = byOffset[o];
        byOffset[o] = block;
    }

    /**
     * Puts {@code replacement} (the same code, compiled) where {@code old} is, and retires
     * {@code old}: jump caches holding it miss and find the replacement here. False when the
     * page's blocks were dropped meanwhile.
     */
    boolean replace(Block old, Block replacement) {
        long ppn = old.physical >>> 12;
        if (!old.valid || !hasCode(ppn)) return false;
        Block[] byOffset = pages.get(ppn);
        int o = (int) old.physical & 0xfff;
        Block prev = null;
        for (Block b = byOffset[o]; b != null; prev = b, b = b.nextAtOffset) {
            if (b != old) continue;
            replacement.nextAtOffset = old.nextAtOffset;
            if (prev == null) byOffset[o] = replacement;
            else prev.nextAtOffset = replacement;
            old.valid = false;
            return true;
        }
        return false;
    }

    void invalidatePage(long ppn) {
        if (!hasCode(ppn)) return;
        Block[] byOffset = pages.remove(ppn);
        codePages.clear((int) ppn);
        for (Block b : byOffset)
            for (; b != null; b = b.nextAtOffset) b.valid = false;
        for (Listener l : listeners) l.codeInvalidated(ppn);
    }

    void invalidateRange(long address, long length) {
        if (length <= 0) return;
        for (long ppn = address >>> 12; ppn <= (address + length - 1) >>> 12; ppn++) invalidatePage(ppn);
    }

    void flush() {
        for (Block[] byOffset : pages.values())
            for (Block b : byOffset)
                for (; b != null; b = b.nextAtOffset) b.valid = false;
        pages.clear();
        codePages.clear();
        for (Listener l : listeners) l.codeInvalidated(-1);
    }

    int pageCount() {
        return pages.size();
    }
}
