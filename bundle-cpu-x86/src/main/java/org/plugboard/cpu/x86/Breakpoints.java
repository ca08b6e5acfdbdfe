package org.plugboard.cpu.x86;

/**
 * The hardware breakpoints of DR0-DR3 as DR7 enables them (SDM vol. 3, 17.2): instruction
 * breakpoints are matched before an instruction starts (a fault), data and I/O breakpoints are
 * recorded as accesses happen and reported once the instruction completes (a trap). While any
 * breakpoint is enabled the run loop executes one instruction per block and the MMU keeps watched
 * pages out of its RAM fast path, so nothing is checked when no breakpoint is set.
 * <p>
 * Every access to a linear address counts, the processor's own included: stack pushes and pops,
 * string iterations, and the GDT, LDT, IDT and TSS reads of segment loads, gates and task
 * switches. The SDM defines breakpoints by linear address and exempts none of these; what real
 * processors do for the system tables is not documented (Linux refuses such breakpoints rather
 * than find out), so this follows the definition. Accesses made while an exception or interrupt
 * is delivered are reported before its handler's first instruction ({@link #deliveryHits}).
 */
final class Breakpoints {
    static final long DR6_BD = 0x2000, DR6_BS = 0x4000, DR6_BT = 0x8000, DR6_FIXED = 0xffff0ff0L;
    static final long DR7_GD = 0x2000, DR7_LOCAL = 0x55 | 0x100, DR7_FIXED = 0x400;
    private static final int EXEC = 0, WRITE = 1, IO = 2;

    private final Cpu cpu;
    /** B0-B3 of the data and I/O breakpoints hit by the instruction executing now. */
    int hits;
    /**
     * B0-B3 hit while an exception or interrupt was being delivered (its frame pushes, its IDT,
     * GDT and TSS reads): reported by a #DB trap before the handler's first instruction, as the
     * processor does (a data breakpoint on a handler's stack traps again on every entry).
     */
    int deliveryHits;
    /** The instruction was INT n, INT3, INTO or INT1 and entered its handler: no single-step trap for it. */
    boolean softwareInterrupt;
    /** The instruction switched to a task whose TSS has the T (debug trap) bit. */
    boolean taskTrap;
    /** The #DB being raised is a general-detect fault (a fault-class #DB, unlike an instruction breakpoint). */
    private boolean generalDetect;
    /**
     * MOV SS and POP SS hold debug exceptions back until the next instruction completes (SDM
     * vol. 3, 6.8.3): the instruction retiring as {@code retired} reaches this count is the one
     * after the stack load, and the conditions of both are reported in one #DB after it.
     */
    long shadowEnd;
    /** B0-B3 and BS held back from a MOV SS or POP SS for the #DB after the next instruction. */
    int heldHits;
    long heldStatus;

    Breakpoints(Cpu cpu) {
        this.cpu = cpu;
    }

    /** True while DR7 enables any breakpoint: the run loop then goes one instruction at a time. */
    boolean armed() {
        return (cpu.dr[7] & 0xff) != 0;
    }

    private boolean enabled(int n) {
        return ((cpu.dr[7] >>> (2 * n)) & 3) != 0;
    }

    private int type(int n) {
        return (int) (cpu.dr[7] >>> (16 + 4 * n)) & 3;
    }

    /** Bytes covered: the LEN field's 1, 2, 8 or 4; the address is aligned down to that size. */
    private int length(int n) {
        int len = (int) (cpu.dr[7] >>> (18 + 4 * n)) & 3;
        return len == 2 ? 8 : len + 1;
    }

    private boolean covers(int n, long address, int size) {
        int len = length(n);
        long start = cpu.dr[n] & -len;
        return address <= start + len - 1 && address + size - 1 >= start;
    }

    /** The enabled instruction breakpoints at linear address {@code lin}, as B0-B3 bits. */
    int instructionHits(long lin) {
        int bits = 0;
        for (int n = 0; n < 4; n++) if (enabled(n) && type(n) == EXEC && cpu.dr[n] == lin) bits |= 1 << n;
        return bits;
    }

    /** A data access by the current instruction; R/W 01 breaks on writes, 11 on reads and writes. */
    void dataAccess(long lin, int size, boolean write) {
        for (int n = 0; n < 4; n++) {
            int t = type(n);
            if (enabled(n) && (t == 3 || (t == WRITE && write)) && covers(n, lin, size)) hits |= 1 << n;
        }
    }

    /** A port access by the current instruction: R/W 10 is an I/O breakpoint only with CR4.DE. */
    void portAccess(int port, int size) {
        if ((cpu.cr4 & Cpu.CR4_DE) == 0 || !armed()) return;
        for (int n = 0; n < 4; n++) if (enabled(n) && type(n) == IO && covers(n, port, size)) hits |= 1 << n;
    }

    /** Whether an enabled data breakpoint covers part of the linear page {@code lpn}. */
    boolean watchesPage(long lpn) {
        for (int n = 0; n < 4; n++) {
            int t = type(n);
            if (enabled(n) && (t == WRITE || t == 3) && covers(n, lpn << 12, 4096)) return true;
        }
        return false;
    }

    /** Records a #DB condition in DR6: B0-B3 are replaced, BD/BS/BT accumulate. */
    void report(int bits, long status) {
        cpu.dr[6] = (cpu.dr[6] & ~0xfL) | bits | status | DR6_FIXED;
    }

    /** A MOV DR under DR7.GD: records DR6.BD and returns the #DB fault to throw. */
    CpuFault generalDetectFault() {
        report(0, DR6_BD);
        generalDetect = true;
        return cpu.fault(Vectors.DB);
    }

    /**
     * Whether the EFLAGS image pushed for this exception has RF set: yes for every fault-class
     * exception, a general-detect #DB included, but not for an instruction-breakpoint #DB (SDM
     * vol. 3, 17.3.1.1), so that the handler's IRET restarts the instruction without its
     * instruction breakpoint firing again.
     */
    boolean resumesWithRf(int vector) {
        boolean detect = generalDetect;
        generalDetect = false;
        return vector == Vectors.DB ? detect : Vectors.faultClass(vector);
    }

    /** The current instruction is a MOV SS or POP SS: its debug exceptions wait for the next one. */
    void stackSegmentLoaded() {
        shadowEnd = cpu.retired + 2;
    }

    /** True while the instruction about to run, or just run, is the one after MOV SS or POP SS. */
    boolean inShadow() {
        return cpu.retired < shadowEnd;
    }

    /** Forgets every condition waiting for a #DB (RESET and INIT). */
    void reset() {
        hits = deliveryHits = heldHits = 0;
        heldStatus = shadowEnd = 0;
        taskTrap = generalDetect = softwareInterrupt = false;
    }

    /** The conditions waiting for a later #DB, for a snapshot taken between instructions. */
    long[] pending() {
        return new long[] {shadowEnd, heldHits, heldStatus, deliveryHits, taskTrap ? 1 : 0};
    }

    void restorePending(long[] p) {
        reset();
        shadowEnd = p[0];
        heldHits = (int) p[1];
        heldStatus = p[2];
        deliveryHits = (int) p[3];
        taskTrap = p[4] != 0;
    }

    /** Entering the #DB handler clears GD, so that the handler may use the debug registers. */
    void enteringHandler() {
        cpu.dr[7] &= ~DR7_GD;
    }
}
