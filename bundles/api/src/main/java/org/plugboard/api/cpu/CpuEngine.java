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
}
