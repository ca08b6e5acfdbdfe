package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.DeviceState;

/**
 * The precise DR6 bits, return addresses and pushed RF of debug exceptions (SDM vol. 3, 6.8.3 and
 * 17.2-17.3), one case per test, on the flat protected-mode machine of {@link SystemInstructionTest}.
 * Its #DB handler is replaced by one that logs DR6, the pushed EIP and the pushed EFLAGS, clears
 * DR6, and returns with RF set and TF clear; the other vectors write their number to port 0xe9 and
 * halt, and so does the end of the code (0xff).
 */
class DebugExceptionTest {
    private static final long CODE = SystemInstructionTest.CODE, DB_HANDLER = 0x5800, INT_HANDLER = 0x5900;
    /** Watched variables (their own page), the #DB log's pointer and entries. */
    private static final long DATA = 0x9000, LOG_POINTER = 0xa000, LOG = 0xa010;
    private static final long FIXED = Breakpoints.DR6_FIXED, BS = Breakpoints.DR6_BS, BD = Breakpoints.DR6_BD;
    private static final int RF = Flags.RF;
    private static final long PE = 0x11;
    /** A software-interrupt vector inside the machine's 32-entry IDT; its handler just returns. */
    private static final int SOFT_INT = 0x1e;
    /** Bytes of {@link Code#movDr}, {@link Code#setFlags} and {@link Code#iretWithRf}. */
    private static final int MOV_DR = 8, SET_FLAGS = 9, IRET_WITH_RF = 15;

    /** One logged #DB. */
    private record Db(long dr6, long eip, boolean rf) {
        @Override
        public String toString() {
            return String.format("#DB dr6=%x eip=%x%s", dr6, eip, rf ? " RF" : "");
        }
    }

    /** A little assembler for the cases: bytes from {@link #CODE} on, and the address reached. */
    private static final class Code {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Code op(int... b) {
            for (int x : b) bytes.write(x);
            return this;
        }

        Code d(long v) {
            for (int k = 0; k < 4; k++) bytes.write((int) (v >>> (8 * k)));
            return this;
        }

        long here() {
            return CODE + bytes.size();
        }

        Code movEax(long v) {
            return op(0xb8).d(v);
        }

        /** mov drN, eax */
        Code movDr(int n, long v) {
            return movEax(v).op(0x0f, 0x23, 0xc0 | n << 3);
        }

        /** pushfd; or dword [esp], bits; popfd */
        Code setFlags(int bits) {
            return op(0x9c, 0x81, 0x0c, 0x24).d(bits).op(0x9d);
        }

        /** pushfd; or dword [esp], RF; push cs; push target; iretd */
        Code iretWithRf(long target) {
            return op(0x9c, 0x81, 0x0c, 0x24).d(RF).op(0x0e, 0x68).d(target).op(0xcf);
        }

        int[] build() {
            byte[] b = bytes.toByteArray();
            int[] out = new int[b.length];
            for (int k = 0; k < b.length; k++) out[k] = b[k] & 0xff;
            return out;
        }
    }

    /** The machine once the code has run to a halt. */
    private static final class Run {
        final TestMachine m;
        final List<Db> log = new ArrayList<>();

        Run(TestMachine m) {
            this.m = m;
            long end = dword(LOG_POINTER);
            for (long at = LOG; at < end; at += 12) {
                long eflags = dword(at + 8);
                log.add(new Db(dword(at), dword(at + 4), (eflags & RF) != 0));
            }
        }

        /** DR6 as the halting #DB handler left it. */
        long dr6() {
            return ((X86Vcpu) m.vcpu).cpu.dr[6];
        }

        /** The return address a halting handler finds on its stack. */
        long pushedEip() {
            return dword(m.vcpu.registers().gpr[CpuRegisters.RSP] & 0xffffffffL);
        }

        long dword(long at) {
            byte[] b = new byte[4];
            m.memory.ram().read(at, b, 0, 4);
            return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xffL) << 24;
        }

        /** What the halting handlers wrote to port 0xe9: the vector, or 0xff at the end of the code. */
        int stop() {
            String out = m.output();
            return out.charAt(out.length() - 1);
        }

        /** The EFLAGS image a halting handler finds on its stack. */
        long pushedFlags() {
            return dword((m.vcpu.registers().gpr[CpuRegisters.RSP] + 8) & 0xffffffffL);
        }
    }

    private static Run run(Code code) throws Exception {
        return run(code, 0);
    }

    private static Run run(Code code, long cr4) throws Exception {
        return new Run(SystemInstructionTest.prepared("qemu64", Map.of(), PE, cr4, DebugExceptionTest::install, code.build()));
    }

    /**
     * Runs {@code code} with the halting #DB handler: for a breakpoint on the slot a POP or LEAVE
     * reads, which the #DB frame then overwrites, so a handler reading its frame would hit it again.
     */
    private static Run runToFirstDb(Code code) throws Exception {
        return new Run(SystemInstructionTest.prepared("qemu64", Map.of(), PE, 0, m -> m.load(LOG_POINTER, le32(LOG)), code.build()));
    }

    /** The logging #DB handler at vector 1 and a returning handler at vector SOFT_INT. */
    private static void install(TestMachine m) {
        Code h = new Code()
                .op(0x50, 0x53) // push eax; push ebx
                .op(0x8b, 0x1d).d(LOG_POINTER) // mov ebx, [LOG_POINTER]
                .op(0x0f, 0x21, 0xf0) // mov eax, dr6
                .op(0x89, 0x03) // mov [ebx], eax
                .op(0x8b, 0x44, 0x24, 0x08, 0x89, 0x43, 0x04) // mov eax, [esp + 8] (EIP); mov [ebx + 4], eax
                .op(0x8b, 0x44, 0x24, 0x10, 0x89, 0x43, 0x08) // mov eax, [esp + 16] (EFLAGS); mov [ebx + 8], eax
                .op(0x83, 0xc3, 0x0c) // add ebx, 12
                .op(0x89, 0x1d).d(LOG_POINTER) // mov [LOG_POINTER], ebx
                .op(0x31, 0xc0, 0x0f, 0x23, 0xf0) // xor eax, eax; mov dr6, eax
                .op(0x81, 0x4c, 0x24, 0x10).d(RF) // or dword [esp + 16], RF
                .op(0x81, 0x64, 0x24, 0x10).d(~Flags.TF) // and dword [esp + 16], ~TF
                .op(0x5b, 0x58, 0xcf); // pop ebx; pop eax; iretd
        m.load(DB_HANDLER, bytes(h.build()));
        m.load(INT_HANDLER, new byte[] {(byte) 0xcf}); // iretd
        gate(m, 1, DB_HANDLER);
        gate(m, SOFT_INT, INT_HANDLER);
        m.load(LOG_POINTER, le32(LOG));
        m.vcpu.setRegisters(m.vcpu.registers()); // the IDT is read from memory, nothing else to refresh
    }

    private static void gate(TestMachine m, int vector, long handler) {
        long g = (handler & 0xffff) | 0x08L << 16 | 0x8e00L << 32 | (handler >>> 16) << 48;
        byte[] b = new byte[8];
        for (int k = 0; k < 8; k++) b[k] = (byte) (g >>> (8 * k));
        m.load(SystemInstructionTest.IDT + 8L * vector, b);
    }

    private static byte[] bytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int k = 0; k < v.length; k++) b[k] = (byte) v[k];
        return b;
    }

    private static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static final int NONE = SystemInstructionTest.NONE;

    // --- RF ---

    @Test
    void iretWithRfSkipsTheInstructionBreakpointOfExactlyOneInstruction() throws Exception {
        Code c = new Code();
        c.movDr(7, 0x5); // L0, L1: instruction breakpoints at the two instructions after the IRET
        long target = c.here() + 2 * MOV_DR + IRET_WITH_RF;
        c.movDr(0, target).movDr(1, target + 1).iretWithRf(target);
        assertEquals(target, c.here());
        c.op(0x90, 0x90); // nop (DR0: skipped); nop (DR1: #DB)
        Run r = run(c);
        assertEquals(NONE, r.stop());
        assertEquals(List.of(new Db(FIXED | 2, target + 1, false)), r.log, "B1 only, a fault at the second NOP, RF = 0 pushed");
    }

    @Test
    void faultsPushRfSoTheRestartSkipsTheInstructionBreakpoint() throws Exception {
        Code c = new Code().op(0x31, 0xc9, 0x31, 0xd2); // xor ecx, ecx; xor edx, edx
        long div = c.here() + 2 * MOV_DR;
        c.movDr(0, div).movDr(7, 0x1);
        assertEquals(div, c.here());
        c.op(0xf7, 0xf1); // div ecx: #DB (instruction breakpoint), then #DE
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 1, div, false)), r.log, "the instruction breakpoint: RF = 0 pushed");
        assertEquals(Vectors.DE, r.stop());
        assertEquals(RF, r.pushedFlags() & RF, "#DE is a fault: RF = 1 pushed");
    }

    @Test
    void generalDetectIsAFaultAndPushesRf() throws Exception {
        Code c = new Code().movDr(7, Breakpoints.DR7_GD);
        long mov = c.here();
        c.op(0x0f, 0x21, 0xc0); // mov eax, dr0: #DB (BD) at it; GD is cleared, so it runs on return
        Run r = run(c);
        assertEquals(NONE, r.stop());
        assertEquals(List.of(new Db(FIXED | BD, mov, true)), r.log);
    }

    @Test
    void softwareInterruptPushesRfClearEvenWhenItStartedWithRf() throws Exception {
        Code c = new Code();
        long target = c.here() + IRET_WITH_RF;
        c.iretWithRf(target);
        assertEquals(target, c.here());
        c.op(0xcd, 0x0d); // int 13: the halting #GP handler, as a software interrupt
        Run r = run(c);
        assertEquals(Vectors.GP, r.stop());
        assertEquals(0, r.pushedFlags() & RF, "RF is cleared as the INT starts");
    }

    @Test
    void dataBreakpointTrapBetweenRepIterationsPushesRf() throws Exception {
        Code c = new Code().movDr(1, DATA + 1).movDr(2, DATA + 3).movDr(7, 0x01100028); // G1, G2: 1-byte writes
        c.op(0xbf).d(DATA).op(0xb9).d(4).op(0xb0, 0x77); // mov edi, DATA; mov ecx, 4; mov al, 0x77
        long rep = c.here();
        c.op(0xf3, 0xaa); // rep stosb
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 2, rep, true), new Db(FIXED | 4, rep + 2, false)), r.log,
                "RF = 1 while iterations remain (EIP on the instruction), 0 after the last");
    }

    /** An external interrupt between REP iterations (at a chunk boundary) pushes RF = 1 and returns to the REP. */
    @Test
    void anInterruptBetweenRepIterationsPushesRf() throws Exception {
        int vector = 0x1d; // a halting handler
        Code c = new Code().op(0xfb); // sti
        c.op(0xbf).d(DATA).op(0xb9).d(100_000); // mov edi, DATA; mov ecx, 100000
        long rep = c.here();
        c.op(0xf3, 0xaa); // rep stosb: longer than one chunk
        Run r = new Run(SystemInstructionTest.prepared("qemu64", Map.of(), PE, 0, m -> {
            install(m);
            assertEquals(Vcpu.Exit.BUDGET, m.vcpu.run(4)); // up to the end of the first chunk
            m.vcpu.setInterruptController(() -> vector);
            m.vcpu.setIntr(true);
        }, c.build()));
        assertEquals(vector, r.stop());
        assertEquals(rep, r.pushedEip());
        assertEquals(RF, r.pushedFlags() & RF);
        long left = r.m.vcpu.registers().gpr[CpuRegisters.RCX];
        assertEquals(true, left > 0 && left < 100_000, "stopped inside the string: ECX = " + left);
    }

    /** Single-step over INT n: no trap for the INT (its handler entry clears TF), the next one after the return. */
    @Test
    void singleStepOverIntTrapsAgainOnlyAfterTheReturn() throws Exception {
        Code c = new Code().setFlags(Flags.TF);
        c.op(0xcd, SOFT_INT, 0x90); // int SOFT_INT; nop
        long afterNop = c.here();
        assertEquals(List.of(new Db(FIXED | BS, afterNop, false)), run(c).log);
    }

    // --- data breakpoints on implicit accesses ---

    @Test
    void stackPushesOfPushCallEnterAndIntHitWriteBreakpoints() throws Exception {
        long top = 0x7000;
        Code c = new Code().movDr(0, top - 4).movDr(7, 0x000d0002); // G0: write, 4 bytes at the first stack slot
        c.op(0x50); // push eax
        long afterPush = c.here();
        c.op(0x58); // pop eax: a read, no #DB
        long call = c.here();
        long sub = call + 5 + 4 + 1 + 2 + 2; // the callee below
        c.op(0xe8).d(sub - (call + 5)); // call sub: the return address lands on the watched slot
        c.op(0xc8, 0x08, 0x00, 0x00); // enter 8, 0: pushes EBP there
        long afterEnter = c.here();
        c.op(0xc9); // leave
        c.op(0xcd, SOFT_INT); // int SOFT_INT: its frame's EFLAGS lands on the slot
        c.op(0xeb, 0x01); // jmp over the callee
        assertEquals(sub, c.here());
        c.op(0xc3); // sub: ret
        Run r = run(c);
        assertEquals(NONE, r.stop());
        assertEquals(List.of(new Db(FIXED | 1, afterPush, false), new Db(FIXED | 1, sub, false),
                new Db(FIXED | 1, afterEnter, false), new Db(FIXED | 1, INT_HANDLER, false)), r.log,
                "a trap after PUSH, at the callee, after ENTER, at the interrupt handler");
    }

    /**
     * POP and LEAVE read a watched stack slot: a trap after the instruction. The #DB's own frame
     * then lands on the slot, which is a second #DB before the handler's first instruction (the
     * halting #DB handler, so that nothing reads the frames again).
     */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void stackReadsOfPopAndLeaveHitReadWriteBreakpoints(boolean pop) throws Exception {
        long slot = 0x7000 - 4;
        Code c = new Code().op(0x50); // push eax, before the breakpoint is set
        c.movDr(0, slot).movDr(7, 0x000f0002); // G0: read/write, 4 bytes
        if (pop) c.op(0x58); // pop eax
        else c.op(0x89, 0xe5, 0xc9); // mov ebp, esp; leave (mov esp, ebp; pop ebp)
        long after = c.here();
        Run r = runToFirstDb(c);
        assertEquals(Vectors.DB, r.stop());
        assertEquals(FIXED | 1, r.dr6());
        long handler = SystemInstructionTest.HANDLERS + 8 * Vectors.DB;
        assertEquals(handler, r.pushedEip(), "the second #DB, from the first one's frame");
        assertEquals(after, r.dword(slot - 8), "the first #DB, after the instruction");
    }

    @Test
    void anExceptionFramePushHitsAWriteBreakpointBeforeTheHandlerRuns() throws Exception {
        Code c = new Code().movDr(0, 0x7000 - 4).movDr(7, 0x000d0002); // G0: write, the EFLAGS slot of a frame
        c.op(0xcd, 0x80); // int 0x80: beyond the IDT's limit, #GP
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 1, SystemInstructionTest.HANDLERS + 8 * Vectors.GP, false)), r.log);
        assertEquals(Vectors.GP, r.stop(), "the #GP handler runs after the #DB");
    }

    @Test
    void segmentLoadsReadingAWatchedDescriptorHitReadWriteBreakpoints() throws Exception {
        Code c = new Code().movDr(0, SystemInstructionTest.GDT + 16).movDr(7, 0x00bf0002); // G0: read/write, 8 bytes
        c.movEax(0x10).op(0x8e, 0xd8); // mov ds, ax: reads GDT entry 2
        long afterLoad = c.here();
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 1, afterLoad, false)), r.log);
    }

    @Test
    void xchgCmpxchgAndFxsaveHitWriteBreakpoints() throws Exception {
        long fxArea = DATA + 0x200;
        Code c = new Code().movDr(0, DATA).movDr(1, fxArea + 0xa0).movDr(7, 0x00dd000a); // G0, G1: writes, 4 bytes
        c.op(0x87, 0x1d).d(DATA); // xchg [DATA], ebx
        long afterXchg = c.here();
        c.movEax(0xdead).op(0x0f, 0xb1, 0x1d).d(DATA); // cmpxchg [DATA], ebx: fails, writes back anyway
        long afterCmpxchg = c.here();
        c.op(0x0f, 0xae, 0x05).d(fxArea); // fxsave [fxArea]: writes XMM0's slot
        long afterFxsave = c.here();
        Run r = run(c, 0x200);
        assertEquals(NONE, r.stop());
        assertEquals(List.of(new Db(FIXED | 1, afterXchg, false), new Db(FIXED | 1, afterCmpxchg, false),
                new Db(FIXED | 2, afterFxsave, false)), r.log);
    }

    @Test
    void twoBreakpointsHitByOneInstructionAreReportedTogether() throws Exception {
        Code c = new Code().movDr(0, DATA).movDr(2, DATA + 4).movDr(7, 0x0d0d0022); // G0, G2: writes, 4 bytes
        c.op(0xc7, 0x05).d(DATA).d(0).op(0x90); // mov dword [DATA], 0 (B0 only); nop
        c.op(0x0f, 0xae, 0x05).d(DATA); // fxsave [DATA] (alignment: DATA is 16-aligned): B0 and B2
        long afterFxsave = c.here();
        Run r = run(c, 0x200);
        assertEquals(FIXED | 1, r.log.get(0).dr6());
        assertEquals(new Db(FIXED | 5, afterFxsave, false), r.log.get(1));
    }

    // --- lengths, alignment and straddling ---

    /**
     * A write breakpoint of each length with its address deliberately unaligned: the processor masks
     * the address down to the length, so the range is {@code [base, base + len)}; byte writes around
     * it hit exactly inside, and a word write straddling either end hits too.
     */
    @ParameterizedTest
    @CsvSource({"0, 1", "1, 2", "3, 4", "2, 8"})
    void breakpointLengthsMaskTheAddress(int lenField, int len) throws Exception {
        long base = DATA + 0x40;
        Code c = new Code().movDr(0, base + len - 1).movDr(7, 0x2 | (1L << 16) | ((long) lenField << 18));
        List<Db> expected = new ArrayList<>();
        for (long at = base - 2; at < base + len + 2; at++) {
            c.op(0xc6, 0x05).d(at).op(0x11); // mov byte [at], 0x11
            if (at >= base && at < base + len) expected.add(new Db(FIXED | 1, c.here(), false));
        }
        for (long at : new long[] {base - 1, base + len - 1, base + len}) {
            c.op(0x66, 0xc7, 0x05).d(at).op(0x22, 0x22); // mov word [at], 0x2222
            if (at + 1 >= base && at < base + len) expected.add(new Db(FIXED | 1, c.here(), false));
        }
        assertEquals(expected, run(c).log);
    }

    // --- MOV SS and POP SS ---

    @Test
    void movSsHoldsItsDataBreakpointUntilAfterTheNextInstruction() throws Exception {
        Code c = new Code().op(0xc7, 0x05).d(DATA).d(0x10); // mov dword [DATA], 0x10 (the flat data selector)
        c.movDr(0, DATA).movDr(7, 0x00070002); // G0: read/write, 2 bytes
        c.op(0x8e, 0x15).d(DATA); // mov ss, [DATA]
        c.op(0x90); // nop
        long afterNop = c.here();
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 1, afterNop, false)), r.log, "the trap comes after the NOP");
    }

    /** A snapshot taken in the MOV SS shadow keeps the held #DB: restored after a RESET, it still comes. */
    @Test
    void snapshotsKeepADebugExceptionHeldByMovSs() throws Exception {
        Code c = new Code().op(0xc7, 0x05).d(DATA).d(0x10);
        c.movDr(0, DATA).movDr(7, 0x00070002);
        c.op(0x8e, 0x15).d(DATA); // mov ss, [DATA]: the sixth instruction
        c.op(0x90);
        long afterNop = c.here();
        Run r = new Run(SystemInstructionTest.prepared("qemu64", Map.of(), PE, 0, m -> {
            install(m);
            assertEquals(Vcpu.Exit.BUDGET, m.vcpu.run(6));
            DeviceState saved = DeviceState.fromBytes(m.vcpu.saveState().toBytes());
            m.vcpu.reset();
            m.vcpu.restoreState(saved);
        }, c.build()));
        assertEquals(List.of(new Db(FIXED | 1, afterNop, false)), r.log);
    }

    @Test
    void movSsThenIntDeliversTheHeldDebugExceptionAtTheHandler() throws Exception {
        Code c = new Code().op(0xc7, 0x05).d(DATA).d(0x10);
        c.movDr(0, DATA).movDr(7, 0x00070002);
        c.op(0x8e, 0x15).d(DATA); // mov ss, [DATA]
        c.op(0xcd, SOFT_INT); // int SOFT_INT
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 1, INT_HANDLER, false)), r.log, "the #DB is taken at the handler's first instruction");
    }

    @Test
    void popSsFromAWatchedSlotIsHeldToo() throws Exception {
        Code c = new Code().op(0x16); // push ss
        c.movDr(0, 0x7000 - 4).movDr(7, 0x00070002);
        c.op(0x17); // pop ss
        c.op(0x83, 0xec, 0x10); // sub esp, 16
        long afterSub = c.here();
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | 1, afterSub, false)), r.log);
    }

    @Test
    void singleStepOverMovSsTrapsOnceAfterTheNextInstructionAndSkipsItsInstructionBreakpoint() throws Exception {
        Code c = new Code();
        long next = c.here() + 2 * MOV_DR + 2 + SET_FLAGS + 2;
        c.movDr(0, next).movDr(7, 0x1); // an instruction breakpoint on the instruction after MOV SS
        c.op(0x8c, 0xd0); // mov eax, ss
        c.setFlags(Flags.TF);
        c.op(0x8e, 0xd0); // mov ss, ax: no trap after it
        assertEquals(next, c.here());
        c.op(0x90); // nop: no instruction breakpoint; one #DB (BS) after it
        long afterNop = c.here();
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | BS, afterNop, false)), r.log);
    }

    @Test
    void movSsDataBreakpointAndSingleStepAreOneDebugException() throws Exception {
        Code c = new Code().op(0xc7, 0x05).d(DATA).d(0x10);
        c.movDr(0, DATA).movDr(7, 0x00070002);
        c.setFlags(Flags.TF);
        c.op(0x8e, 0x15).d(DATA); // mov ss, [DATA]
        c.op(0x90);
        long afterNop = c.here();
        Run r = run(c);
        assertEquals(List.of(new Db(FIXED | BS | 1, afterNop, false)), r.log);
    }
}
