package org.plugboard.firmware.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plugboard.api.bus.DmaException;
import org.plugboard.testkit.DeviceTestKit;

/** What a guest driver does with fw_cfg, written once for the tests: select, read, DMA, directory. */
final class FwCfgPorts {
    static final int SELECTOR = 0x510, DATA = 0x511, DMA_HIGH = 0x514, DMA_LOW = 0x518;

    private final DeviceTestKit kit;

    FwCfgPorts(DeviceTestKit kit) {
        this.kit = kit;
    }

    void select(int key) {
        kit.outw(SELECTOR, key);
    }

    byte[] read(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) kit.inb(DATA);
        return b;
    }

    byte[] item(int key, int n) {
        select(key);
        return read(n);
    }

    long le(int key, int size) {
        byte[] b = item(key, size);
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    /** The file directory: name to {selector, size}. */
    Map<String, int[]> directory() {
        select(0x19);
        int count = (int) be(read(4));
        Map<String, int[]> files = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int size = (int) be(read(4));
            int sel = (int) be(read(2));
            read(2);
            byte[] name = read(56);
            int end = 0;
            while (end < 56 && name[end] != 0) end++;
            files.put(new String(name, 0, end, StandardCharsets.US_ASCII), new int[] {sel, size});
        }
        return files;
    }

    byte[] file(String name) {
        int[] entry = directory().get(name);
        if (entry == null) throw new AssertionError("no fw_cfg file " + name + " in " + directory().keySet());
        return item(entry[0], entry[1]);
    }

    /** Writes a DMA descriptor at {@code at} and starts it through the two 32-bit halves; returns the control word left. */
    int dma(long at, int control, int length, long address) throws DmaException {
        byte[] d = new byte[16];
        putBe(d, 0, control, 4);
        putBe(d, 4, length, 4);
        putBe(d, 8, address, 8);
        kit.dma().write(at, d, 0, 16);
        start(at);
        byte[] back = new byte[4];
        kit.dma().read(at, back, 0, 4);
        return (int) be(back);
    }

    /** Writes the descriptor address big-endian, as a guest's outl(bswap32(...)) does. */
    void start(long descriptor) {
        kit.outl(DMA_HIGH, Integer.reverseBytes((int) (descriptor >>> 32)));
        kit.outl(DMA_LOW, Integer.reverseBytes((int) descriptor));
    }

    static long be(byte[] b) {
        long v = 0;
        for (byte x : b) v = v << 8 | (x & 0xff);
        return v;
    }

    private static void putBe(byte[] b, int at, long v, int size) {
        for (int i = 0; i < size; i++) b[at + i] = (byte) (v >>> (8 * (size - 1 - i)));
    }
}
