package org.plugboard.machine;

import java.util.List;
import java.util.Optional;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.boot.PlatformSetup;
import org.plugboard.api.cpu.CpuEngine;

/** What a machine needs from the framework: factories, the CPU engine, kernel loaders, board files. */
public interface MachineServices {
    /** The best factory for a type, or empty. */
    Optional<FactoryHandle> bestFactory(String type);

    /** All factories of a type, best first. */
    List<FactoryHandle> factories(String type);

    /** Every known type, sorted. */
    List<String> types();

    Optional<CpuEngine> cpuEngine();

    List<KernelLoader> kernelLoaders();

    /** The services that set the platform up as firmware would, for a {@code -kernel} without {@code -bios}. */
    default List<PlatformSetup> platformSetups() {
        return List.of();
    }

    /** The board file of a machine type ({@code pc}, {@code q35}, {@code none}), or empty if unknown. */
    Optional<String> board(String machineType);
}
