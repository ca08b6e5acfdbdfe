package org.plugboard.cpu.x86;

/** A block executed by walking its decoded instructions. */
final class InterpretedBlock extends Block {
    private final Insn[] insns;

    InterpretedBlock(long physical, long linear, int codeSize, Insn[] insns) {
        super(physical, linear, codeSize);
        this.insns = insns;
    }

    @Override
    int length() {
        return insns.length;
    }

    Insn insn(int i) {
        return insns[i];
    }

    @Override
    void execute(Interpreter interpreter, long max) {
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
