package org.plugboard.cpu.x86;

/**
 * The CPUID view of the machine's processors, laid out as QEMU lays out {@code -smp N}: one
 * package of N cores with one thread each, APIC ID = CPU index (core ID in the low bits). Gives
 * the logical-processor count of leaf 1, the deterministic cache parameters of leaf 4 (QEMU's
 * Intel-style caches: 32 KiB L1d and L1i, 4 MiB L2 per core, 16 MiB L3 per package) and the
 * extended topology of leaf 0xB.
 */
final class CpuTopology {
    /** Leaf 4 subleaves 0-3: EAX without the sharing fields, EBX, ECX, EDX. */
    private static final int[][] CACHES = {
        {0x121, 0x01c0003f, 0x3f, 1}, // L1 data: self-initialising, 8 ways, 64-byte lines, 64 sets
        {0x122, 0x01c0003f, 0x3f, 1}, // L1 instruction
        {0x143, 0x03c0003f, 0xfff, 1}, // L2: 16 ways, 4096 sets
        {0x163, 0x03c0003f, 0x3fff, 6}, // L3: 16 ways, 16384 sets, inclusive, complex indexing
    };
    private static final int L3 = 3;

    private final int cores;

    CpuTopology(int cpuCount) {
        this.cores = Math.max(cpuCount, 1);
    }

    /** Logical processors per package (leaf 1 EBX[23:16], with EDX.HTT), 0 for a single one as QEMU reports. */
    int logicalPerPackage() {
        return cores > 1 ? cores : 0;
    }

    /** APIC ID bits that number the cores of a package. */
    private int coreBits() {
        return 32 - Integer.numberOfLeadingZeros(cores - 1);
    }

    /** Leaf 4: the cache of subleaf {@code index}, or all zeros past the last level. */
    void cacheParameters(int index, int[] out) {
        if (index < 0 || index >= CACHES.length) return;
        System.arraycopy(CACHES[index], 0, out, 0, 4);
        if (cores > 1) out[0] |= (cores - 1) << 26;
        int sharing = index == L3 ? 1 << coreBits() : 1; // L1 and L2 belong to one core (one thread)
        if (sharing > 1) out[0] |= (sharing - 1) << 14;
    }

    /** Leaf 0xB: level 0 is the thread (SMT) level, level 1 the core level; EDX is the x2APIC ID. */
    void extendedTopology(int level, int apicId, int[] out) {
        out[2] = level & 0xff;
        out[3] = apicId;
        if (level == 0) {
            out[1] = 1;
            out[2] |= 1 << 8;
        } else if (level == 1) {
            out[0] = coreBits();
            out[1] = cores;
            out[2] |= 2 << 8;
        }
    }
}
