package org.plugboard.bootloader;

import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;

/**
 * The Linux boot protocol's 64-bit entry (protocol 2.12+, xloadflags XLF_KERNEL_64): long mode
 * with paging on, an identity map of the first 4 GiB (2 MiB pages, which covers the kernel, the
 * boot_params, the command line and the initrd, all placed below 4 GiB), __BOOT_CS a 64-bit code
 * segment and __BOOT_DS flat data, RIP at startup_64 (code32_start + 0x200), RSI at boot_params.
 */
final class LongModeEntry {
    /** startup_64 sits 0x200 bytes into the protected-mode kernel. */
    static final int STARTUP_64_OFFSET = 0x200;
    /** null, unused, __BOOT_CS (64-bit code: L=1, D=0), __BOOT_DS (flat data). */
    static final long[] GDT = {0, 0, 0x00af9b000000ffffL, 0x00cf93000000ffffL};
    private static final int CODE64_ATTRIBUTES = 0xa09b;
    private static final long PRESENT_WRITABLE = 0x3, LARGE_PAGE = 0x80, TWO_MIB = 1L << 21;
    private static final int DIRECTORIES = 4, ENTRIES = 512;
    private static final long CR0_PE_ET_PG = 0x80000011L, CR4_PAE = 0x20, EFER_LME_LMA = 0x500;

    private LongModeEntry() {
    }

    /** Writes PML4, PDPT and four page directories (6 pages) below 4 GiB; returns the PML4's address for CR3. */
    static long writePageTables(RamPlan plan, GuestWriter writer) throws ConfigException {
        int pages = 2 + DIRECTORIES;
        long base = plan.claimLowest(RamPlan.BOOT_DATA_START, RamPlan.LIMIT_4G, pages * RamPlan.PAGE, RamPlan.PAGE,
                "the 64-bit entry's page tables");
        byte[] t = new byte[(int) (pages * RamPlan.PAGE)];
        long pdpt = base + RamPlan.PAGE;
        Bytes.put64(t, 0, pdpt | PRESENT_WRITABLE);
        for (int d = 0; d < DIRECTORIES; d++) {
            long directory = base + (2 + d) * RamPlan.PAGE;
            Bytes.put64(t, (int) RamPlan.PAGE + d * 8, directory | PRESENT_WRITABLE);
            for (int e = 0; e < ENTRIES; e++) {
                long physical = ((long) d * ENTRIES + e) * TWO_MIB;
                Bytes.put64(t, (int) ((2 + d) * RamPlan.PAGE) + e * 8, physical | LARGE_PAGE | PRESENT_WRITABLE);
            }
        }
        writer.write(base, t, "the 64-bit entry's page tables");
        return base;
    }

    /** The boot CPU at startup_64. */
    static CpuRegisters registers(long kernel, long pml4, long gdtBase, long bootParams) {
        CpuRegisters cpu = CpuRegisters.flatProtectedMode(kernel + STARTUP_64_OFFSET);
        cpu.seg[CpuRegisters.CS].set(LinuxLoader.BOOT_CS, 0, 0xffffffff, CODE64_ATTRIBUTES);
        cpu.cr0 = CR0_PE_ET_PG;
        cpu.cr3 = pml4;
        cpu.cr4 = CR4_PAE;
        cpu.efer = EFER_LME_LMA;
        cpu.gdtBase = gdtBase;
        cpu.gdtLimit = GDT.length * 8 - 1;
        cpu.gpr[CpuRegisters.RSI] = bootParams;
        return cpu;
    }
}
