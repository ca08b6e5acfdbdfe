package org.plugboard.machine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.CharBackend;
import org.plugboard.api.pci.PciHost;
import org.plugboard.bus.BusDma;
import org.plugboard.bus.IoSpace;
import org.plugboard.bus.IrqFabric;
import org.plugboard.bus.MachineClock;
import org.plugboard.bus.PhysicalMemory;
import org.plugboard.bus.Ram;

/** One machine's shared resources: RAM, the two address spaces, the IRQ fabric, the clock. */
public final class Platform {
    public final Ram ram;
    public final IoSpace io;
    public final PhysicalMemory memory;
    public final IrqFabric interrupts;
    public final MachineClock clock;
    public final BusDma dma;
    private final Map<String, CharBackend> charBackends = new ConcurrentHashMap<>();
    private volatile PciHost pciHost;
    private final Control control;

    /** What devices may ask of the machine (see DeviceContext.MachineControl). */
    public interface Control {
        int cpuCount();

        void requestReset();

        void requestShutdown(int exitStatus);

        void postCode(int code);

        /** Installs (or, with null, removes) the interrupt controller in front of a vCPU. */
        void setInterruptController(int cpuIndex, InterruptController controller);

        /** RAM mapped below 4 GiB; a test bench maps all of it there. */
        default long ramBelow4g(long ramSize) {
            return ramSize;
        }

        /** The vCPU executing now (0 outside vCPU execution, and on a platform without vCPUs). */
        default int currentCpu() {
            return 0;
        }

        /** INIT to a vCPU; a platform without vCPUs (a test bench) has nobody to tell. */
        default void sendInit(int cpuIndex) {
        }

        default void sendStartup(int cpuIndex, int vector) {
        }

        default java.util.List<org.plugboard.api.firmware.FirmwareContributor> firmwareContributors() {
            return java.util.List.of();
        }
    }

    public Platform(long ramSize, ClockMode mode, long nanosPerInstruction, Control control) {
        this.ram = new Ram(ramSize);
        this.io = new IoSpace();
        this.memory = new PhysicalMemory(ram);
        this.interrupts = new IrqFabric();
        this.clock = new MachineClock(mode, nanosPerInstruction);
        this.dma = new BusDma(memory);
        this.control = control;
    }

    public Control control() { return control; }

    public void addCharBackend(String name, CharBackend backend) { charBackends.put(name, backend); }

    public Optional<CharBackend> charBackend(String name) { return Optional.ofNullable(charBackends.get(name)); }

    public Map<String, CharBackend> charBackends() { return charBackends; }

    public Optional<PciHost> pciHost() { return Optional.ofNullable(pciHost); }

    /** Set by the chipset device that provides the PCI host. */
    public void setPciHost(PciHost host) { this.pciHost = host; }
}
