package org.plugboard.api.cpu;

import org.plugboard.api.device.ConfigException;

/** Creates vCPUs. Registered as an OSGi service; the machine uses the highest-ranked one. */
public interface CpuEngine {
    /** A short name ("x86-interpreter"). */
    String name();

    /**
     * Creates vCPU number {@code host.cpuIndex()} in its power-on state.
     *
     * @throws ConfigException if the CPU model or an option in {@code host} is not understood
     */
    Vcpu create(CpuHost host) throws ConfigException;

    /**
     * Whether CPUs of {@code model} (a {@code -cpu} value) implement long mode (CPUID
     * 0x80000001 EDX bit 29), so a kernel loader may enter a kernel in 64-bit mode. An engine
     * that does not say keeps loaders on their 32-bit entries.
     */
    default boolean supportsLongMode(String model) {
        return false;
    }
}
