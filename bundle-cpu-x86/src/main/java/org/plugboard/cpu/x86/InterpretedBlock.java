package org.plugboard.cpu.x86;

/**
 * A block executed by walking its decoded instructions. It counts its executions and, once hot,
 * has the {@link BlockCompiler} replace it with a {@link CompiledBlock}.
 */
final class InterpretedBlock extends Block {
    private final Insn[] insns;
    private final BlockCompiler compiler;
    /** Executions left before compiling; 0 = never (compiling off, or already tried). */
    private int countdown;

    InterpretedBlock(long physical, long linear, int codeSize, Insn[] insns, BlockCompiler compiler) {
        super(physical, linear, codeSize);
        this.insns = insns;
        this.compiler = compiler;
        this.countdown = compiler == null ? 0 : compiler.threshold;
    }

    @Override
    int length() {
        return insns.length;
    }

    Insn insn(int i) {
        return insns[i];
    }

    Insn[] insns() {
        return insns;
    }

    @Override
    void execute(Interpreter interpreter, long max) {
        if (countdown > 0 && --countdown == 0 && valid) {
            Block compiled = compiler.promote(this);
            if (compiled != null) {
                compiled.execute(interpreter, max);
                return;
            }
        }
        interpret(insns, interpreter, max);
    }

    /** The interpreter's block loop, also the fallback of compiled blocks for small budgets. */
    static void interpret(Insn[] insns, Interpreter interpreter, long max) {
        Cpu cpu = interpreter.cpu;
        int n = max < insns.length ? (int) max : insns.length;
        for (int k = 0; k < n; k++) {
            Insn in = insns[k];
            cpu.nextRip = (cpu.rip + in.len) & cpu.ripMask;
            interpreter.execute(in);
            cpu.rip = cpu.nextRip;
            cpu.retired++;
            if (interpreter.stopBlock) break;
        }
    }
}
