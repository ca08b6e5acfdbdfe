package org.plugboard.cpu.x86;

import org.plugboard.api.bus.AddressSpace;

/**
 * IN/OUT to the machine's I/O space, with the protected-mode permission check: CPL <= IOPL,
 * otherwise (and always in virtual-8086 mode) the TSS I/O permission bitmap decides
 * (SDM vol. 1, 19.5).
 */
final class PortIo {
    private final Cpu cpu;
    private AddressSpace space;

    PortIo(Cpu cpu) {
        this.cpu = cpu;
    }

    void bind(AddressSpace space) {
        this.space = space;
    }

    long in(int port, int size) {
        checkAccess(port, size);
        return inUnchecked(port, size);
    }

    void out(int port, int size, long value) {
        checkAccess(port, size);
        outUnchecked(port, size, value);
    }

    long inUnchecked(int port, int size) {
        cpu.breakpoints.portAccess(port, size);
        return space.read(port, size) & Flags.MASK[size];
    }

    void outUnchecked(int port, int size, long value) {
        cpu.breakpoints.portAccess(port, size);
        space.write(port, size, value & Flags.MASK[size]);
    }

    void checkAccess(int port, int size) {
        if (!cpu.protectedMode) return;
        int iopl = (cpu.flags.bits >> 12) & 3;
        if (!cpu.v86 && cpu.cpl <= iopl) return;
        if (!bitmapAllows(port, size)) throw cpu.fault(Vectors.GP, 0);
    }

    private boolean bitmapAllows(int port, int size) {
        SegmentCache tr = cpu.tr;
        int type = tr.attributes & 0xf;
        if (type != 9 && type != 11) return false; // only a 32/64-bit TSS has a bitmap
        if (tr.limit < 0x67) return false;
        long base = cpu.mmu.readSystem(tr.base + 0x66, 2);
        long at = base + (port >> 3);
        if (at + 1 > tr.limit) return false;
        int bits = (int) cpu.mmu.readSystem(tr.base + at, 2);
        int mask = ((1 << size) - 1) << (port & 7);
        return (bits & mask) == 0;
    }
}
