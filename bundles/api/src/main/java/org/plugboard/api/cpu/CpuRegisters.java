package org.plugboard.api.cpu;

/**
 * The architectural register file in a form loaders, the shell and tests share. Segment
 * attributes use the VMX access-rights layout: type (bits 3:0), S (4), DPL (6:5), P (7),
 * AVL (12), L (13), D/B (14), G (15).
 */
public final class CpuRegisters {
    public static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    public static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    /** RAX..R15 in encoding order. */
    public final long[] gpr = new long[16];
    public long rip;
    public long rflags = 2;
    /** ES, CS, SS, DS, FS, GS. */
    public final Segment[] seg = {new Segment(), new Segment(), new Segment(), new Segment(), new Segment(), new Segment()};
    public final Segment ldtr = new Segment();
    public final Segment tr = new Segment();
    public long gdtBase, idtBase;
    public int gdtLimit = 0xffff, idtLimit = 0xffff;
    public long cr0 = 0x60000010L, cr2, cr3, cr4, cr8;
    public long efer;

    /** A segment register with its hidden part. */
    public static final class Segment {
        public int selector;
        public long base;
        public int limit;
        public int attributes;

        public Segment set(int selector, long base, int limit, int attributes) {
            this.selector = selector;
            this.base = base;
            this.limit = limit;
            this.attributes = attributes;
            return this;
        }

        @Override
        public String toString() {
            return String.format("%04x base=%08x limit=%08x attr=%04x", selector, base, limit, attributes);
        }
    }

    /** Flat 32-bit code: base 0, 4 GiB, execute/read, present, D=1, G=1. */
    public static final int FLAT_CODE32 = 0xc09b;
    /** Flat 32-bit data: base 0, 4 GiB, read/write, present, D/B=1, G=1. */
    public static final int FLAT_DATA32 = 0xc093;

    /** The state the multiboot spec defines at entry: flat 32-bit protected mode, paging off. */
    public static CpuRegisters flatProtectedMode(long entry) {
        CpuRegisters r = new CpuRegisters();
        r.rip = entry;
        r.cr0 = 0x11; // PE | ET
        r.seg[CS].set(0x10, 0, 0xffffffff, FLAT_CODE32);
        for (int s : new int[] {ES, SS, DS, FS, GS}) r.seg[s].set(0x18, 0, 0xffffffff, FLAT_DATA32);
        r.tr.set(0, 0, 0xffff, 0x8b);
        r.ldtr.set(0, 0, 0xffff, 0x82);
        return r;
    }
}
