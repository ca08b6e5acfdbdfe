package org.plugboard.cpu.x86;

/**
 * A block translated to JVM bytecode. It keeps the decoded instructions: a budget smaller than
 * the block (single steps, interrupt shadows) interprets them, and the generated code takes the
 * instructions it does not translate natively from them.
 */
final class CompiledBlock extends Block {
    private final Insn[] insns;
    private final CompiledCode code;

    CompiledBlock(InterpretedBlock source, CompiledCode code) {
        super(source.physical, source.linear, source.codeSize);
        this.insns = source.insns();
        this.code = code;
    }

    @Override
    int length() {
        return insns.length;
    }

    @Override
    void execute(Interpreter interpreter, long max) {
        if (max < insns.length) InterpretedBlock.interpret(insns, interpreter, max);
        else code.run(interpreter, interpreter.cpu, insns);
    }

    /**
     * Called by the generated code when instruction {@code k} raised a fault: RIP and the retired
     * count become what the interpreter leaves. Translated instructions do not keep them up to
     * date as they go (only this path and the block's exits need them); an instruction the
     * interpreter executes had them set before it ran and is passed as {@code ~k}, and its RIP is
     * left as the interpreter left it.
     */
    static void faulted(Cpu cpu, Insn[] insns, long rip0, long retired0, int k, long ripMask) {
        if (k < 0) {
            cpu.retired = retired0 + ~k;
            return;
        }
        long offset = 0;
        for (int j = 0; j < k; j++) offset += insns[j].len;
        cpu.rip = (rip0 + offset) & ripMask;
        cpu.retired = retired0 + k;
    }
}
