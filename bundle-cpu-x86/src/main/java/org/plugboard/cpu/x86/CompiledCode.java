package org.plugboard.cpu.x86;

/**
 * The generated body of a {@link CompiledBlock}: the block's instructions as straight-line JVM
 * code. Implemented only by hidden classes that {@link BlockTranslator} writes; they hold no state,
 * so one instance serves every vCPU of the machine.
 */
interface CompiledCode {
    /** Runs the whole block (the {@link Block#execute} contract with {@code max >= length}). */
    void run(Interpreter interpreter, Cpu cpu, Insn[] insns);
}
