package org.plugboard.api.device;

import java.util.Optional;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.pci.PciHost;

/**
 * What the machine lends a device instance. Everything obtained here (mappings, timers, line
 * listeners, PCI attachments) is tracked per instance and released when it is detached.
 */
public interface DeviceContext {
    /** The instance id from the machine definition ({@code com1}, {@code e1000.0}). */
    String id();

    /** The 64 K I/O-port space. */
    AddressSpace io();

    /** Guest-physical memory. */
    MemorySpace memory();

    InterruptFabric interrupts();

    /** Shorthand for {@code interrupts().line("isa." + irq)}. */
    default IrqLine isaIrq(int irq) {
        return interrupts().line("isa." + irq);
    }

    VirtualClock clock();

    /** DMA without a bus-master gate (ISA DMA, loaders). PCI devices use their attachment's. */
    Dma dma();

    /** The machine's PCI host, when its chipset has one. */
    Optional<PciHost> pci();

    /**
     * Offers the PCI host a chipset device implements; other devices then find it through
     * {@link #pci()}. Withdrawn when the providing device is detached.
     */
    void providePciHost(PciHost host);

    /** The character backend a {@code -serial}/{@code -chardev} option bound to this name, e.g. {@code serial0}. */
    Optional<CharBackend> charBackend(String name);

    MachineControl machine();

    /** Control over the whole machine that devices (reset ports, power management, debug exit) need. */
    interface MachineControl {
        int cpuCount();

        long ramSize();

        /**
         * How much of the RAM the chipset maps below 4 GiB (the rest starts at 4 GiB): what CMOS,
         * e820 and SMBIOS must report. The board decides it, as QEMU's pc and q35 do.
         */
        long ramBelow4g();

        /** A hard reset of the whole machine (port 0xcf9, 0x92 bit 0, i8042 pulse, triple fault). */
        void requestReset();

        /** Powers the machine off; {@code exitStatus} is what {@code -batch} exits with. */
        void requestShutdown(int exitStatus);

        /** The last POST code written to port 0x80 is shown by the shell; a device reports it here. */
        void postCode(int code);

        /**
         * Puts {@code controller} in front of vCPU {@code cpuIndex}: the CPU calls its
         * {@code acknowledge()} when it takes an external interrupt. The INTR pin itself is the
         * fabric line {@code cpuN.intr} (level) and NMI is {@code cpuN.nmi} (pulse); the machine
         * wires both to the vCPU. Released when the device is detached.
         */
        void attachInterruptController(int cpuIndex, org.plugboard.api.cpu.InterruptController controller);

        /**
         * The vCPU whose instruction is being executed (0 when no vCPU runs, e.g. in a timer
         * callback): a per-CPU device such as the local APIC answers with that CPU's view.
         */
        int currentCpu();

        /** Delivers INIT to a vCPU (an INIT IPI). */
        void sendInit(int cpuIndex);

        /** Delivers a start-up IPI with {@code vector} (the AP starts at vector * 0x1000 in real mode). */
        void sendStartup(int cpuIndex, int vector);

        /** The machine's realized devices that describe themselves to firmware, in machine order. */
        java.util.List<org.plugboard.api.firmware.FirmwareContributor> firmwareContributors();
    }
}
