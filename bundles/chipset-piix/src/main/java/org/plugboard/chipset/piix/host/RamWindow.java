package org.plugboard.chipset.piix.host;

import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.MemorySpace;

/**
 * A window of guest RAM at its own guest-physical address that the chipset shows over whatever
 * decodes there otherwise (firmware ROM, the VGA window): read-write, read-only or not at all.
 * The two kinds are separate mappings of the same RAM offsets, at most one enabled.
 */
final class RamWindow {
    private final MemorySpace memory;
    private final String name;
    private final String owner;
    private final long base;
    private final long size;
    private final int priority;
    private Mapping writable;
    private Mapping readOnly;

    RamWindow(MemorySpace memory, String name, String owner, long base, long size, int priority) {
        this.memory = memory;
        this.name = name;
        this.owner = owner;
        this.base = base;
        this.size = size;
        this.priority = priority;
    }

    /** What the window shows now. */
    enum Mode { HIDDEN, READ_ONLY, READ_WRITE }

    void show(Mode mode) {
        Mapping keep = mode == Mode.READ_WRITE ? writable : mode == Mode.READ_ONLY ? readOnly : null;
        if (writable != null && writable != keep) writable.setEnabled(false);
        if (readOnly != null && readOnly != keep) readOnly.setEnabled(false);
        if (mode == Mode.READ_WRITE) writable = enable(writable, false);
        if (mode == Mode.READ_ONLY) readOnly = enable(readOnly, true);
    }

    Mode mode() {
        if (writable != null && writable.enabled()) return Mode.READ_WRITE;
        if (readOnly != null && readOnly.enabled()) return Mode.READ_ONLY;
        return Mode.HIDDEN;
    }

    private Mapping enable(Mapping m, boolean ro) {
        if (m == null) return memory.mapRam(name + (ro ? "-ro" : ""), owner, base, base, size, ro, priority);
        m.setEnabled(true);
        return m;
    }
}
