package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.TimeStampCounter;
import org.plugboard.api.cpu.Vcpu;

/**
 * TSC-deadline support on the engine's side: the CPUID bit on request, IA32_TSC_DEADLINE handed to
 * the interrupt controller, and the controller given the very TSC that RDTSC reads, again after
 * the guest moves it.
 */
class TscDeadlineMsrTest {
    private static final int TSC_DEADLINE_BIT = 1 << 24;

    /** Takes IA32_TSC_DEADLINE the way the LAPIC does and records what the vCPU hands it. */
    private static final class DeadlineController implements InterruptController {
        final List<Long> deadlines = new ArrayList<>();
        final List<TimeStampCounter> counters = new ArrayList<>();

        @Override public int acknowledge() { return 0xff; }
        @Override public boolean handlesMsr(int msr) { return msr == 0x6e0; }
        @Override public long readMsr(int msr) { return deadlines.isEmpty() ? 0 : deadlines.get(deadlines.size() - 1); }
        @Override public void writeMsr(int msr, long value) { deadlines.add(value); }
        @Override public void useTimeStampCounter(TimeStampCounter tsc) { counters.add(tsc); }
    }

    @Test
    void theCpuidBitIsAdvertisedOnlyOnRequest() throws Exception {
        int[] out = new int[4];
        CpuModel.parse("qemu64").cpuid(1, 0, 0, out);
        assertEquals(0, out[2] & TSC_DEADLINE_BIT, "qemu64 has no tsc-deadline, as on QEMU");
        CpuModel.parse("qemu64,+tsc-deadline").cpuid(1, 0, 0, out);
        assertEquals(TSC_DEADLINE_BIT, out[2] & TSC_DEADLINE_BIT);
        CpuModel.parse("max,-tsc-deadline").cpuid(1, 0, 0, out);
        assertEquals(0, out[2] & TSC_DEADLINE_BIT);
    }

    @Test
    void theDeadlineMsrReachesTheControllerWhichComparesAgainstTheGuestsTsc() throws Exception {
        TestMachine m = new TestMachine(1 << 20, "qemu64,+tsc-deadline", Map.of());
        Vcpu v = m.createCpu();
        DeadlineController lapic = new DeadlineController();
        v.setInterruptController(lapic);
        assertEquals(1, lapic.counters.size(), "the counter is handed over with the controller seat");
        m.load(0x2000, new byte[] {
            0x0f, 0x31,                                        // rdtsc
            (byte) 0xa3, 0x00, 0x10, 0x00, 0x00,               // mov [0x1000], eax
            (byte) 0x89, 0x15, 0x04, 0x10, 0x00, 0x00,         // mov [0x1004], edx
            (byte) 0xb9, (byte) 0xe0, 0x06, 0x00, 0x00,        // mov ecx, IA32_TSC_DEADLINE
            (byte) 0xb8, 0x78, 0x56, 0x34, 0x12,               // mov eax, 0x12345678
            0x31, (byte) 0xd2,                                 // xor edx, edx
            0x0f, 0x30,                                        // wrmsr
            (byte) 0xb9, 0x10, 0x00, 0x00, 0x00,               // mov ecx, IA32_TSC
            0x31, (byte) 0xc0,                                 // xor eax, eax
            (byte) 0xba, 0x01, 0x00, 0x00, 0x00,               // mov edx, 1
            0x0f, 0x30,                                        // wrmsr: the TSC jumps to 2^32
            0x0f, 0x31,                                        // rdtsc
            (byte) 0xa3, 0x08, 0x10, 0x00, 0x00,               // mov [0x1008], eax
            (byte) 0x89, 0x15, 0x0c, 0x10, 0x00, 0x00,         // mov [0x100c], edx
            (byte) 0xb9, (byte) 0xe0, 0x06, 0x00, 0x00,        // mov ecx, IA32_TSC_DEADLINE
            0x0f, 0x32,                                        // rdmsr
            (byte) 0xa3, 0x10, 0x10, 0x00, 0x00,               // mov [0x1010], eax
            (byte) 0xf4});                                     // hlt
        v.setRegisters(CpuRegisters.flatProtectedMode(0x2000));
        assertEquals(Vcpu.Exit.HALTED, m.runUntilExit(100));
        ByteBuffer data = ByteBuffer.allocate(0x14).order(ByteOrder.LITTLE_ENDIAN);
        m.memory.ram().read(0x1000, data.array(), 0, 0x14);

        assertEquals(List.of(0x12345678L), lapic.deadlines, "WRMSR 0x6e0 went to the controller, not to #GP");
        assertEquals(0x12345678, data.getInt(0x10), "RDMSR 0x6e0 answered by the controller");
        assertEquals(2, lapic.counters.size(), "handed over again when the guest wrote IA32_TSC");
        TimeStampCounter tsc = lapic.counters.get(1);
        assertNotNull(tsc);
        long afterMove = data.getLong(8);
        assertTrue(afterMove >= 1L << 32 && afterMove < (1L << 32) + 1000, "RDTSC after the move: " + afterMove);
        long now = tsc.read();
        assertTrue(now >= afterMove && now < afterMove + 1000, "the controller's counter is RDTSC's: " + now + " vs " + afterMove);

        long nanos = m.clock.nanos();
        assertEquals(nanos + 500, tsc.nanosWhen(now + 1000), "2 ticks per ns");
        assertEquals(nanos + 1, tsc.nanosWhen(now + 1), "a part of a ns rounds up");
        assertEquals(nanos, tsc.nanosWhen(now - 5), "a count already reached is now");
        assertTrue(tsc.nanosWhen(-1L) > nanos + (1L << 62), "a count above 2^63 is far ahead (unsigned), not past");
    }
}
