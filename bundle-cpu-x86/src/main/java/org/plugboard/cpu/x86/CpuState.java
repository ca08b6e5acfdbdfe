package org.plugboard.cpu.x86;

import org.plugboard.api.cpu.CpuRegisters;

/** Conversions of the CPU state: the power-on values, the SPI's {@link CpuRegisters}, and a shell summary. */
final class CpuState {
    private static final String[] SEG_NAMES = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final String[] REG_NAMES = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

    /** RESET/INIT state (SDM vol. 3, table 9-1): real mode at f000:fff0, paging and caches off. */
    static void powerOn(Cpu cpu) {
        java.util.Arrays.fill(cpu.gpr, 0);
        cpu.rip = 0xfff0;
        cpu.flags.setAll(Flags.FIXED);
        cpu.cr0 = 0x60000010L;
        cpu.cr2 = cpu.cr3 = cpu.cr4 = 0;
        cpu.efer &= ~(Cpu.EFER_LMA | Cpu.EFER_LME);
        for (int s = 0; s < 6; s++) cpu.seg[s].load(0, 0, 0xffff, Segments.REAL_MODE_ATTRIBUTES, false);
        cpu.seg[Cpu.CS].load(0xf000, 0xffff0000L, 0xffff, Segments.REAL_MODE_ATTRIBUTES, false);
        cpu.ldtr.load(0, 0, 0xffff, 0x82, false);
        cpu.tr.load(0, 0, 0xffff, 0x8b, false);
        cpu.gdtBase = cpu.idtBase = 0;
        cpu.gdtLimit = cpu.idtLimit = 0xffff;
        java.util.Arrays.fill(cpu.dr, 0);
        cpu.dr[6] = 0xffff0ff0L;
        cpu.dr[7] = 0x400;
        cpu.cpl = 0;
        cpu.updateMode();
    }

    static CpuRegisters toRegisters(Cpu cpu) {
        CpuRegisters r = new CpuRegisters();
        System.arraycopy(cpu.gpr, 0, r.gpr, 0, 16);
        r.rip = cpu.rip;
        r.rflags = cpu.flags.get() & 0xffffffffL;
        for (int s = 0; s < 6; s++) copy(cpu.seg[s], r.seg[s]);
        copy(cpu.ldtr, r.ldtr);
        copy(cpu.tr, r.tr);
        r.gdtBase = cpu.gdtBase;
        r.gdtLimit = cpu.gdtLimit;
        r.idtBase = cpu.idtBase;
        r.idtLimit = cpu.idtLimit;
        r.cr0 = cpu.cr0;
        r.cr2 = cpu.cr2;
        r.cr3 = cpu.cr3;
        r.cr4 = cpu.cr4;
        r.efer = cpu.efer;
        return r;
    }

    private static void copy(SegmentCache from, CpuRegisters.Segment to) {
        to.set(from.selector, from.base, (int) from.limit, from.attributes);
    }

    static void fromRegisters(Cpu cpu, CpuRegisters r) {
        System.arraycopy(r.gpr, 0, cpu.gpr, 0, 16);
        cpu.rip = r.rip;
        cpu.flags.setAll((int) r.rflags);
        cpu.cr0 = r.cr0 | Cpu.CR0_ET;
        cpu.cr2 = r.cr2;
        cpu.cr3 = r.cr3;
        cpu.cr4 = r.cr4;
        cpu.efer = r.efer & ~Cpu.EFER_LMA;
        if ((r.efer & Cpu.EFER_LME) != 0 && (r.cr0 & Cpu.CR0_PG) != 0) cpu.efer |= Cpu.EFER_LMA;
        for (int s = 0; s < 6; s++) load(cpu.seg[s], r.seg[s]);
        load(cpu.ldtr, r.ldtr);
        load(cpu.tr, r.tr);
        cpu.gdtBase = r.gdtBase;
        cpu.gdtLimit = r.gdtLimit & 0xffff;
        cpu.idtBase = r.idtBase;
        cpu.idtLimit = r.idtLimit & 0xffff;
        cpu.cpl = (cpu.seg[Cpu.SS].attributes >> 5) & 3; // the SS DPL is the CPL (as VMX defines it)
        cpu.updateMode();
    }

    private static void load(SegmentCache to, CpuRegisters.Segment from) {
        to.load(from.selector & 0xffff, from.base, from.limit & 0xffffffffL, from.attributes, false);
    }

    static String modeName(Cpu cpu) {
        if (!cpu.protectedMode) return "real mode";
        if (cpu.v86) return "virtual-8086 mode";
        if (cpu.mode64) return "64-bit mode";
        if (cpu.longMode) return "compatibility mode (" + cpu.codeSize * 8 + "-bit)";
        return "protected mode (" + cpu.codeSize * 8 + "-bit" + ((cpu.cr0 & Cpu.CR0_PG) != 0 ? ", paging" : "") + ")";
    }

    static String describe(Cpu cpu) {
        StringBuilder b = new StringBuilder();
        b.append(modeName(cpu)).append(", CPL ").append(cpu.cpl).append(cpu.halted ? ", halted" : "")
                .append(", ").append(cpu.retired).append(" instructions retired\n");
        int n = cpu.longMode ? 16 : 8;
        for (int k = 0; k < n; k++) {
            b.append(String.format(cpu.longMode ? "%-3s=%016x" : "e%-2s=%08x", cpu.longMode ? REG_NAMES[k] : REG_NAMES[k].substring(1),
                    cpu.longMode ? cpu.gpr[k] : cpu.gpr[k] & 0xffffffffL));
            b.append(k % 4 == 3 ? '\n' : ' ');
        }
        b.append(String.format("rip=%016x rflags=%08x%n", cpu.rip, cpu.flags.get()));
        for (int s = 0; s < 6; s++) b.append(SEG_NAMES[s]).append(' ').append(cpu.seg[s]).append('\n');
        b.append("ldtr ").append(cpu.ldtr).append("\ntr ").append(cpu.tr).append('\n');
        b.append(String.format("gdt=%x/%x idt=%x/%x%n", cpu.gdtBase, cpu.gdtLimit, cpu.idtBase, cpu.idtLimit));
        b.append(String.format("cr0=%08x cr2=%x cr3=%x cr4=%x efer=%x", cpu.cr0, cpu.cr2, cpu.cr3, cpu.cr4, cpu.efer));
        return b.toString();
    }

    private CpuState() {
    }
}
