package org.plugboard.cpu.x86;

import org.plugboard.api.device.DeviceState;

/** Saves and restores a vCPU as a {@link DeviceState} ("x86-cpu", version 1) of plain values. */
final class CpuStateCodec {
    static final String TYPE = "x86-cpu";
    static final int VERSION = 1;
    private static final String[] SEG = {"es", "cs", "ss", "ds", "fs", "gs"};

    private final Cpu cpu;
    private final Msrs msrs;

    CpuStateCodec(Cpu cpu, Msrs msrs) {
        this.cpu = cpu;
        this.msrs = msrs;
    }

    DeviceState save() {
        DeviceState s = new DeviceState(TYPE, VERSION);
        s.putLongs("gpr", cpu.gpr);
        s.putLong("rip", cpu.rip);
        s.putLong("rflags", cpu.flags.get() & 0xffffffffL);
        for (int k = 0; k < 6; k++) putSegment(s, SEG[k], cpu.seg[k]);
        putSegment(s, "ldtr", cpu.ldtr);
        putSegment(s, "tr", cpu.tr);
        s.putLongs("gdt", new long[] {cpu.gdtBase, cpu.gdtLimit});
        s.putLongs("idt", new long[] {cpu.idtBase, cpu.idtLimit});
        s.putLongs("cr", new long[] {cpu.cr0, cpu.cr2, cpu.cr3, cpu.cr4});
        s.putLong("efer", cpu.efer);
        s.putLongs("dr", cpu.dr);
        s.putInt("cpl", cpu.cpl);
        s.putLong("retired", cpu.retired);
        s.putLong("inhibitUntil", cpu.inhibitUntil);
        s.putLongs("debugPending", cpu.breakpoints.pending());
        s.putBoolean("halted", cpu.halted);
        s.putBoolean("nmiBlocked", cpu.nmiBlocked);
        s.putLongs("msr", new long[] {msrs.sysenterCs, msrs.sysenterEsp, msrs.sysenterEip, msrs.star, msrs.lstar,
            msrs.cstar, msrs.fmask, msrs.kernelGsBase, msrs.tscAux, msrs.tscOffset, msrs.pat, msrs.miscEnable,
            msrs.mtrrDefType, msrs.syscfg, msrs.intPendingMsg});
        FpuState f = cpu.fpu;
        s.putLongs("x87", new long[] {f.fcw, f.fsw, f.ftw, f.fop, f.fip, f.fdp, f.fcs, f.fds});
        s.putLongs("x87mant", f.mant);
        long[] sexp = new long[8];
        for (int k = 0; k < 8; k++) sexp[k] = f.sexp[k];
        s.putLongs("x87sexp", sexp);
        s.putLong("mxcsr", cpu.fpu.mxcsr);
        s.putLongs("xmm", cpu.fpu.xmm);
        s.putLong("xcr0", cpu.fpu.xcr0);
        return s;
    }

    private static void putSegment(DeviceState s, String name, SegmentCache c) {
        s.putLongs(name, new long[] {c.selector, c.base, c.limit, c.attributes});
    }

    void restore(DeviceState s) {
        s.expect(TYPE, 1, VERSION);
        System.arraycopy(s.getLongs("gpr"), 0, cpu.gpr, 0, 16);
        cpu.rip = s.getLong("rip");
        cpu.flags.setAll((int) s.getLong("rflags"));
        long[] cr = s.getLongs("cr");
        cpu.cr0 = cr[0];
        cpu.cr2 = cr[1];
        cpu.cr3 = cr[2];
        cpu.cr4 = cr[3];
        cpu.efer = s.getLong("efer");
        for (int k = 0; k < 6; k++) getSegment(s, SEG[k], cpu.seg[k]);
        getSegment(s, "ldtr", cpu.ldtr);
        getSegment(s, "tr", cpu.tr);
        long[] gdt = s.getLongs("gdt"), idt = s.getLongs("idt");
        cpu.gdtBase = gdt[0];
        cpu.gdtLimit = (int) gdt[1];
        cpu.idtBase = idt[0];
        cpu.idtLimit = (int) idt[1];
        System.arraycopy(s.getLongs("dr"), 0, cpu.dr, 0, 8);
        cpu.cpl = s.getInt("cpl");
        cpu.retired = s.getLong("retired");
        cpu.inhibitUntil = s.getLong("inhibitUntil");
        if (s.has("debugPending")) cpu.breakpoints.restorePending(s.getLongs("debugPending"));
        else cpu.breakpoints.reset(); // snapshots from before the MOV SS shadow held #DB conditions
        cpu.halted = s.getBoolean("halted");
        cpu.nmiBlocked = s.getBoolean("nmiBlocked");
        long[] m = s.getLongs("msr");
        msrs.sysenterCs = m[0];
        msrs.sysenterEsp = m[1];
        msrs.sysenterEip = m[2];
        msrs.star = m[3];
        msrs.lstar = m[4];
        msrs.cstar = m[5];
        msrs.fmask = m[6];
        msrs.kernelGsBase = m[7];
        msrs.tscAux = m[8];
        msrs.tscOffset = m[9];
        msrs.pat = m[10];
        msrs.miscEnable = m[11];
        msrs.mtrrDefType = m[12];
        // snapshots from before the AMD registers keep their reset values
        msrs.syscfg = m.length > 13 ? m[13] : 0;
        msrs.intPendingMsg = m.length > 14 ? m[14] : 0;
        if (s.has("x87")) { // snapshots from before the x87 unit keep its RESET state
            FpuState f = cpu.fpu;
            long[] x = s.getLongs("x87");
            f.fcw = (int) x[0];
            f.fsw = (int) x[1];
            f.ftw = (int) x[2];
            f.fop = (int) x[3];
            f.fip = x[4];
            f.fdp = x[5];
            f.fcs = (int) x[6];
            f.fds = (int) x[7];
            System.arraycopy(s.getLongs("x87mant"), 0, f.mant, 0, 8);
            long[] sexp = s.getLongs("x87sexp");
            for (int k = 0; k < 8; k++) f.sexp[k] = (int) sexp[k];
        }
        // the SSE state (absent from snapshots taken before the SSE unit: reset values)
        cpu.fpu.mxcsr = (int) s.getLong("mxcsr", 0x1f80);
        if (s.has("xmm")) System.arraycopy(s.getLongs("xmm"), 0, cpu.fpu.xmm, 0, 32);
        cpu.fpu.xcr0 = s.getLong("xcr0", 1);
        cpu.updateMode();
    }

    private static void getSegment(DeviceState s, String name, SegmentCache c) {
        long[] v = s.getLongs(name);
        c.load((int) v[0], v[1], v[2], (int) v[3], false);
    }
}
