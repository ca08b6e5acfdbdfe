package org.plugboard.cpu.x86;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.PhysicalPage;

/**
 * Linear-to-physical translation and guest memory access: the page walk (32-bit, PAE, 4-level;
 * SDM vol. 3, chapter 4), a software TLB and the RAM fast path. A TLB hit on a RAM page reads or
 * writes the guest's byte array directly. Writes to pages holding decoded code take the slow path,
 * which tells the {@link CodeCache} before the bytes change.
 */
final class Mmu {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final int READ = 0, WRITE = 1, EXEC = 2;
    private static final int BITS = 8, SIZE = 1 << BITS, MASK = SIZE - 1;
    private static final int PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_A = 0x20, PTE_D = 0x40, PTE_PS = 0x80;
    private static final long PTE_NX = 1L << 63;
    /** Physical address bits the page tables may hold (MAXPHYADDR = 40 on the models we offer). */
    private static final long ADDR_MASK = 0x000000fffffff000L;

    private final Cpu cpu;
    private MemorySpace memory;
    private CodeCache code;

    /** Two TLBs of SIZE entries: supervisor at [0, SIZE), user at [SIZE, 2*SIZE). */
    private final long[] readTag = new long[2 * SIZE], writeTag = new long[2 * SIZE], execTag = new long[2 * SIZE];
    private final byte[][] readRam = new byte[2 * SIZE][], writeRam = new byte[2 * SIZE][];
    private final int[] ramOffset = new int[2 * SIZE];
    private final long[] physPage = new long[2 * SIZE];
    private final PhysicalPage[] page = new PhysicalPage[2 * SIZE];
    private int user;

    // results of the last walk
    private boolean walkWritable, walkDirty, walkExecutable, walkUncached;
    /** The access in progress is an implicit supervisor access (descriptor tables, IDT, TSS): SMAP ignores EFLAGS.AC. */
    private boolean implicitAccess;

    Mmu(Cpu cpu) {
        this.cpu = cpu;
        flush();
    }

    void bind(MemorySpace memory, CodeCache code) {
        this.memory = memory;
        this.code = code;
        flush();
    }

    void setUserMode(boolean userMode) {
        user = userMode ? SIZE : 0;
    }

    /** Drops every translation (CR3 load, paging mode change, INVLPG, memory map change). */
    void flush() {
        java.util.Arrays.fill(readTag, -1L);
        java.util.Arrays.fill(writeTag, -1L);
        java.util.Arrays.fill(execTag, -1L);
        java.util.Arrays.fill(page, null);
        java.util.Arrays.fill(readRam, null);
        java.util.Arrays.fill(writeRam, null);
    }

    /** A page now holds decoded code: its writes must take the slow path from now on. */
    void protectCodePage(long ppn) {
        for (int i = 0; i < 2 * SIZE; i++) if (physPage[i] == ppn) writeRam[i] = null;
    }

    // --- data access ---

    long read(long lin, int size) {
        int i = ((int) (lin >>> 12) & MASK) | user;
        byte[] ram;
        int o = (int) lin & 0xfff;
        if (readTag[i] == lin >>> 12 && (ram = readRam[i]) != null && o <= 4096 - size) {
            o += ramOffset[i];
            switch (size) {
                case 1: return ram[o] & 0xff;
                case 2: return (short) SHORT.get(ram, o) & 0xffff;
                case 4: return (int) INT.get(ram, o) & 0xffffffffL;
                default: return (long) LONG.get(ram, o);
            }
        }
        return readSlow(lin, size, user != 0);
    }

    void write(long lin, int size, long v) {
        int i = ((int) (lin >>> 12) & MASK) | user;
        byte[] ram;
        int o = (int) lin & 0xfff;
        if (writeTag[i] == lin >>> 12 && (ram = writeRam[i]) != null && o <= 4096 - size) {
            o += ramOffset[i];
            switch (size) {
                case 1: ram[o] = (byte) v; break;
                case 2: SHORT.set(ram, o, (short) v); break;
                case 4: INT.set(ram, o, (int) v); break;
                default: LONG.set(ram, o, v); break;
            }
            return;
        }
        writeSlow(lin, size, v, user != 0);
    }

    /** Supervisor-mode accesses the CPU makes itself (descriptor tables, TSS), whatever the CPL. */
    long readSystem(long lin, int size) {
        implicitAccess = true;
        try {
            return readSlow(lin & cpu.linearMask, size, false);
        } finally {
            implicitAccess = false;
        }
    }

    void writeSystem(long lin, int size, long v) {
        implicitAccess = true;
        try {
            writeSlow(lin & cpu.linearMask, size, v, false);
        } finally {
            implicitAccess = false;
        }
    }

    /** Checks that a write would succeed (no #PF) without writing; for instructions that must not half-complete. */
    void probeWrite(long lin, int size) {
        translate(lin, WRITE, user != 0);
        if (((lin & 0xfff) + size) > 4096) translate((lin | 0xfff) + 1, WRITE, user != 0);
    }

    private long readSlow(long lin, int size, boolean userAccess) {
        if ((lin & 0xfff) + size > 4096) {
            long v = 0;
            for (int k = 0; k < size; k++) v |= readSlow((lin + k) & cpu.linearMask, 1, userAccess) << (8 * k);
            return v;
        }
        long pa = translate(lin, READ, userAccess);
        if (cpu.breakpoints.armed()) cpu.breakpoints.dataAccess(lin, size, false);
        return physRead(pa, size);
    }

    private void writeSlow(long lin, int size, long v, boolean userAccess) {
        if ((lin & 0xfff) + size > 4096) {
            translate(lin, WRITE, userAccess); // both pages must be writable before either changes
            translate((lin | 0xfff) + 1 & cpu.linearMask, WRITE, userAccess);
            for (int k = 0; k < size; k++) writeSlow((lin + k) & cpu.linearMask, 1, v >>> (8 * k), userAccess);
            return;
        }
        long pa = translate(lin, WRITE, userAccess);
        if (cpu.breakpoints.armed()) cpu.breakpoints.dataAccess(lin, size, true);
        physWrite(pa, size, v);
    }

    long physRead(long pa, int size) {
        PhysicalPage p = memory.page(pa >>> 12);
        if (p.ram != null && (pa & 0xfff) + size <= 4096) {
            int o = p.ramOffset + (int) (pa & 0xfff);
            switch (size) {
                case 1: return p.ram[o] & 0xff;
                case 2: return (short) SHORT.get(p.ram, o) & 0xffff;
                case 4: return (int) INT.get(p.ram, o) & 0xffffffffL;
                default: return (long) LONG.get(p.ram, o);
            }
        }
        return p.read(pa, size);
    }

    void physWrite(long pa, int size, long v) {
        long ppn = pa >>> 12;
        if (code.hasCode(ppn)) code.invalidatePage(ppn);
        PhysicalPage p = memory.page(ppn);
        if (p.ram != null && (pa & 0xfff) + size <= 4096) {
            if (!p.writable) return; // ROM: writes are dropped
            int o = p.ramOffset + (int) (pa & 0xfff);
            switch (size) {
                case 1: p.ram[o] = (byte) v; break;
                case 2: SHORT.set(p.ram, o, (short) v); break;
                case 4: INT.set(p.ram, o, (int) v); break;
                default: LONG.set(p.ram, o, v); break;
            }
            return;
        }
        p.write(pa, size, v);
    }

    // --- instruction fetch ---

    /** One code byte for the decoder. */
    int fetch(long lin) {
        int i = ((int) (lin >>> 12) & MASK) | user;
        byte[] ram;
        if (execTag[i] == lin >>> 12 && (ram = readRam[i]) != null) return ram[ramOffset[i] + ((int) lin & 0xfff)] & 0xff;
        return (int) physRead(translate(lin, EXEC, user != 0), 1);
    }

    /** The physical address of an instruction fetch at {@code lin}. */
    long translateCode(long lin) {
        int i = ((int) (lin >>> 12) & MASK) | user;
        if (execTag[i] == lin >>> 12) return physPage[i] << 12 | (lin & 0xfff);
        return translate(lin, EXEC, user != 0);
    }

    // --- translation ---

    /** Translates through the TLB, walking the page tables on a miss; raises #PF. */
    long translate(long lin, int access, boolean userAccess) {
        long lpn = lin >>> 12;
        int i = ((int) lpn & MASK) | (userAccess ? SIZE : 0);
        long[] tags = access == READ ? readTag : access == WRITE ? writeTag : execTag;
        if (tags[i] == lpn) return physPage[i] << 12 | (lin & 0xfff);
        long pa = walk(lin, access, userAccess);
        fill(i, lpn, pa >>> 12);
        return pa;
    }

    private void fill(int i, long lpn, long ppn) {
        PhysicalPage p = memory.page(ppn);
        if (physPage[i] != ppn || readTag[i] != lpn) { // a different page: forget the old rights
            writeTag[i] = -1;
            execTag[i] = -1;
        }
        readTag[i] = lpn;
        physPage[i] = ppn;
        page[i] = p;
        boolean watched = cpu.breakpoints.armed() && cpu.breakpoints.watchesPage(lpn); // data breakpoints need the slow path
        readRam[i] = watched ? null : p.ram;
        ramOffset[i] = p.ramOffset;
        if (walkWritable && walkDirty) {
            writeTag[i] = lpn;
            writeRam[i] = p.ram != null && p.writable && !code.hasCode(ppn) && !watched ? p.ram : null;
        } else {
            writeTag[i] = -1;
            writeRam[i] = null;
        }
        execTag[i] = walkExecutable ? lpn : -1;
        if (walkUncached) readTag[i] = writeTag[i] = -1; // SMAP: whether a data access may proceed depends on EFLAGS.AC
    }

    /** The page walk; returns the physical address or raises #PF with CR2 set (#GP for non-canonical addresses). */
    private long walk(long lin, int access, boolean userAccess) {
        // only translations that passed this check enter the TLB, so the fast paths need no check of their own
        if (cpu.longMode && (lin << 16 >> 16) != lin) throw cpu.fault(Vectors.GP, 0);
        long cr0 = cpu.cr0;
        if ((cr0 & Cpu.CR0_PG) == 0) {
            walkWritable = walkDirty = walkExecutable = true;
            walkUncached = false;
            return lin & cpu.linearMask;
        }
        boolean write = access == WRITE;
        boolean nxe = (cpu.efer & Cpu.EFER_NXE) != 0;
        boolean rw = true, us = true, nx = false;
        long entry, entryAddr;
        long pageMask; // bits of the linear address kept as the page offset
        if ((cpu.cr4 & Cpu.CR4_PAE) == 0) {
            entryAddr = (cpu.cr3 & 0xfffff000L) + ((lin >>> 22) & 0x3ff) * 4;
            entry = physRead(entryAddr, 4);
            if ((entry & PTE_P) == 0) throw pageFault(lin, access, userAccess, false, false);
            rw = (entry & PTE_RW) != 0;
            us = (entry & PTE_US) != 0;
            if ((entry & PTE_PS) != 0 && (cpu.cr4 & Cpu.CR4_PSE) != 0) {
                checkRights(lin, access, userAccess, rw, us, false);
                touch(entryAddr, entry, 4, true, write);
                long base = (entry & 0xffc00000L) | ((entry >>> 13) & 0xffL) << 32;
                return base | (lin & 0x3fffff);
            }
            touch(entryAddr, entry, 4, false, false);
            entryAddr = (entry & 0xfffff000L) + ((lin >>> 12) & 0x3ff) * 4;
            entry = physRead(entryAddr, 4);
            pageMask = 0xfff;
        } else {
            int levels;
            long table;
            if (cpu.longMode) {
                levels = 4;
                table = cpu.cr3 & ADDR_MASK;
            } else {
                long pdpte = physRead((cpu.cr3 & 0xffffffe0L) + ((lin >>> 30) & 3) * 8, 8);
                if ((pdpte & PTE_P) == 0) throw pageFault(lin, access, userAccess, false, false);
                levels = 2;
                table = pdpte & ADDR_MASK;
            }
            for (int level = levels; ; level--) {
                int shift = 12 + 9 * (level - 1);
                entryAddr = table + ((lin >>> shift) & 0x1ff) * 8;
                entry = physRead(entryAddr, 8);
                if ((entry & PTE_P) == 0) throw pageFault(lin, access, userAccess, false, false);
                if (!nxe && (entry & PTE_NX) != 0) throw pageFault(lin, access, userAccess, true, true);
                rw &= (entry & PTE_RW) != 0;
                us &= (entry & PTE_US) != 0;
                nx |= nxe && (entry & PTE_NX) != 0;
                boolean large = (entry & PTE_PS) != 0 && (level == 2 || (level == 3 && cpu.longMode));
                if (level == 1 || large) {
                    pageMask = (1L << shift) - 1;
                    break;
                }
                touch(entryAddr, entry, 8, false, false);
                table = entry & ADDR_MASK;
            }
            checkRights(lin, access, userAccess, rw, us, nx);
            touch(entryAddr, entry, 8, true, write);
            return (entry & ADDR_MASK & ~pageMask) | (lin & pageMask);
        }
        if ((entry & PTE_P) == 0) throw pageFault(lin, access, userAccess, false, false);
        rw &= (entry & PTE_RW) != 0;
        us &= (entry & PTE_US) != 0;
        checkRights(lin, access, userAccess, rw, us, false);
        touch(entryAddr, entry, 4, true, write);
        return (entry & 0xfffff000L) | (lin & pageMask);
    }

    private void checkRights(long lin, int access, boolean userAccess, boolean rw, boolean us, boolean nx) {
        if (userAccess && !us) throw pageFault(lin, access, userAccess, true, false);
        walkUncached = false;
        if (!userAccess && us) checkSupervisorOnUserPage(lin, access);
        if (access == WRITE && !rw && (userAccess || (cpu.cr0 & Cpu.CR0_WP) != 0))
            throw pageFault(lin, access, userAccess, true, false);
        if (access == EXEC && nx) throw pageFault(lin, access, userAccess, true, false);
        walkWritable = rw || (!userAccess && (cpu.cr0 & Cpu.CR0_WP) == 0);
        walkExecutable = !nx;
    }

    /**
     * SMEP: no supervisor instruction fetch from a user page. SMAP: no supervisor data access to a
     * user page, unless it is explicit and EFLAGS.AC is set (SDM vol. 3, 4.6.1).
     */
    private void checkSupervisorOnUserPage(long lin, int access) {
        long cr4 = cpu.cr4;
        if (access == EXEC) {
            if ((cr4 & Cpu.CR4_SMEP) != 0) throw pageFault(lin, access, false, true, false);
        } else if ((cr4 & Cpu.CR4_SMAP) != 0) {
            if (implicitAccess || (cpu.flags.bits & Flags.AC) == 0) throw pageFault(lin, access, false, true, false);
            walkUncached = true;
        }
    }

    /** Sets the accessed bit (and dirty on a leaf written through); records whether the leaf is dirty. */
    private void touch(long entryAddr, long entry, int size, boolean leaf, boolean write) {
        long updated = entry | PTE_A;
        if (leaf && write) updated |= PTE_D;
        if (updated != entry) physWrite(entryAddr, size, updated);
        if (leaf) walkDirty = (updated & PTE_D) != 0;
    }

    private CpuFault pageFault(long lin, int access, boolean userAccess, boolean present, boolean reserved) {
        cpu.cr2 = lin;
        int err = (present ? 1 : 0) | (access == WRITE ? 2 : 0) | (userAccess ? 4 : 0) | (reserved ? 8 : 0);
        if (access == EXEC && ((cpu.efer & Cpu.EFER_NXE) != 0 || (cpu.cr4 & Cpu.CR4_SMEP) != 0)) err |= 0x10;
        return cpu.fault(Vectors.PF, err);
    }
}
