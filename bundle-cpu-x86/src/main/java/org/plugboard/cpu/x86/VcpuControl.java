package org.plugboard.cpu.x86;

import org.plugboard.api.cpu.InterruptController;

/** What instructions ask of the vCPU around them: halting, dropping translations, time, the LAPIC. */
interface VcpuControl {
    /** HLT: stop fetching until an interrupt, NMI or INIT. */
    void halt();

    /** Paging state changed (CR0/CR3/CR4/EFER, INVLPG): drop the TLB and the jump cache. */
    void translationsChanged();

    /** The time-stamp counter before the guest's offset, derived from the virtual clock. */
    long clockTicks();

    /** The guest moved its TSC (WRMSR IA32_TSC): the interrupt controller re-arms a TSC deadline. */
    void tscMoved();

    /** The interrupt controller in front of this CPU, or null. */
    InterruptController interruptController();
}
