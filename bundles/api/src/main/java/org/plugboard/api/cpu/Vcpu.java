package org.plugboard.api.cpu;

import java.util.OptionalLong;
import org.plugboard.api.device.DeviceState;

/** One virtual CPU. All methods but the pins and {@link #requestExit} run on the machine thread. */
public interface Vcpu {
    /** Why {@link #run} returned. */
    enum Exit { BUDGET, HALTED, REQUESTED, SHUTDOWN }

    /**
     * Executes up to {@code maxInstructions} instructions (at least one unless halted or
     * waiting for SIPI) and returns at an instruction boundary.
     */
    Exit run(long maxInstructions);

    /** Makes a running {@link #run} return soon at an instruction boundary. Thread-safe. */
    void requestExit();

    /** Instructions retired since power-on; exact whenever the engine calls out to a device. */
    long instructionsRetired();

    /** True while halted (HLT, or an AP waiting for SIPI). */
    boolean halted();

    /** Power-on/RESET state (the BSP starts at f000:fff0; APs wait for SIPI). */
    void reset();

    // --- pins ---

    /** The INTR pin's level, from the interrupt controller. Thread-safe. */
    void setIntr(boolean asserted);

    void nmi();

    void init();

    void sipi(int vector);

    /**
     * The IGNNE# pin: while asserted, a pending x87 exception with CR0.NE clear is ignored instead
     * of asserting FERR#. The PC chipset asserts it on a write to port 0xF0.
     */
    default void setIgnne(boolean asserted) {
    }

    void setInterruptController(InterruptController controller);

    // --- as firmware running on this CPU (between two runs; a firmware-less start uses these) ---

    /**
     * CPUID leaf {@code leaf}, sub-leaf {@code subleaf}, as this CPU answers it: EAX, EBX, ECX, EDX.
     * An engine without CPUID answers zeros, as for a leaf it does not have.
     */
    default int[] cpuid(int leaf, int subleaf) {
        return new int[4];
    }

    /** RDMSR: the value, or empty where the instruction would fault (no such MSR, or an engine without MSRs). */
    default OptionalLong readMsr(int msr) {
        return OptionalLong.empty();
    }

    /** WRMSR: false where the instruction would fault (no such MSR, a reserved bit set, an engine without MSRs). */
    default boolean writeMsr(int msr, long value) {
        return false;
    }

    // --- state ---

    CpuRegisters registers();

    void setRegisters(CpuRegisters registers);

    DeviceState saveState();

    void restoreState(DeviceState state);

    /** A few lines for the shell: mode and registers. */
    String describe();
}
