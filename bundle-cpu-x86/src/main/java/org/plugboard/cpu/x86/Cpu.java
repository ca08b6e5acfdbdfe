package org.plugboard.cpu.x86;

/**
 * The architectural state of one x86 CPU, and guest accesses through segments: limit and type
 * checks, then the {@link Mmu}. Everything that executes instructions works on this object.
 */
final class Cpu {
    static final int RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
    static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    static final long CR0_PE = 1, CR0_MP = 2, CR0_EM = 4, CR0_TS = 8, CR0_ET = 0x10, CR0_NE = 0x20,
            CR0_WP = 0x10000, CR0_AM = 0x40000, CR0_NW = 0x20000000, CR0_CD = 0x40000000, CR0_PG = 0x80000000L;
    static final long CR4_VME = 1, CR4_PVI = 2, CR4_TSD = 4, CR4_DE = 8, CR4_PSE = 0x10, CR4_PAE = 0x20,
            CR4_MCE = 0x40, CR4_PGE = 0x80, CR4_PCE = 0x100, CR4_OSFXSR = 0x200, CR4_OSXMMEXCPT = 0x400,
            CR4_OSXSAVE = 0x40000;
    static final long CR4_SMEP = 1L << 20, CR4_SMAP = 1L << 21;
    static final long EFER_SCE = 1, EFER_LME = 0x100, EFER_LMA = 0x400, EFER_NXE = 0x800;

    final long[] gpr = new long[16];
    /** The offset of the current instruction in CS (EIP/IP/RIP); advanced when it retires. */
    long rip;
    /** Where execution continues after the current instruction; branches set it. */
    long nextRip;
    final Flags flags = new Flags();
    final SegmentCache[] seg = {new SegmentCache(false), new SegmentCache(false), new SegmentCache(false),
            new SegmentCache(false), new SegmentCache(true), new SegmentCache(true)};
    final SegmentCache ldtr = new SegmentCache(true), tr = new SegmentCache(true);
    long gdtBase, idtBase;
    int gdtLimit, idtLimit;
    long cr0, cr2, cr3, cr4, efer;
    final long[] dr = new long[8];
    final FpuState fpu = new FpuState();
    /** FERR# and IGNNE#: the legacy x87 error path when CR0.NE is clear. */
    final FpuErrorPins fpuErrors = new FpuErrorPins(this);

    // --- derived mode, recomputed by updateMode() ---
    int cpl;
    /** Default operand size of the code segment: 2, 4 or 8. */
    int codeSize;
    int stackSize;
    /** Mask for RIP: 0xffff, 0xffffffff or all ones, by code size. */
    long ripMask = 0xffff;
    long stackMask;
    /** 32-bit linear addresses outside long mode. */
    long linearMask = 0xffffffffL;
    boolean protectedMode, v86, longMode, mode64;

    // --- the fault being raised ---
    int faultVector, faultError;
    boolean faultHasError;

    /** Instructions retired since power-on; incremented as each one completes. */
    long retired;
    /** External interrupts are held off while {@code retired < inhibitUntil} (after STI, MOV SS). */
    long inhibitUntil;
    boolean halted;
    /** An NMI handler is running: further NMIs wait for IRET. */
    boolean nmiBlocked;
    /** The bootstrap processor (CPU 0) starts running at reset; the others wait for SIPI. */
    boolean isBsp;

    final Breakpoints breakpoints = new Breakpoints(this);
    final Mmu mmu = new Mmu(this);

    /** Records a fault with an error code and returns the exception to throw. */
    CpuFault fault(int vector, int errorCode) {
        faultVector = vector;
        faultError = errorCode;
        faultHasError = Vectors.hasErrorCode(vector);
        return CpuFault.INSTANCE;
    }

    CpuFault fault(int vector) {
        return fault(vector, 0);
    }

    /** Recomputes the derived mode after CR0, EFER, CS, SS or RFLAGS.VM changed. */
    void updateMode() {
        protectedMode = (cr0 & CR0_PE) != 0;
        v86 = protectedMode && (flags.bits & Flags.VM) != 0;
        longMode = (efer & EFER_LMA) != 0;
        mode64 = longMode && (seg[CS].attributes & SegmentCache.ATTR_L) != 0;
        if (!protectedMode) cpl = 0;
        else if (v86) cpl = 3;
        codeSize = mode64 ? 8 : !protectedMode || v86 ? 2 : (seg[CS].attributes & SegmentCache.ATTR_DB) != 0 ? 4 : 2;
        stackSize = mode64 ? 8 : protectedMode && !v86 && (seg[SS].attributes & SegmentCache.ATTR_DB) != 0 ? 4 : 2;
        stackMask = Flags.MASK[stackSize];
        ripMask = Flags.MASK[codeSize];
        linearMask = longMode ? -1L : 0xffffffffL;
        for (SegmentCache s : seg) s.derive(mode64);
        branchLimit = mode64 ? Long.MAX_VALUE : seg[CS].limit;
        mmu.setUserMode(cpl == 3);
    }

    // --- registers ---

    // reg/setReg keep the common sizes small enough for the JIT to inline everywhere

    long reg(int r, int size) {
        return size == 4 ? gpr[r] & 0xffffffffL : size == 8 ? gpr[r] : narrowReg(r, size);
    }

    /** 32-bit writes zero the upper half; 8- and 16-bit writes keep the rest of the register. */
    void setReg(int r, int size, long v) {
        if (size == 4) gpr[r] = v & 0xffffffffL;
        else if (size == 8) gpr[r] = v;
        else setNarrowReg(r, size, v);
    }

    private long narrowReg(int r, int size) {
        switch (size) {
            case 1: return r < 16 ? gpr[r] & 0xff : (gpr[r - 16] >>> 8) & 0xff;
            case 2: return gpr[r] & 0xffff;
            case 4: return gpr[r] & 0xffffffffL;
            default: return gpr[r];
        }
    }

    private void setNarrowReg(int r, int size, long v) {
        switch (size) {
            case 1:
                if (r < 16) gpr[r] = (gpr[r] & ~0xffL) | (v & 0xff);
                else gpr[r - 16] = (gpr[r - 16] & ~0xff00L) | (v & 0xff) << 8;
                break;
            case 2: gpr[r] = (gpr[r] & ~0xffffL) | (v & 0xffff); break;
            case 4: gpr[r] = v & 0xffffffffL; break; // 32-bit writes zero the upper half
            default: gpr[r] = v; break;
        }
    }

    // --- memory through segments ---

    long linear(int s, long offset) {
        return (seg[s].effectiveBase + offset) & linearMask;
    }

    long read(int s, long offset, int size) {
        SegmentCache sc = seg[s];
        if (offset + size - 1 > sc.readLimit) checkSlow(s, offset, size, false);
        return mmu.read((sc.effectiveBase + offset) & linearMask, size);
    }

    void write(int s, long offset, int size, long value) {
        SegmentCache sc = seg[s];
        if (offset + size - 1 > sc.writeLimit) checkSlow(s, offset, size, true);
        mmu.write((sc.effectiveBase + offset) & linearMask, size, value);
    }

    /** Checks an access for writing before any part of a read-modify-write happens. */
    void checkWritable(int s, long offset, int size) {
        if (offset + size - 1 > seg[s].writeLimit) checkSlow(s, offset, size, true);
    }

    /** The full segment check (SDM vol. 3, 5.3): type, null selector, expand-down limits. */
    private void checkSlow(int s, long offset, int size, boolean write) {
        SegmentCache sc = seg[s];
        int vector = s == SS ? Vectors.SS : Vectors.GP;
        if (sc.unusable()) throw fault(vector, 0);
        int type = sc.attributes & 0xf;
        boolean code = (type & 8) != 0;
        if (write && (code || (type & 2) == 0)) throw fault(vector, 0);
        if (!write && code && (type & 2) == 0) throw fault(vector, 0);
        long last = offset + size - 1;
        if (sc.expandDown()) {
            long upper = (sc.attributes & SegmentCache.ATTR_DB) != 0 ? 0xffffffffL : 0xffffL;
            if (offset <= sc.limit || last > upper) throw fault(vector, 0);
        } else if (last > sc.limit) {
            throw fault(vector, 0);
        }
    }

    /** Offsets above this in CS fault on a near branch (no check in 64-bit mode). */
    long branchLimit = 0xffff;

    // --- stack ---

    long sp() {
        return gpr[RSP] & stackMask;
    }

    void setSp(long v) {
        setReg(RSP, stackSize, v);
    }

    void push(long value, int size) {
        long sp = (gpr[RSP] - size) & stackMask;
        write(SS, sp, size, value);
        setSp(sp);
    }

    long pop(int size) {
        long sp = gpr[RSP] & stackMask;
        long v = read(SS, sp, size);
        setSp(sp + size);
        return v;
    }

    /** Reads the stack {@code depth} bytes above the top without popping. */
    long peek(long depth, int size) {
        return read(SS, (gpr[RSP] + depth) & stackMask, size);
    }
}
