package org.plugboard.pc.serial;

/**
 * The UART's receive side: a 16-byte FIFO, or with FIFOs disabled the single receive buffer
 * register (the same ring with a limit of one byte).
 */
final class ReceiveFifo {
    static final int DEPTH = 16;
    private final byte[] ring = new byte[DEPTH];
    private int head;
    private int count;
    private int limit = 1;

    int size() { return count; }

    boolean isEmpty() { return count == 0; }

    boolean isFull() { return count == limit; }

    /** 16 with FIFOs enabled, 1 without; the contents are dropped, as the chip does. */
    void setLimit(int limit) {
        this.limit = limit;
        clear();
    }

    void clear() {
        head = 0;
        count = 0;
    }

    void push(int b) {
        if (isFull()) throw new IllegalStateException("receive FIFO full");
        ring[(head + count) % DEPTH] = (byte) b;
        count++;
    }

    /** Replaces the newest byte: a 16450-style overrun, where the old character is destroyed. */
    void overwriteNewest(int b) {
        ring[(head + count - 1) % DEPTH] = (byte) b;
    }

    int pop() {
        int b = ring[head] & 0xff;
        head = (head + 1) % DEPTH;
        count--;
        return b;
    }

    byte[] toBytes() {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) out[i] = ring[(head + i) % DEPTH];
        return out;
    }

    void load(byte[] bytes, int limit) {
        if (bytes.length > limit) throw new IllegalArgumentException("saved receive FIFO holds " + bytes.length
                + " bytes, more than its limit " + limit);
        setLimit(limit);
        for (byte b : bytes) push(b & 0xff);
    }
}
