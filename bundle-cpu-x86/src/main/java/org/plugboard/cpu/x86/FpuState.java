package org.plugboard.cpu.x86;

/**
 * The x87, MMX and SSE register state of one CPU: what FXSAVE stores. The floating-point units
 * execute on it; FXSAVE/XSAVE, snapshots and task-switch code read and write it as a whole.
 */
final class FpuState {
    /** x87 control word, status word (TOP in bits 11-13) and the full tag word (2 bits per physical register). */
    int fcw, fsw, ftw;
    /** The last non-control x87 instruction's opcode (11 bits), its address and its memory operand's address. */
    int fop;
    long fip, fdp;
    int fcs, fds;
    /** Physical registers R0-R7: 64-bit significand and 16-bit sign/exponent. MMX register i aliases R i's significand. */
    final long[] mant = new long[8];
    final int[] sexp = new int[8];

    int mxcsr;
    /** XMM0-XMM15, low quadword at [2 * i], high at [2 * i + 1]. */
    final long[] xmm = new long[32];
    /** XCR0: the state components XSAVE manages and the OS enabled (bit 0, x87, is always set). */
    long xcr0;

    FpuState() {
        reset();
    }

    /** What FNINIT sets (control, status, tags, last-instruction pointers); the registers keep their contents. */
    void initX87Control() {
        fcw = 0x37f;
        fsw = 0;
        ftw = 0xffff;
        fop = 0;
        fip = fdp = 0;
        fcs = fds = 0;
    }

    /** The RESET values (SDM vol. 3, table 9-1); INIT leaves this state alone. */
    void reset() {
        fcw = 0x40;
        fsw = 0;
        ftw = 0x5555;
        fop = 0;
        fip = fdp = 0;
        fcs = fds = 0;
        java.util.Arrays.fill(mant, 0);
        java.util.Arrays.fill(sexp, 0);
        mxcsr = 0x1f80;
        java.util.Arrays.fill(xmm, 0);
        xcr0 = 1;
    }
}
