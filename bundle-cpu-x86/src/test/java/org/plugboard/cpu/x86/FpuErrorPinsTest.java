package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An unmasked x87 exception reaches a waiting instruction: #MF with CR0.NE set; with it clear the
 * legacy path, FERR# asserted once (unless IGNNE#) and dropped when the exception is cleared.
 */
class FpuErrorPinsTest {
    private static final long PE_ET = 0x11, NE = 0x20;

    /** fninit; push 0x37b; fldcw [esp] (ZE unmasked); fld1; fldz; fdivp: a divide by zero left pending. */
    private static final int[] DIVIDE_BY_ZERO = {0xdb, 0xe3, 0x68, 0x7b, 0x03, 0x00, 0x00, 0xd9, 0x2c, 0x24,
            0xd9, 0xe8, 0xd9, 0xee, 0xde, 0xf9};
    private static final int FWAIT = 0x9b;
    private static final int[] FNCLEX = {0xdb, 0xe2};

    private static int[] program(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] all = new int[n];
        int k = 0;
        for (int[] p : parts) for (int b : p) all[k++] = b;
        return all;
    }

    @Test
    void withNeSetAWaitingInstructionRaisesMf() throws Exception {
        TestMachine m = SystemInstructionTest.machine("qemu64", Map.of(), PE_ET | NE, 0,
                program(DIVIDE_BY_ZERO, new int[] {FWAIT}));
        assertEquals(String.valueOf((char) Vectors.MF), m.output());
        assertEquals(List.of(), m.fpuErrors, "no FERR# with CR0.NE");
    }

    @Test
    void withNeClearFerrIsAssertedOnceAndExecutionGoesOn() throws Exception {
        TestMachine m = SystemInstructionTest.machine("qemu64", Map.of(), PE_ET, 0,
                program(DIVIDE_BY_ZERO, new int[] {FWAIT, FWAIT, 0xd9, 0xe8}));
        assertEquals(String.valueOf((char) SystemInstructionTest.NONE), m.output(), "no fault: the program ran on");
        assertEquals(List.of(true), m.fpuErrors, "FERR# once, held while the exception stays pending");
    }

    @Test
    void clearingTheExceptionDropsFerr() throws Exception {
        TestMachine m = SystemInstructionTest.machine("qemu64", Map.of(), PE_ET, 0,
                program(DIVIDE_BY_ZERO, new int[] {FWAIT}, FNCLEX, new int[] {FWAIT}));
        assertEquals(String.valueOf((char) SystemInstructionTest.NONE), m.output());
        assertEquals(List.of(true, false), m.fpuErrors);
    }

    @Test
    void ignneSuppressesFerr() throws Exception {
        TestMachine m = SystemInstructionTest.machine("qemu64", Map.of(), PE_ET, 0, v -> v.setIgnne(true),
                program(DIVIDE_BY_ZERO, new int[] {FWAIT, 0xd9, 0xe8}));
        assertEquals(String.valueOf((char) SystemInstructionTest.NONE), m.output());
        assertEquals(List.of(), m.fpuErrors, "IGNNE#: the pending exception is ignored");
    }

    @Test
    void ferrWaitsForTheNextWaitingInstructionNotTheFaultingOne() throws Exception {
        TestMachine m = SystemInstructionTest.machine("qemu64", Map.of(), PE_ET, 0, DIVIDE_BY_ZERO);
        assertEquals(List.of(), m.fpuErrors, "the divide only sets ES");
    }
}
