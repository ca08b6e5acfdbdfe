package org.plugboard.api.cpu;

import java.util.Map;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.VirtualClock;

/** The machine as a vCPU sees it. */
public interface CpuHost {
    int cpuIndex();

    int cpuCount();

    MemorySpace memory();

    AddressSpace io();

    VirtualClock clock();

    /** The CPU model as given with {@code -cpu}, e.g. {@code qemu64,+ssse3,-monitor}. */
    String model();

    /** Engine options from the machine definition ({@code unknown-msr=ignore}, ...). */
    Map<String, String> options();

    /** The CPU shut down (triple fault): the machine resets, or stops with {@code -no-reboot}. */
    void shutdownRequested(String reason);

    /**
     * The FERR# pin: a waiting x87 instruction found an unmasked exception pending while CR0.NE
     * was clear (asserted), or the x87 cleared its pending exception (deasserted). A PC board
     * routes it to ISA IRQ 13.
     */
    default void fpuError(boolean asserted) {
    }
}
