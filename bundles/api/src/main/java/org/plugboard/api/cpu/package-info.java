/**
 * CPU engines and the machine's side of a vCPU.
 * <p>
 * A {@link org.plugboard.api.cpu.CpuEngine} service creates {@link org.plugboard.api.cpu.Vcpu}s
 * bound to a machine through a {@link org.plugboard.api.cpu.CpuHost}. The machine thread calls
 * {@link org.plugboard.api.cpu.Vcpu#run} with an instruction budget; the engine returns at an
 * instruction boundary when the budget is spent, the CPU halts, or someone calls
 * {@link org.plugboard.api.cpu.Vcpu#requestExit} (any thread). Pausing, swapping devices,
 * snapshots and timers all happen between two {@code run} calls.
 * <p>
 * Interrupts: an interrupt controller (the LAPIC, or the 8259 on a machine without one) drives
 * the vCPU's INTR level with {@link org.plugboard.api.cpu.Vcpu#setIntr} and answers
 * {@link org.plugboard.api.cpu.InterruptController#acknowledge} when the CPU takes the interrupt.
 * NMI, INIT and SIPI are pins too, and so are the x87's FERR# ({@link org.plugboard.api.cpu.CpuHost#fpuError})
 * and IGNNE# ({@link org.plugboard.api.cpu.Vcpu#setIgnne}), the legacy error path through IRQ 13.
 * <p>
 * The engine reads guest memory through {@link org.plugboard.api.bus.MemorySpace#page}: a RAM
 * page hands out its backing array, so the fast path is an array access; the engine caches pages
 * and drops its cache when {@link org.plugboard.api.bus.MemorySpace#generation} changes. Writes
 * made by others are announced through {@link org.plugboard.api.bus.MemoryWriteObserver}, so
 * decoded code can be invalidated.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.plugboard.api.cpu;
