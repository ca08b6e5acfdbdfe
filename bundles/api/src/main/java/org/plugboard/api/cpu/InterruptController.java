package org.plugboard.api.cpu;

/**
 * The interrupt controller in front of a vCPU. It raises the vCPU's INTR pin with
 * {@link Vcpu#setIntr}; when the CPU (with IF set) takes the interrupt it calls
 * {@link #acknowledge}, which returns the vector, exactly like the INTA cycle.
 */
public interface InterruptController {
    int acknowledge();

    /** MSRs this controller implements (IA32_APIC_BASE, x2APIC); the CPU asks before faulting. */
    default boolean handlesMsr(int msr) {
        return false;
    }

    default long readMsr(int msr) {
        return 0;
    }

    default void writeMsr(int msr, long value) {
    }

    /**
     * The vCPU's time-stamp counter, for the TSC-deadline timer (IA32_TSC_DEADLINE). The vCPU hands
     * it over when it takes this controller and again whenever the count moves other than with
     * time (reset, WRMSR IA32_TSC, a restored snapshot), so a pending deadline is re-armed.
     */
    default void useTimeStampCounter(TimeStampCounter tsc) {
    }

    /** CR8 / TPR, for engines with long mode. */
    default void setTaskPriority(int tpr) {
    }

    default int taskPriority() {
        return 0;
    }
}
