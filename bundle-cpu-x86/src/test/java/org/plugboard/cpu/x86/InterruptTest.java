package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.Vcpu;

/** INTR, acknowledge, IF, the STI shadow, HLT and NMI, driven the way the machine drives them (irqtest.asm). */
class InterruptTest {
    private TestMachine m;
    private int acknowledged;

    @Test
    void interruptsArriveWhereTheArchitectureSays() throws Exception {
        byte[] image = SystemGuestTest.resource("irqtest.bin");
        long entry = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt(28) & 0xffffffffL;
        m = new TestMachine(4L << 20);
        StringBuilder out = new StringBuilder();
        m.io.mapOverlapping(Region.of("probe", "test", 1, 1, 1, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                out.append((char) value);
                if (value == 'a') m.vcpu.setIntr(true); // held off by IF = 0, then by the STI shadow
            }
        }), 0xe9, 10);
        m.load(0x100000, image);
        m.createCpu();
        m.vcpu.setInterruptController(new InterruptController() {
            @Override
            public int acknowledge() {
                acknowledged++;
                m.vcpu.setIntr(false); // an edge: the controller lowers INTR once acknowledged
                return 0x20;
            }
        });
        m.vcpu.setRegisters(CpuRegisters.flatProtectedMode(entry));

        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100_000));
        assertTrue(m.vcpu.halted());
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100_000), "still halted without an interrupt");
        m.vcpu.setIntr(true);
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100_000)); // wakes, handles, runs on to the second HLT
        assertEquals("sIhabIc", out.toString());
        m.vcpu.setIntr(true);
        m.vcpu.setIntr(false); // a pulse while IF = 0 does nothing
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100_000));
        m.vcpu.nmi();
        m.runUntilExit(100_000);
        assertEquals("sIhabIcNe", out.toString());
        assertEquals(2, acknowledged);
        assertEquals(0, m.exitCode);
    }
}
