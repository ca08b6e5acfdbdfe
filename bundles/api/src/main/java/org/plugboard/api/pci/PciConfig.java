package org.plugboard.api.pci;

/**
 * A type-0 configuration space with the behaviour every function shares: read-only identity
 * fields, per-bit write masks, write-1-to-clear status bits, BAR sizing (the low bits a BAR
 * cannot hold read back as zero, so writing all ones reveals its size) and a capability list.
 * Devices keep one and delegate {@link PciFunction#configRead}/{@code configWrite} to it.
 */
public class PciConfig {
    public static final int VENDOR_ID = 0x00, DEVICE_ID = 0x02, COMMAND = 0x04, STATUS = 0x06, REVISION = 0x08,
            PROG_IF = 0x09, SUBCLASS = 0x0a, CLASS = 0x0b, CACHE_LINE = 0x0c, LATENCY = 0x0d, HEADER_TYPE = 0x0e,
            BAR0 = 0x10, SUBSYS_VENDOR = 0x2c, SUBSYS_ID = 0x2e, ROM_BAR = 0x30, CAP_PTR = 0x34, INT_LINE = 0x3c,
            INT_PIN = 0x3d;
    public static final int CMD_IO = 1, CMD_MEMORY = 2, CMD_BUS_MASTER = 4, CMD_INTX_DISABLE = 0x400;
    public static final int STATUS_CAP_LIST = 0x10, STATUS_INTX = 0x08;

    /** The kind of a BAR. */
    public enum BarType { IO, MEM32, MEM64, MEM64_PREFETCH, MEM32_PREFETCH }

    private final byte[] data;
    private final byte[] writeMask;
    private final byte[] w1cMask;
    private final BarType[] barTypes = new BarType[7];
    private final long[] barSizes = new long[7];
    private int lastCap;

    public PciConfig(int size) {
        data = new byte[size];
        writeMask = new byte[size];
        w1cMask = new byte[size];
        // command: I/O, memory, bus master, SERR, INTx disable are guest-writable
        setMask16(COMMAND, CMD_IO | CMD_MEMORY | CMD_BUS_MASTER | 0x100 | CMD_INTX_DISABLE);
        // status: the error bits are write-1-to-clear
        w1cMask[STATUS + 1] = (byte) 0xf9;
        writeMask[CACHE_LINE] = (byte) 0xff;
        writeMask[LATENCY] = (byte) 0xff;
        writeMask[INT_LINE] = (byte) 0xff;
    }

    public PciConfig() {
        this(256);
    }

    public int size() { return data.length; }

    // --- identity, set by the device ---

    public PciConfig identity(int vendor, int device, int revision, int classCode, int subclass, int progIf) {
        set16(VENDOR_ID, vendor);
        set16(DEVICE_ID, device);
        set8(REVISION, revision);
        set8(CLASS, classCode);
        set8(SUBCLASS, subclass);
        set8(PROG_IF, progIf);
        return this;
    }

    public PciConfig subsystem(int vendor, int id) {
        set16(SUBSYS_VENDOR, vendor);
        set16(SUBSYS_ID, id);
        return this;
    }

    /** Interrupt pin 1 = INTA .. 4 = INTD, 0 = none. */
    public PciConfig interruptPin(int pin) {
        set8(INT_PIN, pin);
        return this;
    }

    /** Declares BAR {@code index} (6 = ROM) of a power-of-two {@code size}. */
    public PciConfig bar(int index, BarType type, long size) {
        if (Long.bitCount(size) != 1 || (type == BarType.IO ? size < 4 : size < 16))
            throw new IllegalArgumentException("BAR" + index + " size 0x" + Long.toHexString(size) + " is not a power of two >= 16 (4 for I/O)");
        int off = barOffset(index);
        boolean wide = type == BarType.MEM64 || type == BarType.MEM64_PREFETCH;
        if (wide && index >= 5)
            throw new IllegalArgumentException("BAR" + index + " cannot be 64-bit: no register follows it for the upper half");
        if (index == 6 && type == BarType.IO) throw new IllegalArgumentException("the expansion ROM BAR is memory, not I/O");
        barTypes[index] = type;
        barSizes[index] = size;
        long mask = ~(size - 1);
        switch (type) {
            case IO: set32(off, 1); setMask32(off, (int) (mask & 0xfffffffcL)); break;
            case MEM32: set32(off, 0); setMask32(off, (int) (mask & 0xfffffff0L)); break;
            case MEM32_PREFETCH: set32(off, 8); setMask32(off, (int) (mask & 0xfffffff0L)); break;
            case MEM64: case MEM64_PREFETCH:
                set32(off, type == BarType.MEM64 ? 4 : 0xc);
                setMask32(off, (int) (mask & 0xfffffff0L));
                setMask32(off + 4, (int) (mask >>> 32));
                break;
            default: throw new AssertionError(type);
        }
        // the ROM BAR: address bits from bit 11 up, and the enable bit 0
        if (index == 6) { set32(off, 0); setMask32(off, (int) ((mask & 0xfffff800L) | 1)); }
        return this;
    }

    public BarType barType(int index) { return barTypes[index]; }

    public long barSize(int index) { return barSizes[index]; }

    /** The address the guest programmed into BAR {@code index} (flag bits stripped). */
    public long barAddress(int index) {
        int off = barOffset(index);
        BarType t = barTypes[index];
        if (t == null) return 0;
        if (index == 6) return get32(off) & 0xfffff800L;
        if (t == BarType.IO) return get32(off) & 0xfffffffcL;
        long lo = get32(off) & 0xfffffff0L;
        return (t == BarType.MEM64 || t == BarType.MEM64_PREFETCH) ? lo | (get32(off + 4) & 0xffffffffL) << 32 : lo;
    }

    /** Whether BAR {@code index} decodes now (command bits, and bit 0 for the ROM). */
    public boolean barEnabled(int index) {
        BarType t = barTypes[index];
        if (t == null) return false;
        int cmd = get16(COMMAND);
        if (t == BarType.IO) return (cmd & CMD_IO) != 0;
        if (index == 6) return (cmd & CMD_MEMORY) != 0 && (get32(ROM_BAR) & 1) != 0;
        return (cmd & CMD_MEMORY) != 0;
    }

    private static int barOffset(int index) {
        if (index < 0 || index > 6) throw new IllegalArgumentException("BAR index " + index);
        return index == 6 ? ROM_BAR : BAR0 + 4 * index;
    }

    /**
     * Adds a capability of {@code length} bytes with the given id, linked into the list, and
     * returns its offset; the device fills in and masks the body.
     */
    public int addCapability(int id, int length, int offset) {
        set8(offset, id);
        set8(offset + 1, 0);
        if (lastCap == 0) {
            set8(CAP_PTR, offset);
            set16(STATUS, get16(STATUS) | STATUS_CAP_LIST);
        } else {
            set8(lastCap + 1, offset);
        }
        lastCap = offset;
        return offset;
    }

    // --- guest accesses ---

    public int read(int offset, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) v |= (data[offset + i] & 0xff) << (8 * i);
        return v;
    }

    /** A guest write: only writable bits change, write-1-to-clear bits clear. */
    public void write(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            int o = offset + i;
            int b = (value >>> (8 * i)) & 0xff;
            int m = writeMask[o] & 0xff;
            int c = w1cMask[o] & 0xff;
            int cur = data[o] & 0xff;
            cur = (cur & ~m) | (b & m);
            cur &= ~(b & c);
            data[o] = (byte) cur;
        }
    }

    // --- raw access for the device itself ---

    public int get8(int o) { return data[o] & 0xff; }
    public int get16(int o) { return read(o, 2); }
    public int get32(int o) { return read(o, 4); }
    public void set8(int o, int v) { data[o] = (byte) v; }
    public void set16(int o, int v) { set8(o, v); set8(o + 1, v >> 8); }
    public void set32(int o, int v) { set16(o, v); set16(o + 2, v >>> 16); }
    public void setMask8(int o, int m) { writeMask[o] = (byte) m; }
    public void setMask16(int o, int m) { setMask8(o, m); setMask8(o + 1, m >> 8); }
    public void setMask32(int o, int m) { setMask16(o, m); setMask16(o + 2, m >>> 16); }
    public void setW1c16(int o, int m) { w1cMask[o] = (byte) m; w1cMask[o + 1] = (byte) (m >> 8); }

    public boolean busMasterEnabled() { return (get16(COMMAND) & CMD_BUS_MASTER) != 0; }

    public boolean intxDisabled() { return (get16(COMMAND) & CMD_INTX_DISABLE) != 0; }

    /** Guest-visible bytes, for device state. */
    public byte[] snapshot() { return data.clone(); }

    /** Restores guest-visible bytes saved by {@link #snapshot()}. */
    public void restore(byte[] bytes) {
        if (bytes.length != data.length)
            throw new IllegalArgumentException("config space of " + bytes.length + " bytes, expected " + data.length);
        System.arraycopy(bytes, 0, data, 0, data.length);
    }
}
