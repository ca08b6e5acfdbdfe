package org.plugboard.firmware.direct;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.boot.PlatformSetup;
import org.plugboard.api.device.ConfigException;

/**
 * What SeaBIOS 1.16 sets up in the CPUs themselves (its mtrr_setup and smp_scan): the MTRRs,
 * computed once on the boot CPU and written on every CPU (SeaBIOS replays its MTRR writes on each
 * AP it wakes), and on the boot CPU alone the local APIC software-enabled with LINT0 as ExtINT
 * and LINT1 as NMI, both level-triggered (the APs keep their reset LVTs).
 */
final class CpuSetup {
    static final int MTRR_CAP = 0xfe, MTRR_DEF_TYPE = 0x2ff, MTRR_FIX64K_00000 = 0x250, MTRR_FIX16K_80000 = 0x258,
            MTRR_FIX16K_A0000 = 0x259, MTRR_FIX4K_C0000 = 0x268, MTRR_PHYS_BASE0 = 0x200;
    static final int UNCACHEABLE = 0, WRITE_PROTECT = 5, WRITE_BACK = 6;
    static final long APIC_BASE = 0xfee00000L;
    static final int APIC_SVR = 0xf0, APIC_LINT0 = 0x350, APIC_LINT1 = 0x360, APIC_SOFTWARE_ENABLE = 0x100;
    static final int LINT0_EXTINT_LEVEL = 0x8700, LINT1_NMI_LEVEL = 0x8400;
    private static final int CPUID_MSR = 1 << 5, CPUID_APIC = 1 << 9, CPUID_MTRR = 1 << 12;

    /** One WRMSR. */
    record MsrWrite(int msr, long value) {
    }

    private CpuSetup() {
    }

    static void setUp(List<PlatformSetup.Cpu> cpus, long ramBelow4g, long pciWindow) throws ConfigException {
        if (cpus.isEmpty()) return;
        PlatformSetup.Cpu bsp = cpus.get(0);
        int features = bsp.cpuid(1, 0)[3];
        List<MsrWrite> mtrrs = List.of();
        if ((features & CPUID_MTRR) != 0 && (features & CPUID_MSR) != 0) {
            long cap = bsp.readMsr(MTRR_CAP);
            mtrrs = mtrrWrites(ramBelow4g, pciWindow, (int) (cap & 0xff), (cap & 0x100) != 0, physicalAddressBits(bsp));
        }
        for (PlatformSetup.Cpu cpu : cpus)
            for (MsrWrite w : mtrrs) cpu.writeMsr(w.msr(), w.value());
        if ((features & CPUID_APIC) != 0) {
            bsp.write(APIC_BASE + APIC_SVR, 4, bsp.read(APIC_BASE + APIC_SVR, 4) | APIC_SOFTWARE_ENABLE);
            bsp.write(APIC_BASE + APIC_LINT0, 4, LINT0_EXTINT_LEVEL);
            bsp.write(APIC_BASE + APIC_LINT1, 4, LINT1_NMI_LEVEL);
        }
    }

    /** CPUID 0x80000008's physical address width where the CPU has that leaf, else 36 (as SeaBIOS assumes). */
    static int physicalAddressBits(PlatformSetup.Cpu cpu) {
        if (Integer.compareUnsigned(cpu.cpuid(0x80000000, 0)[0], 0x80000008) < 0) return 36;
        return cpu.cpuid(0x80000008, 0)[0] & 0xff;
    }

    /**
     * SeaBIOS's MTRR writes, in its order: MTRRs off; the fixed ranges write-back over RAM below
     * 640 KiB, uncacheable over the VGA window and write-protect over the option ROM area; every
     * variable range cleared, then range 0 uncacheable from the 32-bit PCI window's start to 4 GiB
     * (SeaBIOS does this after its PCI setup, so the window start is final; the mask is exact for
     * the 2 GiB and 3 GiB starts the i440FX gets); MTRRs
     * on with write-back as the default type. None where the CPU lacks fixed or variable ranges.
     */
    static List<MsrWrite> mtrrWrites(long ramBelow4g, long pciWindow, int variableRanges, boolean fixedRanges, int physBits) {
        List<MsrWrite> out = new ArrayList<>();
        if (variableRanges == 0 || !fixedRanges) return out;
        out.add(new MsrWrite(MTRR_DEF_TYPE, 0));
        out.add(new MsrWrite(MTRR_FIX64K_00000, fixedRange(ramBelow4g, 0, 0x10000, WRITE_BACK)));
        out.add(new MsrWrite(MTRR_FIX16K_80000, fixedRange(ramBelow4g, 0x80000, 0x4000, WRITE_BACK)));
        out.add(new MsrWrite(MTRR_FIX16K_A0000, 0));
        for (int j = 0; j < 8; j++)
            out.add(new MsrWrite(MTRR_FIX4K_C0000 + j, fixedRange(ramBelow4g, 0xc0000 + j * 0x8000L, 0x1000, WRITE_PROTECT)));
        for (int i = 0; i < variableRanges; i++) {
            out.add(new MsrWrite(MTRR_PHYS_BASE0 + 2 * i, 0));
            out.add(new MsrWrite(MTRR_PHYS_BASE0 + 2 * i + 1, 0));
        }
        long physMask = (1L << physBits) - 1;
        out.add(new MsrWrite(MTRR_PHYS_BASE0, pciWindow | UNCACHEABLE));
        out.add(new MsrWrite(MTRR_PHYS_BASE0 + 1, (-((1L << 32) - pciWindow) & physMask) | 0x800));
        out.add(new MsrWrite(MTRR_DEF_TYPE, 0xc00 | WRITE_BACK));
        return out;
    }

    /** Eight sub-ranges of {@code step} bytes from {@code base}, each {@code type} where RAM covers it whole. */
    private static long fixedRange(long ram, long base, long step, int type) {
        long v = 0;
        for (int i = 0; i < 8; i++) if (ram >= base + step * (i + 1)) v |= (long) type << (8 * i);
        return v;
    }
}
