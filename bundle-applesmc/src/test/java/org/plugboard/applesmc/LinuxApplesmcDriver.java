package org.plugboard.applesmc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Linux's applesmc driver (drivers/hwmon/applesmc.c, 5.10 and later) re-told in Java for the
 * tests: the same port accesses in the same order, the same status masks, the same 24-poll
 * waits (without the sleeps), the same key cache, binary searches and init sequence. Written
 * from the driver's behaviour, not copied.
 */
final class LinuxApplesmcDriver {
    static final int DATA = 0x300;
    static final int CMD = 0x304;
    private static final int AWAITING_DATA = 0x01;
    private static final int IB_CLOSED = 0x02;
    private static final int BUSY = 0x04;

    /** One cached key: what GET_KEY_BY_INDEX and GET_KEY_INFO said about an index. */
    record Entry(String key, int len, String type, int flags) {
    }

    /** What applesmc_init_smcreg_try() prints: "key=%d fan=%d temp=%d index=%d acc=%d lux=%d kbd=%d". */
    record Init(int keyCount, int fanCount, int tempBegin, int tempEnd, int indexCount,
                boolean accelerometer, int lightSensors, boolean keyBacklight) {
        int tempCount() {
            return tempEnd - tempBegin;
        }
    }

    private final PortIo io;
    private Entry[] cache;
    private int keyCount;
    /** Bytes drained by read_smc's flush loop, summed (the driver warns "flushed %d bytes"). */
    int flushed;
    /** Status polls that did not see the awaited value at once (the driver would sleep). */
    int extraPolls;
    /** The indices the driver asked the SMC about (cache misses), in order. */
    final java.util.List<Integer> indexQueries = new java.util.ArrayList<>();

    LinuxApplesmcDriver(PortIo io) {
        this.io = io;
    }

    // --- low level, as read_smc() / write_smc() ---

    void waitStatus(int val, int mask) throws IOException {
        for (int i = 0; i < 24; i++) {
            if ((io.inb(CMD) & mask) == val) return;
            extraPolls++;
        }
        throw new IOException("wait_status(0x" + Integer.toHexString(val) + ", 0x" + Integer.toHexString(mask) + ") timed out");
    }

    void sendByte(int b) throws IOException {
        waitStatus(0, IB_CLOSED);
        waitStatus(BUSY, BUSY);
        io.outb(DATA, b);
    }

    void sendCommand(int cmd) throws IOException {
        waitStatus(0, IB_CLOSED);
        io.outb(CMD, cmd);
    }

    void smcSane() throws IOException {
        try {
            waitStatus(0, BUSY);
            return;
        } catch (IOException stuck) {
            sendCommand(0x10);
        }
        waitStatus(0, BUSY);
    }

    void sendArgument(byte[] key) throws IOException {
        for (int i = 0; i < 4; i++) sendByte(key[i] & 0xff);
    }

    byte[] readSmc(int cmd, byte[] key, int len) throws IOException {
        smcSane();
        sendCommand(cmd);
        sendArgument(key);
        sendByte(len);
        byte[] buffer = new byte[len];
        for (int i = 0; i < len; i++) {
            try {
                waitStatus(AWAITING_DATA | BUSY, AWAITING_DATA | BUSY);
            } catch (IOException e) {
                throw new IOException(name(key) + ": read data[" + i + "] fail", e);
            }
            buffer[i] = (byte) io.inb(DATA);
        }
        int i;
        for (i = 0; i < 16; i++) {
            if ((io.inb(CMD) & AWAITING_DATA) == 0) break;
            io.inb(DATA);
        }
        flushed += i;
        waitStatus(0, BUSY);
        return buffer;
    }

    void writeSmc(int cmd, byte[] key, byte[] buffer) throws IOException {
        smcSane();
        sendCommand(cmd);
        sendArgument(key);
        sendByte(buffer.length);
        for (byte b : buffer) sendByte(b & 0xff);
        waitStatus(0, BUSY);
    }

    // --- the key cache and searches ---

    int readRegisterCount() throws IOException {
        return ByteBuffer.wrap(readSmc(0x10, bytes("#KEY"), 4)).getInt();
    }

    /** Reads #KEY and sets up an empty key cache, as the first step of the probe. */
    int start() throws IOException {
        keyCount = readRegisterCount();
        cache = new Entry[keyCount];
        return keyCount;
    }

    Entry entryByIndex(int index) throws IOException {
        if (cache[index] != null) return cache[index];
        indexQueries.add(index);
        byte[] key = readSmc(0x12, ByteBuffer.allocate(4).putInt(index).array(), 4);
        byte[] info = readSmc(0x13, key, 6);
        cache[index] = new Entry(name(key), info[0] & 0xff, new String(info, 1, 4, StandardCharsets.ISO_8859_1),
                info[5] & 0xff);
        return cache[index];
    }

    /** First index whose key is not below {@code key} (strcmp order: "T" sorts before "TA0P"). */
    int lowerBound(String key) throws IOException {
        int begin = 0, end = keyCount;
        while (begin != end) {
            int middle = begin + (end - begin) / 2;
            if (entryByIndex(middle).key().compareTo(key) < 0) begin = middle + 1;
            else end = middle;
        }
        return begin;
    }

    int upperBound(String key) throws IOException {
        int begin = 0, end = keyCount;
        while (begin != end) {
            int middle = begin + (end - begin) / 2;
            if (key.compareTo(entryByIndex(middle).key()) < 0) end = middle;
            else begin = middle + 1;
        }
        return begin;
    }

    /** The entry for {@code key}, or null where the driver returns -EINVAL (no such key). */
    Entry entryByKey(String key) throws IOException {
        int begin = lowerBound(key);
        int end = upperBound(key);
        return end - begin == 1 ? entryByIndex(begin) : null;
    }

    byte[] readKey(String key, int len) throws IOException {
        Entry e = entryByKey(key);
        if (e == null) throw new IOException(key + ": -EINVAL (no such key)");
        if (e.len() != len) throw new IOException(key + ": -EINVAL (size " + e.len() + ", not " + len + ")");
        return readSmc(0x10, bytes(e.key()), len);
    }

    void writeKey(String key, byte[] value) throws IOException {
        Entry e = entryByKey(key);
        if (e == null) throw new IOException(key + ": -EINVAL (no such key)");
        if (e.len() != value.length) throw new IOException(key + ": -EINVAL (size " + e.len() + ", not " + value.length + ")");
        writeSmc(0x11, bytes(e.key()), value);
    }

    boolean hasKey(String key) throws IOException {
        return entryByKey(key) != null;
    }

    /** applesmc_init_smcreg_try(): the probe. */
    Init init() throws IOException {
        start();
        int fanCount = Math.min(readKey("FNum", 1)[0] & 0xff, 10);
        int tempBegin = lowerBound("T");
        int tempEnd = lowerBound("U");
        int indexCount = 0;
        for (int i = tempBegin; i < tempEnd; i++)
            if (entryByIndex(i).type().equals("sp78")) indexCount++;
        int lux = (hasKey("ALV0") ? 1 : 0) + (hasKey("ALV1") ? 1 : 0);
        boolean accelerometer = hasKey("MOCN");
        boolean backlight = hasKey("LKSB");
        return new Init(keyCount, fanCount, tempBegin, tempEnd, indexCount, accelerometer, lux, backlight);
    }

    static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String name(byte[] key) {
        return new String(key, 0, 4, StandardCharsets.ISO_8859_1);
    }
}
