package org.plugboard.firmware.smbios;

import java.util.List;

/**
 * The machine facts the SMBIOS tables describe, and the default strings QEMU derives from its
 * machine type. {@link #pc} gives QEMU 7.2's {@code pc} machine (the one Debian 12 ships).
 *
 * @param manufacturer   default manufacturer of types 1, 2, 3, 4 and 17
 * @param product        default product name of types 1 and 2 (the machine's description)
 * @param version        default version of types 1, 2, 3 and 4 (the machine type name)
 * @param sockets        processor sockets (one type 4 each)
 * @param coresPerSocket cores per socket
 * @param threadsPerCore threads per core
 * @param cpuidVersion   CPUID.1:EAX of the CPU model (type 4 processor id, low half)
 * @param cpuidFeatures  CPUID.1:EDX of the CPU model (type 4 processor id, high half)
 * @param ramSize        total RAM in bytes
 * @param ramRanges      the guest-physical RAM ranges (one type 19 each)
 */
public record SmbiosPlatform(String manufacturer, String product, String version, int sockets, int coresPerSocket,
                             int threadsPerCore, int cpuidVersion, int cpuidFeatures, long ramSize,
                             List<MemoryRange> ramRanges) {
    /** The qemu64 CPU model's CPUID.1 EAX (family 15, model 107, stepping 1) and EDX under TCG. */
    public static final int QEMU64_CPUID_VERSION = 0x00060fb1, QEMU64_CPUID_FEATURES = 0x078bfbfd;

    public SmbiosPlatform {
        if (sockets < 1 || coresPerSocket < 1 || threadsPerCore < 1) throw new IllegalArgumentException("CPU topology must be at least 1x1x1");
        if (ramSize <= 0) throw new IllegalArgumentException("RAM size must be positive");
        ramRanges = List.copyOf(ramRanges);
    }

    /** A RAM range: {@code length} bytes at {@code base}. */
    public record MemoryRange(long base, long length) {
    }

    /**
     * QEMU 7.2's pc machine with {@code cpus} CPUs and RAM split below/above 4 GiB. Since QEMU
     * 6.2 a plain {@code -smp N} means one socket of N cores, so there is one type 4 structure.
     */
    public static SmbiosPlatform pc(int cpus, long ramBelow4g, long ramAbove4g) {
        List<MemoryRange> ranges = ramAbove4g > 0
                ? List.of(new MemoryRange(0, ramBelow4g), new MemoryRange(1L << 32, ramAbove4g))
                : List.of(new MemoryRange(0, ramBelow4g));
        return new SmbiosPlatform("QEMU", "Standard PC (i440FX + PIIX, 1996)", "pc-i440fx-7.2", 1, cpus, 1,
                QEMU64_CPUID_VERSION, QEMU64_CPUID_FEATURES, ramBelow4g + ramAbove4g, ranges);
    }
}
