package org.plugboard.cpu.x86;

/**
 * The instructions that move the x87/SSE state as a whole: FXSAVE/FXRSTOR, LDMXCSR/STMXCSR,
 * XSAVE/XSAVEOPT/XRSTOR and XGETBV/XSETBV, with their #NM/#UD/#GP rules (SDM vol. 2).
 */
final class StateSaveOps {
    /** The XSAVE state components this CPU has: x87 (bit 0) and SSE (bit 1). AVX (bit 2) is not implemented. */
    static final long XCR0_SUPPORTED = 3;
    /** XSAVE area: the 512-byte legacy region, the 64-byte header; AVX would follow at 576. */
    static final int XSAVE_HEADER = 512, XSAVE_SIZE = 576;

    private final Cpu cpu;
    private final FpuState s;
    private final FpuImage image;
    private final Interpreter interpreter;
    private final SimdFeatures features;

    StateSaveOps(Cpu cpu, Interpreter interpreter, SimdFeatures features) {
        this.cpu = cpu;
        this.features = features;
        this.s = cpu.fpu;
        this.image = new FpuImage(cpu);
        this.interpreter = interpreter;
    }

    /**
     * 0F AE with a memory operand: /0 FXSAVE, /1 FXRSTOR, /2 LDMXCSR, /3 STMXCSR, /4 XSAVE, /5 XRSTOR,
     * /6 XSAVEOPT. With F2/F3 (PTWRITE ...), with 66 and /6 (CLWB) or in register form (RDFSBASE ...)
     * they are instructions this CPU does not have; so are those of a feature the model lacks.
     */
    void group15(Insn i, int prefix) {
        int r = i.reg & 7;
        if (!i.mem || prefix >= SseDecoder.PF3 || (prefix == SseDecoder.P66 && r == 6) || !features.allowsGroup15(r))
            throw cpu.fault(Vectors.UD);
        switch (r) {
            case 0: fxsave(i); break;
            case 1: fxrstor(i); break;
            case 2: ldmxcsr(i); break;
            case 3: stmxcsr(i); break;
            case 4: case 6: xsave(i); break;
            case 5: xrstor(i); break;
            default: throw cpu.fault(Vectors.UD);
        }
    }

    private long alignedAddress(Insn i, int alignment) {
        long a = interpreter.ea(i);
        if ((cpu.linear(i.seg, a) & (alignment - 1)) != 0) throw cpu.fault(Vectors.GP, 0);
        return a;
    }

    /** FXSAVE/FXRSTOR: #NM when CR0.EM or CR0.TS is set (they do not need CR4.OSFXSR). */
    private void fxGate() {
        if ((cpu.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) throw cpu.fault(Vectors.NM);
    }

    private int xmmCount() {
        return cpu.mode64 ? 16 : 8;
    }

    /** Without CR4.OSFXSR, FXSAVE/FXRSTOR leave MXCSR and the XMM registers alone (as QEMU does; the SDM leaves it open). */
    private boolean sseEnabled() {
        return (cpu.cr4 & Cpu.CR4_OSFXSR) != 0;
    }

    private void fxsave(Insn i) {
        fxGate();
        long a = alignedAddress(i, 16);
        image.checkWritable(i.seg, a, 416);
        image.saveX87(i.seg, a, i.osize == 8);
        if (sseEnabled()) {
            image.saveMxcsr(i.seg, a);
            image.saveXmm(i.seg, a, xmmCount());
        }
    }

    private void fxrstor(Insn i) {
        fxGate();
        long a = alignedAddress(i, 16);
        image.checkReadable(i.seg, a, 416);
        if (sseEnabled()) {
            s.mxcsr = image.readMxcsr(i.seg, a);
            image.restoreXmm(i.seg, a, xmmCount());
        }
        image.restoreX87(i.seg, a, i.osize == 8);
    }

    /** LDMXCSR/STMXCSR follow the SSE rules: #UD without CR4.OSFXSR or with CR0.EM, then #NM with CR0.TS. */
    private void sseGate() {
        if ((cpu.cr0 & Cpu.CR0_EM) != 0 || (cpu.cr4 & Cpu.CR4_OSFXSR) == 0) throw cpu.fault(Vectors.UD);
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) throw cpu.fault(Vectors.NM);
    }

    private void ldmxcsr(Insn i) {
        sseGate();
        int m = (int) cpu.read(i.seg, interpreter.ea(i), 4);
        if ((m & ~FpuImage.MXCSR_MASK) != 0) throw cpu.fault(Vectors.GP, 0);
        s.mxcsr = m;
    }

    private void stmxcsr(Insn i) {
        sseGate();
        cpu.write(i.seg, interpreter.ea(i), 4, s.mxcsr & 0xffffffffL);
    }

    // --- XSAVE ---

    /** XSAVE and friends: #UD without CR4.OSXSAVE, #NM with CR0.TS. */
    private void xsaveGate() {
        if ((cpu.cr4 & Cpu.CR4_OSXSAVE) == 0) throw cpu.fault(Vectors.UD);
        if ((cpu.cr0 & Cpu.CR0_TS) != 0) throw cpu.fault(Vectors.NM);
    }

    /** The requested-feature bitmap: EDX:EAX and XCR0. */
    private long rfbm() {
        return (cpu.gpr[Cpu.RDX] << 32 | (cpu.gpr[Cpu.RAX] & 0xffffffffL)) & s.xcr0;
    }

    /**
     * XSAVE (and XSAVEOPT, which may skip unmodified components; saving them anyway is allowed):
     * the requested components, and in the header XSTATE_BV bits for them (1: saved).
     */
    private void xsave(Insn i) {
        xsaveGate();
        long a = alignedAddress(i, 64);
        long rfbm = rfbm();
        image.checkWritable(i.seg, a, XSAVE_HEADER + 8);
        boolean wide = i.osize == 8;
        if ((rfbm & 1) != 0) image.saveX87(i.seg, a, wide);
        if ((rfbm & 2) != 0) {
            image.saveMxcsr(i.seg, a);
            image.saveXmm(i.seg, a, xmmCount());
        }
        long bv = cpu.read(i.seg, a + XSAVE_HEADER, 8);
        // a component in its initial state may be recorded as such (bit clear); this CPU always records it as saved
        cpu.write(i.seg, a + XSAVE_HEADER, 8, (bv & ~rfbm) | rfbm);
    }

    /**
     * XRSTOR (standard format): #GP when the header is malformed (XSTATE_BV outside XCR0, XCOMP_BV
     * set, reserved header bytes nonzero) or MXCSR sets reserved bits; a requested component whose
     * XSTATE_BV bit is clear is set to its initial state.
     */
    private void xrstor(Insn i) {
        xsaveGate();
        long a = alignedAddress(i, 64);
        image.checkReadable(i.seg, a, XSAVE_SIZE);
        long rfbm = rfbm();
        long bv = cpu.read(i.seg, a + XSAVE_HEADER, 8);
        long comp = cpu.read(i.seg, a + XSAVE_HEADER + 8, 8);
        long reserved = cpu.read(i.seg, a + XSAVE_HEADER + 16, 8);
        if ((bv & ~s.xcr0) != 0 || comp != 0 || reserved != 0) throw cpu.fault(Vectors.GP, 0);
        boolean wide = i.osize == 8;
        // MXCSR is loaded when the SSE component is requested, whatever XSTATE_BV says
        if ((rfbm & 2) != 0) s.mxcsr = image.readMxcsr(i.seg, a);
        if ((rfbm & 2) != 0) {
            if ((bv & 2) != 0) image.restoreXmm(i.seg, a, xmmCount());
            else java.util.Arrays.fill(s.xmm, 0, 2 * xmmCount(), 0);
        }
        if ((rfbm & 1) != 0) {
            if ((bv & 1) != 0) image.restoreX87(i.seg, a, wide);
            else image.initX87();
        }
    }

    /** XGETBV: ECX selects the register; only XCR0 exists. */
    void xgetbv() {
        if ((cpu.cr4 & Cpu.CR4_OSXSAVE) == 0) throw cpu.fault(Vectors.UD);
        if ((int) cpu.gpr[Cpu.RCX] != 0) throw cpu.fault(Vectors.GP, 0);
        cpu.setReg(Cpu.RAX, 4, s.xcr0 & 0xffffffffL);
        cpu.setReg(Cpu.RDX, 4, s.xcr0 >>> 32);
    }

    /** XSETBV: CPL 0, XCR0 only, bit 0 (x87) set, no unsupported component (SDM vol. 2, XSETBV). */
    void xsetbv() {
        if ((cpu.cr4 & Cpu.CR4_OSXSAVE) == 0) throw cpu.fault(Vectors.UD);
        if (cpu.cpl != 0 || cpu.v86) throw cpu.fault(Vectors.GP, 0);
        long v = cpu.gpr[Cpu.RDX] << 32 | (cpu.gpr[Cpu.RAX] & 0xffffffffL);
        if ((int) cpu.gpr[Cpu.RCX] != 0 || (v & 1) == 0 || (v & ~XCR0_SUPPORTED) != 0) throw cpu.fault(Vectors.GP, 0);
        s.xcr0 = v;
    }
}
