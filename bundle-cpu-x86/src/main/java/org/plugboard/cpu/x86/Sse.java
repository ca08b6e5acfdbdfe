package org.plugboard.cpu.x86;

/**
 * The MMX/SSE unit: executes {@link Op#SSE} instructions after the checks every SIMD instruction
 * makes on CR0 and CR4 (SDM vol. 3, 13.1-13.4): #UD for what the OS has not enabled, #NM for
 * lazy state switching.
 */
final class Sse {
    private final Cpu cpu;
    private final StateSaveOps state;

    Sse(Cpu cpu, Interpreter interpreter) {
        this.cpu = cpu;
        this.state = new StateSaveOps(cpu, interpreter);
    }

    void execute(Insn i) {
        if (i.sub == 0xae) {
            state.group15(i);
            return;
        }
        sseGate();
        throw cpu.fault(Vectors.UD);
    }

    /** SSE instructions: #UD with CR0.EM or without CR4.OSFXSR, then #NM with CR0.TS. */
    private void sseGate() {
        if ((cpu.cr0 & Cpu.CR0_EM) != 0 || (cpu.cr4 & Cpu.CR4_OSFXSR) == 0) throw cpu.fault(Vectors.UD);
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) throw cpu.fault(Vectors.NM);
    }
}
