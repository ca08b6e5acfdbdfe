package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;

/**
 * Single system instructions in flat 32-bit protected mode at CPL 0. Every exception vector has a
 * handler that writes its vector number to port 0xe9 and halts, so a test reads which fault (if
 * any) an instruction raised; code that does not fault writes 0xff and halts.
 */
class SystemInstructionTest {
    static final long IDT = 0x4000, HANDLERS = 0x5000, GDT = 0x6000, CODE = 0x8000;

    /** Runs {@code code} followed by "mov al, 0xff; out 0xe9, al; hlt"; returns the byte written to 0xe9. */
    static int run(String model, Map<String, String> options, long cr0, long cr4, int... code) throws Exception {
        TestMachine m = machine(model, options, cr0, cr4, code);
        String out = m.output();
        assertEquals(1, out.length(), out);
        return out.charAt(0);
    }

    /** The machine after running {@code code} as {@link #run} does, for tests that look at more than the vector. */
    static TestMachine machine(String model, Map<String, String> options, long cr0, long cr4, int... code) throws Exception {
        return machine(model, options, cr0, cr4, v -> { }, code);
    }

    /** As above, with {@code pins} applied to the vCPU before it runs (IGNNE#, ...). */
    static TestMachine machine(String model, Map<String, String> options, long cr0, long cr4,
            java.util.function.Consumer<Vcpu> pins, int... code) throws Exception {
        return prepared(model, options, cr0, cr4, m -> pins.accept(m.vcpu), code);
    }

    /** As above, with {@code setup} given the machine (memory, vCPU) once its registers are set, before it runs. */
    static TestMachine prepared(String model, Map<String, String> options, long cr0, long cr4,
            java.util.function.Consumer<TestMachine> setup, int... code) throws Exception {
        TestMachine m = new TestMachine(1 << 20, model, options);
        for (int v = 0; v < 32; v++) {
            long h = HANDLERS + 8L * v;
            m.load(h, new byte[] {(byte) 0xb0, (byte) v, (byte) 0xe6, (byte) 0xe9, (byte) 0xf4});
            long gate = (h & 0xffff) | 0x08L << 16 | 0x8e00L << 32 | (h >>> 16) << 48;
            m.load(IDT + 8L * v, le(gate));
        }
        m.load(GDT + 8, le(0x00cf9a000000ffffL));
        m.load(GDT + 16, le(0x00cf92000000ffffL));
        byte[] tail = {(byte) 0xb0, (byte) 0xff, (byte) 0xe6, (byte) 0xe9, (byte) 0xf4};
        byte[] all = new byte[code.length + tail.length];
        for (int k = 0; k < code.length; k++) all[k] = (byte) code[k];
        System.arraycopy(tail, 0, all, code.length, tail.length);
        m.load(CODE, all);
        m.createCpu();
        CpuRegisters r = CpuRegisters.flatProtectedMode(CODE);
        r.cr0 = cr0;
        r.cr4 = cr4;
        r.gdtBase = GDT;
        r.gdtLimit = 23;
        r.idtBase = IDT;
        r.idtLimit = 32 * 8 - 1;
        r.seg[CpuRegisters.CS].selector = 0x08;
        for (int s : new int[] {0, 2, 3, 4, 5}) r.seg[s].selector = 0x10;
        r.gpr[CpuRegisters.RSP] = 0x7000;
        r.gpr[CpuRegisters.RCX] = 0x199; // for RDMSR/WRMSR: an MSR this model does not know
        m.vcpu.setRegisters(r);
        setup.accept(m);
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(1000));
        return m;
    }

    private static int run(int... code) throws Exception {
        return run("qemu64", Map.of(), 0x11, 0, code);
    }

    private static byte[] le(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    static final int NONE = 0xff;

    @Test
    void fpuOpcodesFollowEmAndTs() throws Exception {
        int[] fninit = {0xdb, 0xe3};
        assertEquals(NONE, run("qemu64", Map.of(), 0x11, 0, fninit), "the x87 unit executes FNINIT");
        assertEquals(Vectors.UD, run("qemu64", Map.of(), 0x11, 0, new int[] {0xd9, 0xd1}), "D9 D1 is no instruction: #UD");
        assertEquals(Vectors.NM, run("qemu64", Map.of(), 0x11 | 8, 0, fninit), "CR0.TS: #NM");
        assertEquals(Vectors.NM, run("qemu64", Map.of(), 0x11 | 4, 0, fninit), "CR0.EM: #NM");
        int[] fwait = {0x9b};
        assertEquals(NONE, run("qemu64", Map.of(), 0x11 | 8, 0, fwait), "WAIT ignores TS without MP");
        assertEquals(Vectors.NM, run("qemu64", Map.of(), 0x11 | 8 | 2, 0, fwait), "WAIT with MP and TS: #NM");
        int[] addps = {0x0f, 0x58, 0xc1};
        assertEquals(Vectors.UD, run("qemu64", Map.of(), 0x11 | 8, 0, addps), "SSE without CR4.OSFXSR: #UD");
        assertEquals(Vectors.NM, run("qemu64", Map.of(), 0x11 | 8, 0x200, addps), "SSE with OSFXSR and TS: #NM");
    }

    @Test
    void unknownMsrsFaultUnlessIgnored() throws Exception {
        int[] rdmsr = {0x0f, 0x32};
        assertEquals(Vectors.GP, run(rdmsr));
        assertEquals(NONE, run("qemu64", Map.of("unknown-msr", "ignore"), 0x11, 0, rdmsr));
        int[] wrmsr = {0x0f, 0x30};
        assertEquals(NONE, run("qemu64", Map.of("unknown-msr", "ignore"), 0x11, 0, wrmsr));
        // EFER.LME on a model without long mode: #GP
        int[] setLme = {0xb9, 0x80, 0x00, 0x00, 0xc0, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x31, 0xd2, 0x0f, 0x30};
        assertEquals(Vectors.GP, run("qemu32", Map.of(), 0x11, 0, setLme));
        assertEquals(NONE, run("qemu64", Map.of(), 0x11, 0, setLme));
    }

    /**
     * Linux 6.1 reads SYSCFG (C001_0010h) on AMD family 0Fh+ while it reads the fixed-range MTRRs,
     * and the interrupt pending message register (C001_0055h) for erratum 400, without fault handlers.
     */
    @Test
    void amdModelsHaveSyscfgAndIntPendingMsgAndIntelModelsDoNot() throws Exception {
        int[] readSyscfg = {0xb9, 0x10, 0x00, 0x01, 0xc0, 0x0f, 0x32};                  // mov ecx, C001_0010h; rdmsr
        assertEquals(NONE, run(readSyscfg), "qemu64 is AMD family 0Fh");
        assertEquals(Vectors.GP, run("qemu32", Map.of(), 0x11, 0, readSyscfg), "qemu32 is Intel");
        // wrmsr 0x00040000 (MtrrFixDramEn), rdmsr, cmp eax, 0x00040000; je past the ud2 (#UD unless it stuck)
        int[] roundTrip = {0xb9, 0x10, 0x00, 0x01, 0xc0, 0xb8, 0x00, 0x00, 0x04, 0x00, 0x31, 0xd2, 0x0f, 0x30,
            0x31, 0xc0, 0x0f, 0x32, 0x3d, 0x00, 0x00, 0x04, 0x00, 0x74, 0x02, 0x0f, 0x0b};
        assertEquals(NONE, run(roundTrip), "SYSCFG keeps what was written");
        assertEquals(Vectors.GP, run("qemu32", Map.of(), 0x11, 0, roundTrip));
        int[] readIntPending = {0xb9, 0x55, 0x00, 0x01, 0xc0, 0x0f, 0x32};              // mov ecx, C001_0055h; rdmsr
        assertEquals(NONE, run(readIntPending));
        assertEquals(Vectors.GP, run("qemu32", Map.of(), 0x11, 0, readIntPending));
    }

    @Test
    void undefinedAndPrivilegedEncodings() throws Exception {
        assertEquals(Vectors.UD, run(0x0f, 0x0b), "UD2");
        assertEquals(Vectors.UD, run(0xf0, 0x90), "LOCK NOP");
        assertEquals(Vectors.UD, run(0x0f, 0x01, 0xc8), "MONITOR hidden: #UD by default");
        assertEquals(NONE, run("qemu64", Map.of("mwait", "nop"), 0x11, 0, 0x0f, 0x01, 0xc9));
        // mov eax, 0x80000000; mov cr0, eax
        assertEquals(Vectors.GP, run(0xb8, 0x00, 0x00, 0x00, 0x80, 0x0f, 0x22, 0xc0), "CR0.PG without PE");
        assertEquals(Vectors.UD, run(0x0f, 0x20, 0xe8), "MOV from CR5");
        assertEquals(Vectors.UD, run(0x0f, 0x00, 0xc0 | 6 << 3), "0F 00 /6 is undefined");
    }

    @Test
    void smepAndSmapNeedAModelThatHasThem() throws Exception {
        int[] stac = {0x0f, 0x01, 0xcb}, clac = {0x0f, 0x01, 0xca};
        assertEquals(Vectors.UD, run(stac), "qemu64 has no SMAP: STAC is #UD");
        assertEquals(Vectors.UD, run(clac));
        assertEquals(NONE, run("max", Map.of(), 0x11, 0, stac));
        assertEquals(NONE, run("qemu64,+smap", Map.of(), 0x11, 0, clac));
        // mov eax, 0x300000 (SMEP | SMAP); mov cr4, eax
        int[] setCr4 = {0xb8, 0x00, 0x00, 0x30, 0x00, 0x0f, 0x22, 0xe0};
        assertEquals(Vectors.GP, run(setCr4), "reserved CR4 bits on qemu64");
        assertEquals(NONE, run("max", Map.of(), 0x11, 0, setCr4));
        assertEquals(NONE, run("qemu64,+smep,+smap", Map.of(), 0x11, 0, setCr4));
    }

    @Test
    void debugRegisterAccessFaults() throws Exception {
        int[] readDr4 = {0x0f, 0x21, 0xe0}; // mov eax, dr4
        assertEquals(NONE, run(readDr4), "DR4 aliases DR6 without CR4.DE");
        assertEquals(Vectors.UD, run("qemu64", Map.of(), 0x11, 8, readDr4), "CR4.DE: DR4 is #UD");
        // mov eax, 0x2000 (GD); mov dr7, eax; mov eax, dr0
        int[] generalDetect = {0xb8, 0x00, 0x20, 0x00, 0x00, 0x0f, 0x23, 0xf8, 0x0f, 0x21, 0xc0};
        assertEquals(Vectors.DB, run(generalDetect), "DR7.GD: the next MOV DR is a #DB fault");
    }

    @Test
    void timeStampCounterFollowsTheVirtualClock() throws Exception {
        TestMachine m = new TestMachine(1 << 20);
        // rdtsc; mov ebx, eax; nop x4; rdtsc; sub eax, ebx; hlt
        m.load(0x1000, new byte[] {0x0f, 0x31, (byte) 0x89, (byte) 0xc3, (byte) 0x90, (byte) 0x90, (byte) 0x90,
            (byte) 0x90, 0x0f, 0x31, 0x29, (byte) 0xd8, (byte) 0xf4});
        m.createCpu();
        m.vcpu.setRegisters(CpuRegisters.flatProtectedMode(0x1000));
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100));
        long delta = m.vcpu.registers().gpr[CpuRegisters.RAX];
        assertTrue(delta > 0 && delta < 1000, "deterministic clock, 1 ns per instruction: " + delta);
        assertEquals(12, delta, "6 instructions apart at 2 ticks per virtual nanosecond");
    }
}
