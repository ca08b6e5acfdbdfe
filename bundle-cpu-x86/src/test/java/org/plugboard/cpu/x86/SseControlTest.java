package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.cpu.x86.SystemInstructionTest.NONE;
import static org.plugboard.cpu.x86.SystemInstructionTest.run;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What CR0 and CR4 do to MMX/SSE/XSAVE instructions (#UD, #NM, #XM), which the differential test
 * cannot reach from user mode: single instructions at CPL 0 reporting the vector they raised.
 */
class SseControlTest {
    private static final long PE = 0x11, MP = 2, EM = 4, TS = 8;
    private static final long OSFXSR = 0x200, OSXMMEXCPT = 0x400, OSXSAVE = 0x40000;
    private static final int[] ADDPS = {0x0f, 0x58, 0xc1};
    private static final int[] PADDB_MMX = {0x0f, 0xfc, 0xc1};
    private static final int[] FXSAVE = {0x0f, 0xae, 0x05, 0x00, 0x74, 0x00, 0x00};   // fxsave [0x7400]
    private static final int[] LDMXCSR = {0x0f, 0xae, 0x15, 0x00, 0x71, 0x00, 0x00};  // ldmxcsr [0x7100]
    private static final int[] XGETBV = {0x31, 0xc9, 0x0f, 0x01, 0xd0};               // xor ecx, ecx; xgetbv

    @Test
    void sseNeedsOsfxsrAndFaultsOnTs() throws Exception {
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP, 0, ADDPS), "without CR4.OSFXSR: #UD");
        assertEquals(NONE, run("qemu64", Map.of(), PE | MP, OSFXSR, ADDPS));
        assertEquals(Vectors.NM, run("qemu64", Map.of(), PE | MP | TS, OSFXSR, ADDPS), "CR0.TS: #NM");
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP | EM | TS, OSFXSR, ADDPS), "CR0.EM wins over TS: #UD");
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP, 0, LDMXCSR), "LDMXCSR follows the SSE rules");
    }

    @Test
    void undefinedEncodingsRaiseUdBeforeNm() throws Exception {
        int[] haddpsWithoutPrefix = {0x0f, 0x7c, 0xc1};
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP | TS, OSFXSR, haddpsWithoutPrefix));
        int[] movntpsRegister = {0x0f, 0x2b, 0xc1};
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP | TS, OSFXSR, movntpsRegister));
        int[] psrlqMmxBadExtension = {0x0f, 0x73, 0xd9, 0x01}; // 0F 73 /3 exists for XMM only
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP | TS, 0, psrlqMmxBadExtension));
        int[] movdToGpr = {0x66, 0x0f, 0x7e, 0xc0};
        assertEquals(Vectors.NM, run("qemu64", Map.of(), PE | MP | TS, OSFXSR, movdToGpr));
        int[] cvtsi2ssFromMemory = {0xf3, 0x0f, 0x2a, 0x05, 0x00, 0x71, 0x00, 0x00};
        assertEquals(Vectors.NM, run("qemu64", Map.of(), PE | MP | TS, OSFXSR, cvtsi2ssFromMemory));
    }

    @Test
    void crc32AndMovntiAreGeneralPurpose() throws Exception {
        int[] crc32 = {0xf2, 0x0f, 0x38, 0xf1, 0xc1};
        assertEquals(NONE, run("max", Map.of(), PE | MP | TS | EM, 0, crc32), "no CR0/CR4 checks");
        int[] movnti = {0x0f, 0xc3, 0x05, 0x00, 0x71, 0x00, 0x00};
        assertEquals(NONE, run("qemu64", Map.of(), PE | MP | TS | EM, 0, movnti));
    }

    @Test
    void mmxIgnoresOsfxsr() throws Exception {
        assertEquals(NONE, run("qemu64", Map.of(), PE | MP, 0, PADDB_MMX));
        assertEquals(Vectors.NM, run("qemu64", Map.of(), PE | MP | TS, 0, PADDB_MMX));
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP | EM, 0, PADDB_MMX));
    }

    @Test
    void fxsaveFaultsOnTsOrEmOnly() throws Exception {
        assertEquals(NONE, run("qemu64", Map.of(), PE | MP, 0, FXSAVE), "FXSAVE works without CR4.OSFXSR");
        assertEquals(Vectors.NM, run("qemu64", Map.of(), PE | MP | TS, OSFXSR, FXSAVE));
        assertEquals(Vectors.NM, run("qemu64", Map.of(), PE | MP | EM, OSFXSR, FXSAVE), "CR0.EM: #NM, not #UD");
        int[] misaligned = {0x0f, 0xae, 0x05, 0x08, 0x74, 0x00, 0x00};
        assertEquals(Vectors.GP, run("qemu64", Map.of(), PE | MP, OSFXSR, misaligned));
    }

    /** 1.0 / 0.0 with the divide-by-zero exception unmasked (MXCSR 0x1d80). */
    private static final int[] DIVIDE_BY_ZERO = {0xc7, 0x05, 0x00, 0x71, 0x00, 0x00, 0x80, 0x1d, 0x00, 0x00, 0xc7, 0x05, 0x04,
        0x71, 0x00, 0x00, 0x00, 0x00, 0x80, 0x3f, 0x0f, 0xae, 0x15, 0x00, 0x71, 0x00, 0x00, 0x0f, 0x57, 0xc9, 0xf3, 0x0f, 0x10,
        0x05, 0x04, 0x71, 0x00, 0x00, 0xf3, 0x0f, 0x5e, 0xc1};

    @Test
    void unmaskedExceptionsRaiseXmOnlyWithOsxmmexcpt() throws Exception {
        assertEquals(Vectors.XM, run("qemu64", Map.of(), PE | MP, OSFXSR | OSXMMEXCPT, DIVIDE_BY_ZERO));
        assertEquals(Vectors.UD, run("qemu64", Map.of(), PE | MP, OSFXSR, DIVIDE_BY_ZERO), "without CR4.OSXMMEXCPT: #UD");
    }

    /** mov dword [address], value */
    private static int[] store(int address, int value) {
        return new int[] {0xc7, 0x05, address & 0xff, (address >> 8) & 0xff, 0, 0, value & 0xff, (value >> 8) & 0xff,
            (value >> 16) & 0xff, value >>> 24};
    }

    /** ADDPS of (a0, a1, 0, 0) and (b0, b1, 0, 0) under MXCSR m: returns the machine after it. */
    private static TestMachine addps(int mxcsr, int a0, int a1, int b0, int b1) throws Exception {
        int[] tail = {0x0f, 0xae, 0x15, 0x20, 0x71, 0x00, 0x00,   // ldmxcsr [0x7120]
            0x0f, 0x10, 0x05, 0x00, 0x71, 0x00, 0x00,              // movups xmm0, [0x7100]
            0x0f, 0x10, 0x0d, 0x10, 0x71, 0x00, 0x00,              // movups xmm1, [0x7110]
            0x0f, 0x58, 0xc1};                                     // addps xmm0, xmm1
        int[][] parts = {store(0x7100, a0), store(0x7104, a1), store(0x7110, b0), store(0x7114, b1), store(0x7120, mxcsr), tail};
        int[] code = java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
        return SystemInstructionTest.machine("qemu64", Map.of(), PE | MP, OSFXSR | OSXMMEXCPT, code);
    }

    /**
     * The differential test sees only that both sides fault; the state at the fault is checked here.
     * The expected MXCSR values (0x1ba8, 0x1f01) and the unchanged XMM0 are what this AMD host reports
     * in the SIGFPE context for the same two ADDPS.
     */
    @Test
    void anUnmaskedExceptionLeavesTheDestinationAndReportsTheFlagsOfAllLanes() throws Exception {
        // overflow unmasked in lane 0, an inexact sum in lane 1: #XM with OE and PE, xmm0 unchanged
        TestMachine m = addps(0x1b80, 0x7f7fffff, 0x3f800000, 0x7f7fffff, 0x2edbe6ff);
        assertEquals(String.valueOf((char) Vectors.XM), m.output());
        FpuState f = ((X86Vcpu) m.vcpu).cpu.fpu;
        assertEquals(0x1b80 | 0x08 | 0x20, f.mxcsr);
        assertEquals(0x3f8000007f7fffffL, f.xmm[0], "the destination is not written");
        // invalid (a signalling NaN) unmasked in lane 0, a masked overflow in lane 1: the computation's
        // flags (OE, PE) are not reported when a pre-computation exception is unmasked
        m = addps(0x1f00, 0x7fa00000, 0x7f7fffff, 0x3f800000, 0x7f7fffff);
        assertEquals(String.valueOf((char) Vectors.XM), m.output());
        f = ((X86Vcpu) m.vcpu).cpu.fpu;
        assertEquals(0x1f00 | 0x01, f.mxcsr);
        // all masked: the result is written and every flag recorded
        m = addps(0x1f80, 0x7fa00000, 0x7f7fffff, 0x3f800000, 0x7f7fffff);
        assertEquals(String.valueOf((char) NONE), m.output());
        f = ((X86Vcpu) m.vcpu).cpu.fpu;
        assertEquals(0x1f80 | 0x01 | 0x08 | 0x20, f.mxcsr);
        assertEquals(0x7f8000007fe00000L, f.xmm[0], "quieted NaN, +infinity");
    }

    /**
     * XSETBV to x87|SSE, XGETBV reads it back, CPUID reports OSXSAVE and a 576-byte area, XSAVE then
     * XRSTOR bring back a clobbered XMM register and the header records both components.
     */
    private static final int[] XSAVE_ROUND_TRIP = {0x31, 0xc9, 0xb8, 0x03, 0x00, 0x00, 0x00, 0x31, 0xd2, 0x0f, 0x01, 0xd1, 0x0f,
        0x01, 0xd0, 0x83, 0xf8, 0x03, 0x75, 0x5f, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x0f, 0xa2, 0x0f, 0xba, 0xe1, 0x1b, 0x73, 0x52,
        0xb8, 0x0d, 0x00, 0x00, 0x00, 0x31, 0xc9, 0x0f, 0xa2, 0x81, 0xfb, 0x40, 0x02, 0x00, 0x00, 0x75, 0x41, 0xc7, 0x05, 0x00,
        0x72, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12, 0xf3, 0x0f, 0x10, 0x1d, 0x00, 0x72, 0x00, 0x00, 0xb8, 0x03, 0x00, 0x00, 0x00,
        0x31, 0xd2, 0x0f, 0xae, 0x25, 0x00, 0x74, 0x00, 0x00, 0x0f, 0x57, 0xdb, 0x0f, 0xae, 0x2d, 0x00, 0x74, 0x00, 0x00, 0x66,
        0x0f, 0x7e, 0xdb, 0x81, 0xfb, 0x78, 0x56, 0x34, 0x12, 0x75, 0x0b, 0x83, 0x3d, 0x00, 0x76, 0x00, 0x00, 0x03, 0x75, 0x02,
        0xeb, 0x02, 0x0f, 0x0b};

    @Test
    void xsaveNeedsOsxsaveAndRoundTrips() throws Exception {
        assertEquals(Vectors.UD, run("max", Map.of(), PE | MP, OSFXSR, XGETBV), "without CR4.OSXSAVE: #UD");
        assertEquals(NONE, run("max", Map.of(), PE | MP, OSFXSR | OSXSAVE, XSAVE_ROUND_TRIP));
        int[] badXcr0 = {0x31, 0xc9, 0xb8, 0x02, 0x00, 0x00, 0x00, 0x31, 0xd2, 0x0f, 0x01, 0xd1}; // XCR0 without x87
        assertEquals(Vectors.GP, run("max", Map.of(), PE | MP, OSFXSR | OSXSAVE, badXcr0));
        int[] avx = {0x31, 0xc9, 0xb8, 0x07, 0x00, 0x00, 0x00, 0x31, 0xd2, 0x0f, 0x01, 0xd1};    // AVX: not supported
        assertEquals(Vectors.GP, run("max", Map.of(), PE | MP, OSFXSR | OSXSAVE, avx));
        int[] ts = {0x0f, 0xae, 0x25, 0x00, 0x74, 0x00, 0x00};                                   // xsave [0x7400]
        assertEquals(Vectors.NM, run("max", Map.of(), PE | MP | TS, OSFXSR | OSXSAVE, ts));
    }

    @Test
    void snapshotsKeepTheSseState() throws Exception {
        TestMachine a = new TestMachine(1 << 20, "max", Map.of());
        a.createCpu();
        FpuState f = ((X86Vcpu) a.vcpu).cpu.fpu;
        f.mxcsr = 0x7f80 | 0x20;
        for (int k = 0; k < 32; k++) f.xmm[k] = 0x1111111111111111L * (k % 15 + 1);
        f.xcr0 = 3;
        org.plugboard.api.device.DeviceState saved = org.plugboard.api.device.DeviceState.fromBytes(a.vcpu.saveState().toBytes());
        TestMachine b = new TestMachine(1 << 20, "max", Map.of());
        b.createCpu();
        b.vcpu.restoreState(saved);
        FpuState g = ((X86Vcpu) b.vcpu).cpu.fpu;
        assertEquals(f.mxcsr, g.mxcsr);
        assertEquals(java.util.Arrays.toString(f.xmm), java.util.Arrays.toString(g.xmm));
        assertEquals(3, g.xcr0);
    }

    @Test
    void cpuidAdvertisesTheSimdUnit() throws Exception {
        int[] out = new int[4];
        CpuModel max = CpuModel.parse("max");
        max.cpuid(1, 0, 0, out);
        for (int bit : new int[] {23, 24, 25, 26}) assertTrue((out[3] & (1 << bit)) != 0, "EDX bit " + bit);
        for (int bit : new int[] {0, 9, 19, 20, 23, 26}) assertTrue((out[2] & (1 << bit)) != 0, "ECX bit " + bit);
        assertEquals(0, out[2] & (1 << 27), "OSXSAVE comes from CR4, not the model");
        max.cpuid(0xd, 0, 0, out);
        assertEquals(3, out[0]);
        assertEquals(576, out[2]);
        CpuModel.parse("qemu64").cpuid(1, 0, 0, out);
        assertEquals(1, out[2] & 1, "qemu64: sse3");
        assertEquals(0, out[2] & (1 << 9 | 1 << 19 | 1 << 20 | 1 << 26), "qemu64: no ssse3, sse4, xsave (as in QEMU)");
        int[] setOsxsave = {0x0f, 0x20, 0xe0, 0x0d, 0x00, 0x00, 0x04, 0x00, 0x0f, 0x22, 0xe0}; // mov eax, cr4; or; mov cr4, eax
        assertEquals(Vectors.GP, run("qemu64", Map.of(), PE | MP, OSFXSR, setOsxsave), "no XSAVE in the model: CR4.OSXSAVE #GP");
        assertEquals(NONE, run("max", Map.of(), PE | MP, OSFXSR, setOsxsave));
    }
}
