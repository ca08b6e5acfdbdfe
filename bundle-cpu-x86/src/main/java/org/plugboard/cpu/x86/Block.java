package org.plugboard.cpu.x86;

/**
 * A run of instructions decoded from one physical page, entered at its first instruction. This is
 * the unit the interpreter executes between interrupt checks and the seam for a compiling tier: a
 * compiled block is another subclass with the same contract.
 */
abstract class Block {
    /** Physical address of the first instruction. */
    final long physical;
    /** Linear address of the first instruction when the block was decoded (the jump cache key). */
    final long linear;
    /** The code size (2, 4, 8) the block was decoded for. */
    final int codeSize;
    /** Cleared when the page's bytes change; a stale block must not be entered again. */
    boolean valid = true;
    /** The next block cached at the same page offset (another code size). */
    Block nextAtOffset;

    Block(long physical, long linear, int codeSize) {
        this.physical = physical;
        this.linear = linear;
        this.codeSize = codeSize;
    }

    /** Number of instructions in the block. */
    abstract int length();

    /**
     * Executes at most {@code max} instructions from the start, retiring each in
     * {@link Cpu#retired}; stops early when an instruction ends the block dynamically.
     * Faults propagate as {@link CpuFault} with RIP at the faulting instruction.
     */
    abstract void execute(Interpreter interpreter, long max);
}
