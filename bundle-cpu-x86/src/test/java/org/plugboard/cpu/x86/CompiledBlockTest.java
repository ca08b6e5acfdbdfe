package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.ConfigException;

/**
 * The compiled-block contract: the same guest code run with every block compiled on first use
 * (compile-threshold=1) and interpreted (0) leaves the same RIP, retired count, registers and
 * memory after every run() call, whatever stops it (a fault, self-modifying code, a budget).
 */
class CompiledBlockTest {
    private static final long CODE = 0x1000;

    private final long compiledBefore = BlockCompiler.compiledTotal();

    @AfterEach
    void noTranslationFailed() {
        assertEquals(0, BlockCompiler.failedTotal(), "a block failed to compile (see the log)");
    }

    /** What a run leaves behind, compared between the two tiers. */
    private record Outcome(List<String> exits, List<Long> rips, List<Long> retired, long[] gpr, long rflags, byte[] memory) {
    }

    /** Flat 32-bit protected mode at {@link #CODE}; DS ends at 0xffff; any exception is a triple fault. */
    private static CpuRegisters flat32() {
        CpuRegisters r = CpuRegisters.flatProtectedMode(CODE);
        r.seg[CpuRegisters.DS].limit = 0xffff; // [0x20000] faults with #GP
        r.idtLimit = 0; // the vCPU stops right at the faulting instruction
        r.gpr[CpuRegisters.RSP] = 0x8000;
        return r;
    }

    /** Real mode, CS:IP = 0:{@link #CODE}, SS:SP = 0:0x8000. */
    private static CpuRegisters realMode() {
        CpuRegisters r = new CpuRegisters();
        r.cr0 = 0x10;
        r.rip = CODE;
        r.seg[CpuRegisters.CS].set(0, 0, 0xffff, 0x9b);
        for (int s : new int[] {CpuRegisters.ES, CpuRegisters.SS, CpuRegisters.DS, CpuRegisters.FS, CpuRegisters.GS})
            r.seg[s].set(0, 0, 0xffff, 0x93);
        r.gpr[CpuRegisters.RSP] = 0x8000;
        return r;
    }

    private static TestMachine machine(int threshold, CpuRegisters registers, byte[] code) throws Exception {
        TestMachine m = new TestMachine(1 << 20, "qemu64", Map.of("compile-threshold", Integer.toString(threshold)));
        m.load(CODE, code);
        m.createCpu();
        m.vcpu.setRegisters(registers);
        return m;
    }

    /** Runs with the given budgets in turn (the last repeated) until the vCPU halts or shuts down. */
    private static Outcome run(int threshold, CpuRegisters registers, byte[] code, long... budgets) throws Exception {
        TestMachine m = machine(threshold, registers, code);
        List<String> exits = new ArrayList<>();
        List<Long> rips = new ArrayList<>(), retired = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            Vcpu.Exit e = m.vcpu.run(budgets[Math.min(k, budgets.length - 1)]);
            exits.add(e.name());
            rips.add(m.vcpu.registers().rip);
            retired.add(m.vcpu.instructionsRetired());
            if (e == Vcpu.Exit.HALTED || e == Vcpu.Exit.SHUTDOWN) break;
        }
        byte[] mem = new byte[0x10000];
        m.memory.ram().read(0, mem, 0, mem.length);
        CpuRegisters r = m.vcpu.registers();
        return new Outcome(exits, rips, retired, r.gpr.clone(), r.rflags, mem);
    }

    /** Runs both tiers, asserts they agree, and returns the compiled run's outcome. */
    private Outcome bothTiers(byte[] code, long... budgets) throws Exception {
        return bothTiers(flat32(), code, budgets);
    }

    private Outcome bothTiers(CpuRegisters registers, byte[] code, long... budgets) throws Exception {
        Outcome interpreted = run(0, registers, code, budgets);
        long before = BlockCompiler.compiledTotal();
        Outcome compiled = run(1, registers, code, budgets);
        assertTrue(BlockCompiler.compiledTotal() > before, "nothing was compiled");
        assertEquals(interpreted.exits(), compiled.exits(), "exits");
        assertEquals(interpreted.rips(), compiled.rips(), "RIP after each run()");
        assertEquals(interpreted.retired(), compiled.retired(), "retired after each run()");
        assertArrayEquals(interpreted.gpr(), compiled.gpr(), "registers");
        assertEquals(interpreted.rflags(), compiled.rflags(), "RFLAGS");
        assertArrayEquals(interpreted.memory(), compiled.memory(), "memory");
        return compiled;
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int k = 0; k < b.length; k++) out[k] = (byte) b[k];
        return out;
    }

    @Test
    void faultInATranslatedInstructionLeavesRipAndRetiredAtIt() throws Exception {
        Outcome o = bothTiers(bytes(
                0xb8, 0x01, 0, 0, 0,                 // mov eax, 1
                0xbb, 0x02, 0, 0, 0,                 // mov ebx, 2
                0x01, 0xd8,                          // add eax, ebx
                0x8b, 0x0d, 0x00, 0x00, 0x02, 0x00,  // mov ecx, [0x20000]: beyond DS's limit, #GP
                0x40,                                // inc eax
                0xf4), 1000);                        // hlt
        assertEquals(List.of("SHUTDOWN"), o.exits());
        assertEquals(CODE + 12, o.rips().get(0));
        assertEquals(3L, o.retired().get(0));
        assertEquals(3, o.gpr()[CpuRegisters.RAX]);
    }

    @Test
    void faultInAnInterpretedInstructionOfACompiledBlock() throws Exception {
        Outcome o = bothTiers(bytes(
                0xb8, 0x07, 0, 0, 0,                 // mov eax, 7
                0x31, 0xc9,                          // xor ecx, ecx
                0x50,                                // push eax
                0xf7, 0xf1,                          // div ecx: #DE (the interpreter executes DIV)
                0x40,                                // inc eax
                0xf4), 1000);                        // hlt
        assertEquals(CODE + 8, o.rips().get(0));
        assertEquals(3L, o.retired().get(0));
    }

    @Test
    void storeIntoTheRunningBlockEndsItAndTheNewBytesRun() throws Exception {
        Outcome o = bothTiers(bytes(
                0xc6, 0x05, 0x08, 0x10, 0x00, 0x00, 0x42, // mov byte [0x1008], 0x42: the immediate below
                0xb0, 0x11,                               // mov al, 0x11 (becomes mov al, 0x42)
                0xf4), 1000);                             // hlt
        assertEquals(0x42, o.gpr()[CpuRegisters.RAX] & 0xff);
        assertEquals(List.of(3L), o.retired());
    }

    @Test
    void loopThatRewritesItsOwnImmediate() throws Exception {
        Outcome o = bothTiers(bytes(
                0xb9, 0x0a, 0, 0, 0,                      // mov ecx, 10
                0x31, 0xd2,                               // xor edx, edx
                0x83, 0xc2, 0x01,                         // l: add edx, 1 (the immediate at 0x1009)
                0xfe, 0x05, 0x09, 0x10, 0x00, 0x00,       // inc byte [0x1009]
                0x49,                                     // dec ecx
                0x75, 0xf4,                               // jnz l
                0xf4), 1000);                             // hlt
        assertEquals(55, o.gpr()[CpuRegisters.RDX]);
    }

    @Test
    void blockEndingAtThePageEndAfterAnInterpretedInstructionContinuesAfterItsLast() throws Exception {
        byte[] code = new byte[0x1001];
        byte[] jump = bytes(0xe9, 0xf3, 0x0f, 0x00, 0x00); // jmp 0x1ff8
        System.arraycopy(jump, 0, code, 0, jump.length);
        code[0xff8] = (byte) 0xfc;                         // cld: executed by the interpreter
        for (int k = 0xff9; k < 0x1000; k++) code[k] = 0x40; // inc eax, 7 times, up to the page end
        code[0x1000] = (byte) 0xf4;                         // hlt on the next page
        Outcome o = bothTiers(code, 1000);
        assertEquals(7, o.gpr()[CpuRegisters.RAX]);
        assertEquals(List.of(CODE + 0x1001), o.rips());
    }

    @Test
    void budgetsSmallerThanABlockInterpretItsHead() throws Exception {
        byte[] loop = bytes(
                0xb9, 0x32, 0, 0, 0,                      // mov ecx, 50
                0x01, 0xc8,                               // l: add eax, ecx
                0x50,                                     // push eax
                0x5b,                                     // pop ebx
                0xc1, 0xc3, 0x05,                         // rol ebx, 5
                0x89, 0x1d, 0x00, 0x30, 0x00, 0x00,       // mov [0x3000], ebx
                0x49,                                     // dec ecx
                0x75, 0xf0,                               // jnz l
                0xf4);                                    // hlt
        Outcome o = bothTiers(loop, 3, 1, 10, 2, 4, 6, 1, 7, 5, 3, 8, 2, 9, 1, 1, 13, 7);
        assertEquals(50 * 51 / 2, o.gpr()[CpuRegisters.RAX]);
        bothTiers(loop, 1);
    }

    @Test
    void realModeCallsStackAndShifts() throws Exception {
        Outcome o = bothTiers(realMode(), bytes(
                0xb9, 0x14, 0x00,                         // mov cx, 20
                0x31, 0xc0,                               // xor ax, ax
                0x51,                                     // l: push cx
                0xe8, 0x0a, 0x00,                         // call f
                0x5a,                                     // pop dx
                0x40,                                     // inc ax
                0xd1, 0xe2,                               // shl dx, 1
                0x01, 0xd0,                               // add ax, dx
                0x49,                                     // dec cx
                0x75, 0xf3,                               // jnz l
                0xf4,                                     // hlt
                0x6b, 0xd8, 0x03,                         // f: imul bx, ax, 3
                0xc1, 0xc3, 0x03,                         // rol bx, 3
                0x53,                                     // push bx
                0x5e,                                     // pop si
                0xc3), 1000);                             // ret
        assertEquals(List.of("HALTED"), o.exits());
        assertEquals(CODE + 0x13, o.rips().get(0));
    }

    @Test
    void delayLoopOnTheTscSeesTimePass() throws Exception {
        Outcome o = bothTiers(bytes(
                0x0f, 0x31,                               // rdtsc
                0x89, 0xc3,                               // mov ebx, eax
                0xf3, 0x90,                               // l: pause
                0x0f, 0x31,                               // rdtsc
                0x29, 0xd8,                               // sub eax, ebx
                0x3d, 0xe8, 0x03, 0x00, 0x00,             // cmp eax, 1000
                0x72, 0xf3,                               // jb l
                0xf4), 100_000);                          // hlt
        assertEquals(List.of("HALTED"), o.exits());
    }

    @Test
    void benchGuestAgreesOnChecksumAndInstructionCount() throws Exception {
        long[] counts = new long[2];
        String[] outputs = new String[2];
        for (int t = 0; t < 2; t++) {
            TestMachine m = BenchGuestTest.prepare(Map.of("compile-threshold", t == 0 ? "0" : "50"));
            m.runUntilExit(400_000_000L);
            counts[t] = m.vcpu.instructionsRetired();
            outputs[t] = m.output();
        }
        assertTrue(outputs[1].contains("CHECKSUM=61e0afc1"), outputs[1]);
        assertEquals(outputs[0], outputs[1]);
        assertEquals(counts[0], counts[1]);
        assertTrue(BlockCompiler.compiledTotal() > compiledBefore, "nothing was compiled");
    }

    @Test
    void badThresholdIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new TestMachine(1 << 20, "qemu64", Map.of("compile-threshold", "-1")).createCpu());
        assertTrue(e.getMessage().contains("compile threshold"), e.getMessage());
    }
}
