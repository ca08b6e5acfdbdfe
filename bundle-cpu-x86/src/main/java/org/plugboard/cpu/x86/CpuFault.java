package org.plugboard.cpu.x86;

/**
 * An exception raised by the guest instruction being executed (#GP, #PF, ...). The vector and
 * error code live in the CPU's fields; this object is only the control flow, so one preallocated
 * instance without a stack trace serves every fault and raising one costs no allocation.
 */
final class CpuFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final CpuFault INSTANCE = new CpuFault();

    private CpuFault() {
        super(null, null, false, false);
    }
}
