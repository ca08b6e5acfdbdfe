package org.plugboard.cpu.x86;

/**
 * Segment descriptors: reading them from the GDT/LDT, decoding them, and loading segment
 * registers with the checks of SDM vol. 3, chapter 5 (and the real/virtual-8086 mode rule
 * base = selector * 16).
 */
final class Segments {
    static final int REAL_MODE_ATTRIBUTES = 0x93;
    static final int V86_ATTRIBUTES = 0xf3;

    private final Cpu cpu;

    Segments(Cpu cpu) {
        this.cpu = cpu;
    }

    // --- descriptor fields ---

    static long base(long d) {
        return ((d >>> 16) & 0xffffff) | ((d >>> 56) & 0xff) << 24;
    }

    static long limit(long d) {
        long l = (d & 0xffff) | ((d >>> 48) & 0xf) << 16;
        return (d & (1L << 55)) != 0 ? l << 12 | 0xfff : l;
    }

    /** Access rights in the VMX layout. */
    static int attributes(long d) {
        return (int) (((d >>> 40) & 0xff) | ((d >>> 52) & 0xf) << 12);
    }

    static int dpl(long d) {
        return (int) (d >>> 45) & 3;
    }

    static boolean present(long d) {
        return (d & (1L << 47)) != 0;
    }

    /** S = 1: code or data. */
    static boolean codeOrData(long d) {
        return (d & (1L << 44)) != 0;
    }

    static boolean code(long d) {
        return codeOrData(d) && (d & (1L << 43)) != 0;
    }

    static int type(long d) {
        return (int) (d >>> 40) & 0xf;
    }

    // --- tables ---

    /** The linear address of a selector's descriptor; raises {@code vector}(selector) outside the table. */
    long descriptorAddress(int selector, int vector) {
        int index = selector & ~7;
        if ((selector & 4) != 0) {
            if (cpu.ldtr.unusable() || index + 7 > cpu.ldtr.limit) throw cpu.fault(vector, selector & 0xfffc);
            return cpu.ldtr.base + index;
        }
        if (index + 7 > cpu.gdtLimit) throw cpu.fault(vector, selector & 0xfffc);
        return cpu.gdtBase + index;
    }

    long readDescriptor(int selector, int vector) {
        return cpu.mmu.readSystem(descriptorAddress(selector, vector), 8);
    }

    /** The upper half of a 16-byte system descriptor (long mode LDT, TSS, gates). */
    long readDescriptorHigh(int selector, int vector) {
        int index = selector & ~7;
        if ((selector & 4) == 0 && index + 15 > cpu.gdtLimit) throw cpu.fault(vector, selector & 0xfffc);
        return cpu.mmu.readSystem(descriptorAddress(selector, vector) + 8, 8);
    }

    void setAccessed(int selector, long d) {
        if ((d & (1L << 40)) == 0) {
            long a = descriptorAddress(selector, Vectors.GP);
            cpu.mmu.writeSystem(a + 5, 1, (d >>> 40 | 1) & 0xff);
        }
    }

    // --- loads ---

    /** MOV/POP/LDS-style load of ES, SS, DS, FS or GS. */
    void loadData(int sreg, int selector) {
        selector &= 0xffff;
        if (!cpu.protectedMode || cpu.v86) {
            loadRealMode(sreg, selector);
            return;
        }
        int rpl = selector & 3;
        if ((selector & ~3) == 0) {
            if (sreg == Cpu.SS && !(cpu.mode64 && cpu.cpl != 3 && rpl == cpu.cpl)) throw cpu.fault(Vectors.GP, 0);
            loadNull(sreg, selector);
            return;
        }
        long d = readDescriptor(selector, Vectors.GP);
        int dpl = dpl(d);
        if (sreg == Cpu.SS) {
            boolean writableData = codeOrData(d) && !code(d) && (type(d) & 2) != 0;
            if (rpl != cpu.cpl || dpl != cpu.cpl || !writableData) throw cpu.fault(Vectors.GP, selector & 0xfffc);
            if (!present(d)) throw cpu.fault(Vectors.SS, selector & 0xfffc);
        } else {
            boolean readable = codeOrData(d) && (!code(d) || (type(d) & 2) != 0);
            if (!readable) throw cpu.fault(Vectors.GP, selector & 0xfffc);
            boolean conformingCode = code(d) && (type(d) & 4) != 0;
            if (!conformingCode && (rpl > dpl || cpu.cpl > dpl)) throw cpu.fault(Vectors.GP, selector & 0xfffc);
            if (!present(d)) throw cpu.fault(Vectors.NP, selector & 0xfffc);
        }
        setAccessed(selector, d);
        load(sreg, selector, d | 1L << 40);
    }

    /** Loads a register's cache from a descriptor already checked. */
    void load(int sreg, int selector, long d) {
        cpu.seg[sreg].load(selector, base(d), limit(d), attributes(d), cpu.mode64);
        if (sreg == Cpu.SS || sreg == Cpu.CS) cpu.updateMode();
    }

    void loadNull(int sreg, int selector) {
        SegmentCache s = cpu.seg[sreg];
        s.load(selector, 0, 0, SegmentCache.ATTR_UNUSABLE | (sreg == Cpu.SS ? (cpu.cpl << 5) : 0), cpu.mode64);
        if (sreg == Cpu.SS) cpu.updateMode();
    }

    /** Real mode keeps limit and attributes (so "unreal mode" works); virtual-8086 mode resets them. */
    void loadRealMode(int sreg, int selector) {
        SegmentCache s = cpu.seg[sreg];
        if (cpu.v86) s.load(selector, (long) selector << 4, 0xffff, V86_ATTRIBUTES, false);
        else {
            s.selector = selector;
            s.base = (long) selector << 4;
            s.derive(false);
        }
        if (sreg == Cpu.CS || sreg == Cpu.SS) cpu.updateMode();
    }

    /** Loads CS for a control transfer to {@code cpl}; the descriptor has been checked by the caller. */
    void loadCode(int selector, long d, int cpl) {
        cpu.cpl = cpl;
        cpu.seg[Cpu.CS].load((selector & ~3) | cpl, base(d), limit(d), attributes(d) | 1, false);
        cpu.updateMode();
    }
}
