package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.plugboard.cpu.x86.SystemInstructionTest.NONE;
import static org.plugboard.cpu.x86.SystemInstructionTest.run;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIMD instructions exist only on CPU models that advertise their CPUID feature: qemu64 (SSE3, no
 * SSSE3, SSE4.1, SSE4.2, POPCNT) raises #UD for the newer ones, as QEMU TCG does, while max runs them.
 * Single instructions at CPL 0 with CR4.OSFXSR and OSXSAVE set, reporting the vector they raised.
 */
class SimdFeatureTest {
    private static final long PE = 0x11, MP = 2, EM = 4, TS = 8;
    private static final long OSFXSR = 0x200, OSXSAVE = 0x40000;
    private static final long CR0 = PE | MP, CR4 = OSFXSR | OSXSAVE;

    private static final int[] PSHUFB = {0x66, 0x0f, 0x38, 0x00, 0xc1};          // SSSE3
    private static final int[] PSHUFB_MMX = {0x0f, 0x38, 0x00, 0xc1};            // SSSE3, MMX registers
    private static final int[] PALIGNR = {0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x04};   // SSSE3
    private static final int[] PMULLD = {0x66, 0x0f, 0x38, 0x40, 0xc1};          // SSE4.1
    private static final int[] PCMPGTQ = {0x66, 0x0f, 0x38, 0x37, 0xc1};         // SSE4.2
    private static final int[] PCMPESTRI = {0x66, 0x0f, 0x3a, 0x61, 0xc1, 0x00}; // SSE4.2
    private static final int[] CRC32 = {0xf2, 0x0f, 0x38, 0xf1, 0xc1};           // SSE4.2
    private static final int[] POPCNT = {0xf3, 0x0f, 0xb8, 0xc1};                // POPCNT
    private static final int[] HADDPS = {0xf2, 0x0f, 0x7c, 0xc1};                // SSE3
    private static final int[] MOVSHDUP = {0xf3, 0x0f, 0x16, 0xc1};              // SSE3
    private static final int[] XGETBV = {0x31, 0xc9, 0x0f, 0x01, 0xd0};          // xor ecx, ecx; xgetbv
    private static final int[] PADDB_MMX = {0x0f, 0xfc, 0xc1};                   // MMX
    private static final int[] PADDQ = {0x66, 0x0f, 0xd4, 0xc1};                 // SSE2
    private static final int[] ADDPS = {0x0f, 0x58, 0xc1};                       // SSE
    private static final int[] FXSAVE = {0x0f, 0xae, 0x05, 0x00, 0x74, 0x00, 0x00}; // fxsave [0x7400]

    @Test
    void qemu64LacksSsse3Sse41Sse42AndPopcnt() throws Exception {
        for (int[] code : new int[][] {PSHUFB, PSHUFB_MMX, PALIGNR, PMULLD, PCMPGTQ, PCMPESTRI, CRC32, POPCNT})
            assertEquals(Vectors.UD, run("qemu64", Map.of(), CR0, CR4, code), hex(code));
    }

    @Test
    void qemu64RunsWhatItAdvertises() throws Exception {
        for (int[] code : new int[][] {HADDPS, MOVSHDUP, PADDB_MMX, PADDQ, ADDPS, FXSAVE})
            assertEquals(NONE, run("qemu64", Map.of(), CR0, CR4, code), hex(code));
    }

    @Test
    void maxRunsAllOfThem() throws Exception {
        for (int[] code : new int[][] {PSHUFB, PSHUFB_MMX, PALIGNR, PMULLD, PCMPGTQ, PCMPESTRI, CRC32, POPCNT, HADDPS,
            MOVSHDUP, XGETBV, PADDB_MMX, PADDQ, ADDPS, FXSAVE})
            assertEquals(NONE, run("max", Map.of(), CR0, CR4, code), hex(code));
    }

    @Test
    void xsaveFamilyNeedsXsave() throws Exception {
        // CR4.OSXSAVE is forced here (a guest could not set it on qemu64): the missing feature still wins
        assertEquals(Vectors.UD, run("qemu64", Map.of(), CR0, CR4, XGETBV));
        int[] xsave = {0x31, 0xc0, 0x31, 0xd2, 0x0f, 0xae, 0x25, 0x00, 0x74, 0x00, 0x00}; // edx:eax = 0; xsave [0x7400]
        assertEquals(NONE, run("max", Map.of(), CR0, CR4, xsave));
        assertEquals(Vectors.UD, run("max,-xsave", Map.of(), CR0, CR4, xsave));
    }

    @Test
    void removingAFeatureFromMaxRemovesItsInstructions() throws Exception {
        assertEquals(Vectors.UD, run("max,-sse3", Map.of(), CR0, CR4, HADDPS));
        assertEquals(Vectors.UD, run("max,-mmx", Map.of(), CR0, CR4, PADDB_MMX));
        assertEquals(Vectors.UD, run("max,-sse2", Map.of(), CR0, CR4, PADDQ));
        assertEquals(Vectors.UD, run("max,-sse", Map.of(), CR0, CR4, ADDPS));
        assertEquals(Vectors.UD, run("max,-fxsr", Map.of(), CR0, CR4, FXSAVE));
        assertEquals(Vectors.UD, run("max,-popcnt", Map.of(), CR0, CR4, POPCNT));
        assertEquals(Vectors.UD, run("max,-sse4.2", Map.of(), CR0, CR4, CRC32));
        assertEquals(NONE, run("max,-sse4.2", Map.of(), CR0, CR4, PMULLD), "SSE4.1 stays");
    }

    @Test
    void missingFeatureRaisesUdBeforeNm() throws Exception {
        assertEquals(Vectors.UD, run("qemu64", Map.of(), CR0 | TS, CR4, PSHUFB));
        assertEquals(Vectors.NM, run("max", Map.of(), CR0 | TS, CR4, PSHUFB));
        assertEquals(Vectors.UD, run("max,-fxsr", Map.of(), CR0 | TS, CR4, FXSAVE));
        assertEquals(Vectors.NM, run("max", Map.of(), CR0 | EM, CR4, FXSAVE));
        assertEquals(Vectors.UD, run("max,-mmx", Map.of(), CR0 | TS, CR4, PADDB_MMX));
    }

    @Test
    void featureOfEachFamily() {
        assertEquals("ssse3", SimdFeatures.feature(SseDecoder.key(SseDecoder.P66, SseDecoder.MAP_0F38, 0x00)));
        assertEquals("sse4.1", SimdFeatures.feature(SseDecoder.key(SseDecoder.P66, SseDecoder.MAP_0F3A, 0x0b)));
        assertEquals("sse2", SimdFeatures.feature(SseDecoder.key(SseDecoder.PF3, SseDecoder.MAP_0F, 0x6f)));
        assertEquals("sse", SimdFeatures.feature(SseDecoder.key(SseDecoder.NONE, SseDecoder.MAP_0F, 0xe0)));
        assertEquals("sse3", SimdFeatures.feature(SseDecoder.key(SseDecoder.PF2, SseDecoder.MAP_0F, 0xf0)));
    }

    private static String hex(int[] code) {
        StringBuilder b = new StringBuilder();
        for (int c : code) b.append(String.format("%02x ", c));
        return b.toString().trim();
    }
}
