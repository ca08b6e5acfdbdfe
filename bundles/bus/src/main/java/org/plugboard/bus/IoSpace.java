package org.plugboard.bus;

import org.plugboard.api.bus.Region;

/**
 * The 64 K I/O-port space. The dispatch table has one entry per port, so the CPU's {@code in}
 * and {@code out} cost an array load, a range check and a virtual call.
 */
public final class IoSpace extends SpaceBase {
    public static final int PORTS = 0x10000;

    /** A mapping's resolved handler, shared by every port it decodes. */
    static final class PortEntry {
        final Region region;
        final long base;
        final int minAccess, maxAccess;

        PortEntry(Region region, long base) {
            this.region = region;
            this.base = base;
            this.minAccess = region.minAccess();
            this.maxAccess = region.maxAccess();
        }
    }

    private final PortEntry[] table = new PortEntry[PORTS];

    public IoSpace() {
        super("io", PORTS);
    }

    @Override
    protected void rebuild(long first, long last) {
        PortEntry current = null;
        MappingImpl currentOwner = null;
        for (long port = first; port <= last; port++) {
            MappingImpl w = winner(port);
            if (w == null) { table[(int) port] = null; continue; }
            if (w != currentOwner) { current = entryFor(w); currentOwner = w; }
            table[(int) port] = current;
        }
    }

    /**
     * The one entry of a mapping at its current base. Every port of a mapping must share it, even
     * when only part of the mapping is rebuilt (an overlapping window went away): the fast path
     * recognises "one handler decodes the whole access" by comparing the entries of both ends.
     */
    private static PortEntry entryFor(MappingImpl m) {
        PortEntry e = m.portEntry;
        if (e == null || e.base != m.base) m.portEntry = e = new PortEntry(m.region, m.base);
        return e;
    }

    @Override
    public long read(long address, int size) {
        int port = (int) address & 0xffff;
        PortEntry e = table[port];
        // fast path: one handler decodes both ends and takes this size
        if (e != null && size >= e.minAccess && size <= e.maxAccess && table[(port + size - 1) & 0xffff] == e)
            return e.region.ops().read(port - e.base, size) & Access.mask(size);
        return slowRead(port, size);
    }

    @Override
    public void write(long address, int size, long value) {
        int port = (int) address & 0xffff;
        PortEntry e = table[port];
        if (e != null && size >= e.minAccess && size <= e.maxAccess && table[(port + size - 1) & 0xffff] == e) {
            e.region.ops().write(port - e.base, size, value & Access.mask(size));
            return;
        }
        slowWrite(port, size, value);
    }

    private long slowRead(int port, int size) {
        PortEntry e = table[port];
        if (e != null && table[(port + size - 1) & 0xffff] == e) return Access.read(e.region, port - e.base, size);
        long v = 0;
        for (int i = 0; i < size; i++) {
            int p = (port + i) & 0xffff;
            PortEntry b = table[p];
            long byteVal = b == null ? 0xff : Access.read(b.region, p - b.base, 1);
            v |= byteVal << (8 * i);
        }
        return v;
    }

    private void slowWrite(int port, int size, long value) {
        PortEntry e = table[port];
        if (e != null && table[(port + size - 1) & 0xffff] == e) {
            Access.write(e.region, port - e.base, size, value);
            return;
        }
        for (int i = 0; i < size; i++) {
            int p = (port + i) & 0xffff;
            PortEntry b = table[p];
            if (b != null) Access.write(b.region, p - b.base, 1, value >>> (8 * i));
        }
    }

    /** The handler decoding {@code port} now, or null (for tests and the shell). */
    public Region handlerAt(int port) {
        PortEntry e = table[port & 0xffff];
        return e == null ? null : e.region;
    }
}
