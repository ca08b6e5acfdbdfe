package org.plugboard.api.boot;

import java.util.List;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.device.ConfigException;

/**
 * Does, for a firmware-less {@code -kernel} start, what the firmware would do before it jumps to
 * the kernel: assigns PCI resources, programs the interrupt controllers and timers, and puts the
 * firmware's tables and real-mode data in memory. It works only through what a guest could use
 * (I/O ports, guest memory), so the devices cannot tell it from firmware. Registered as an OSGi
 * service; the machine runs it after every reset, before the kernel loader.
 */
public interface PlatformSetup {
    String name();

    /**
     * Brings the platform to its post-firmware state.
     *
     * @return the memory map the firmware reports for this platform (e820), for the kernel loader
     * @throws ConfigException when the platform cannot be set up (resources do not fit, ...), saying why
     */
    List<BootContext.MemoryRange> prepare(Target target) throws ConfigException;

    /** The machine as the setup sees it. */
    interface Target {
        AddressSpace io();

        MemorySpace memory();

        /** Writes into guest RAM with bounds checks. */
        Dma dma();

        /** RAM below 4 GiB. */
        long ramBelow4g();

        /** The RAM layout with the ranges every PC firmware reserves (e820 types: 1 usable, 2 reserved). */
        List<BootContext.MemoryRange> baseMemoryMap();

        /**
         * The machine's CPUs, the boot CPU first, for what firmware sets up on each (MTRRs, the
         * local APIC). A target without CPUs (a chipset-only rig) has none, and those steps do nothing.
         */
        default List<Cpu> cpus() {
            return List.of();
        }
    }

    /** One CPU as code running on it sees the machine. */
    interface Cpu {
        int[] cpuid(int leaf, int subleaf);

        /** RDMSR. @throws ConfigException where the instruction would fault */
        long readMsr(int msr) throws ConfigException;

        /** WRMSR. @throws ConfigException where the instruction would fault */
        void writeMsr(int msr, long value) throws ConfigException;

        /** A read of guest-physical memory made by this CPU: at the local APIC's window, its own APIC answers. */
        long read(long address, int size);

        void write(long address, int size, long value);
    }
}
