package org.plugboard.cpu.x86;

import org.plugboard.api.cpu.CpuHost;

/**
 * How a pending x87 exception reaches the outside (SDM vol. 1, 8.7 and D.2): with CR0.NE set a
 * waiting instruction raises #MF; with it clear the CPU asserts FERR# (the PC routes it to IRQ 13)
 * unless IGNNE# is asserted, and carries on. FERR# stays asserted until the x87 clears its pending
 * exception (FNCLEX, FNINIT, FLDENV, FRSTOR, ...).
 */
final class FpuErrorPins {
    private final Cpu cpu;
    private CpuHost host;
    private boolean ferr;
    /** Written by the board through the vCPU (port 0xF0 on a PC), read by the executing CPU. */
    private volatile boolean ignne;

    FpuErrorPins(Cpu cpu) {
        this.cpu = cpu;
    }

    void bind(CpuHost host) {
        this.host = host;
    }

    /** A waiting x87 or MMX instruction checks for a pending unmasked exception (FSW.ES). */
    void checkPending() {
        if ((cpu.fpu.fsw & X87.ES) == 0) return;
        if ((cpu.cr0 & Cpu.CR0_NE) != 0) throw cpu.fault(Vectors.MF);
        if (!ignne && !ferr) setFerr(true);
    }

    /** The status word may have lost ES: FERR# follows it down. */
    void statusChanged() {
        if (ferr && (cpu.fpu.fsw & X87.ES) == 0) setFerr(false);
    }

    void setIgnne(boolean asserted) {
        ignne = asserted;
    }

    boolean ferr() {
        return ferr;
    }

    private void setFerr(boolean asserted) {
        ferr = asserted;
        if (host != null) host.fpuError(asserted);
    }
}
