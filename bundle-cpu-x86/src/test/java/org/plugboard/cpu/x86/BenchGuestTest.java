package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;

/** Runs the shared benchmark kernel (bench-small.elf, multiboot, 32-bit flat) to its known checksum. */
class BenchGuestTest {
    static final long MULTIBOOT_INFO = 0x9000;

    /** Loads bench-small.elf the way a multiboot loader would; returns the machine ready to run. */
    static TestMachine prepare() throws Exception {
        return prepare(java.util.Map.of());
    }

    /** The same with engine options (compile-threshold, ...). */
    static TestMachine prepare(java.util.Map<String, String> options) throws Exception {
        TestMachine m = new TestMachine(64L << 20, "qemu64", options);
        byte[] elf;
        try (InputStream in = BenchGuestTest.class.getResourceAsStream("/guests/bench-small.elf")) {
            elf = in.readAllBytes();
        }
        long entry = ElfImage.load(elf, m);
        m.load(MULTIBOOT_INFO, new byte[88]); // flags = 0: no optional fields
        m.createCpu();
        CpuRegisters r = CpuRegisters.flatProtectedMode(entry);
        r.gpr[CpuRegisters.RAX] = 0x2BADB002L;
        r.gpr[CpuRegisters.RBX] = MULTIBOOT_INFO;
        m.vcpu.setRegisters(r);
        return m;
    }

    @Test
    void benchSmallPrintsItsChecksum() throws Exception {
        TestMachine m = prepare();
        m.runUntilExit(400_000_000L);
        String out = m.output();
        assertTrue(out.contains("CHECKSUM=61e0afc1"), () -> "console output:\n" + out + "\n" + m.vcpu.describe() + "\nshutdown: " + m.shutdownReason);
        assertEquals(0x10, m.exitCode);
        System.out.printf("bench-small.elf: %d instructions retired%n", m.vcpu.instructionsRetired());
    }
}
