package org.plugboard.firmware.fwcfg;

/**
 * The guest's position in fw_cfg: the selected item and the offset of the next byte. Selecting
 * rewinds to offset 0; reading past the end of an item (or from an item that does not exist)
 * yields zeros without moving.
 */
final class FwCfgCursor {
    private FwCfgStore store;
    private int selector;
    private int offset;

    FwCfgCursor(FwCfgStore store) {
        this.store = store;
    }

    /** Serves another set of items (rebuilt tables); the position stays, as the guest left it. */
    void use(FwCfgStore newStore) {
        this.store = newStore;
    }

    int fileCount() {
        return store.fileNames().size();
    }

    void select(int selector) {
        this.selector = selector & 0xffff;
        this.offset = 0;
    }

    int selector() { return selector; }

    int offset() { return offset; }

    /** Restores a saved position. */
    void restore(int selector, int offset) {
        this.selector = selector & 0xffff;
        this.offset = offset;
    }

    /** The selected item's data, or null. */
    byte[] item() {
        return store.get(FwCfgKeys.item(selector));
    }

    /** The next data byte (0 past the end). */
    int readByte() {
        byte[] data = item();
        if (data == null || offset >= data.length) return 0;
        return data[offset++] & 0xff;
    }

    /** Moves the offset by {@code n} bytes already transferred. */
    void advance(int n) {
        offset += n;
    }
}
