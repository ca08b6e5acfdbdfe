package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;

/** MMIO and port handlers see the right values, sizes and an exact instruction count. */
class MmioTest {
    @Test
    void handlersSeeExactInstructionCounts() throws Exception {
        TestMachine m = new TestMachine(1 << 20);
        List<String> log = new ArrayList<>();
        m.memory.map(Region.of("device", "test", 0x1000, 1, 8, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                log.add("read " + Long.toHexString(offset) + "/" + size + " @" + m.vcpu.instructionsRetired());
                return 0x11223344L;
            }

            @Override
            public void write(long offset, int size, long value) {
                log.add("write " + Long.toHexString(offset) + "/" + size + "=" + Long.toHexString(value) + " @"
                        + m.vcpu.instructionsRetired());
            }
        }), 0xfee00000L);
        m.io.map(Region.of("port", "test", 1, 1, 4, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                log.add("in/" + size + " @" + m.vcpu.instructionsRetired());
                return 0xab;
            }

            @Override
            public void write(long offset, int size, long value) {
                log.add("out/" + size + "=" + Long.toHexString(value) + " @" + m.vcpu.instructionsRetired());
            }
        }), 0x80);
        byte[] code = {
            (byte) 0x90,                                           // nop
            (byte) 0xa1, 0x00, 0x00, (byte) 0xe0, (byte) 0xfe,     // mov eax, [0xfee00000]
            (byte) 0xa3, 0x10, 0x00, (byte) 0xe0, (byte) 0xfe,     // mov [0xfee00010], eax
            0x66, (byte) 0x89, 0x05, 0x22, 0x00, (byte) 0xe0, (byte) 0xfe, // mov [0xfee00022], ax
            (byte) 0xe4, (byte) 0x80,                              // in al, 0x80
            (byte) 0xe6, (byte) 0x80,                              // out 0x80, al
            (byte) 0x8b, 0x05, (byte) 0xfe, 0x0f, (byte) 0xe0, (byte) 0xfe, // mov eax, [0xfee00ffe]: crosses out of the region
            (byte) 0xf4                                            // hlt
        };
        m.load(0x1000, code);
        m.createCpu();
        m.vcpu.setRegisters(CpuRegisters.flatProtectedMode(0x1000));
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100));
        assertEquals(List.of("read 0/4 @1", "write 10/4=11223344 @2", "write 22/2=3344 @3", "in/1 @4", "out/1=ab @5",
                "read ffe/1 @6", "read fff/1 @6"), log);
        assertEquals(0xffff4444L, m.vcpu.registers().gpr[0], "split into bytes at the page end; past it, all ones");
        assertEquals(8, m.vcpu.instructionsRetired());
    }

    @Test
    void repeatedPortStringsCountAsOneInstruction() throws Exception {
        TestMachine m = new TestMachine(1 << 20);
        List<String> log = new ArrayList<>();
        m.io.map(Region.of("port", "test", 1, 1, 4, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                log.add("in @" + m.vcpu.instructionsRetired());
                return 0xab;
            }

            @Override
            public void write(long offset, int size, long value) {
                log.add("out " + (char) value + " @" + m.vcpu.instructionsRetired());
            }
        }), 0x80);
        byte[] code = {
            (byte) 0xbe, 0x00, 0x20, 0x00, 0x00,   // mov esi, 0x2000
            (byte) 0xb9, 0x03, 0x00, 0x00, 0x00,   // mov ecx, 3
            0x66, (byte) 0xba, (byte) 0x80, 0x00,  // mov dx, 0x80
            (byte) 0xf3, 0x6e,                     // rep outsb
            (byte) 0xbf, 0x00, 0x30, 0x00, 0x00,   // mov edi, 0x3000
            (byte) 0xb9, 0x02, 0x00, 0x00, 0x00,   // mov ecx, 2
            (byte) 0xf3, 0x6c,                     // rep insb
            (byte) 0xf4                            // hlt
        };
        m.load(0x1000, code);
        m.load(0x2000, "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        m.createCpu();
        m.vcpu.setRegisters(CpuRegisters.flatProtectedMode(0x1000));
        assertEquals(Vcpu.Exit.HALTED, m.vcpu.run(100));
        assertEquals(List.of("out a @3", "out b @3", "out c @3", "in @6", "in @6"), log);
        byte[] in = new byte[3];
        m.memory.ram().read(0x3000, in, 0, 3);
        assertEquals("[-85, -85, 0]", java.util.Arrays.toString(in));
        assertEquals(0x2003, m.vcpu.registers().gpr[CpuRegisters.RSI]);
        assertEquals(0, m.vcpu.registers().gpr[CpuRegisters.RCX]);
    }
}
