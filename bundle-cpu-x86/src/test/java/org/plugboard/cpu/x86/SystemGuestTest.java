package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;

/**
 * Runs the system-behaviour guests (src/test/resources/guests/*.asm, built with nasm, binaries
 * committed) and compares their serial output with the committed transcript, which was taken
 * from QEMU TCG; when qemu-system-x86_64 is installed the test also runs QEMU now and compares
 * line for line.
 */
class SystemGuestTest {
    static byte[] resource(String name) throws Exception {
        try (InputStream in = SystemGuestTest.class.getResourceAsStream("/guests/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** Loads a multiboot a.out-kludge binary and runs it from the multiboot entry state. */
    static TestMachine runMultiboot(String binary, long limit) throws Exception {
        return runMultiboot(resource(binary), new TestMachine(16L << 20), limit);
    }

    static TestMachine runMultiboot(byte[] image, TestMachine m, long limit) throws Exception {
        ByteBuffer h = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        long loadAddr = h.getInt(16) & 0xffffffffL, entry = h.getInt(28) & 0xffffffffL;
        m.load(loadAddr, image);
        m.createCpu();
        CpuRegisters r = CpuRegisters.flatProtectedMode(entry);
        r.gpr[CpuRegisters.RAX] = 0x2BADB002L;
        m.vcpu.setRegisters(r);
        m.runUntilExit(limit);
        return m;
    }

    @Test
    void systestMatchesQemu() throws Exception {
        TestMachine m = runMultiboot("systest.bin", 10_000_000);
        String expected = new String(resource("systest.expected"), StandardCharsets.ISO_8859_1);
        assertEquals(expected, m.output(), () -> "state at the end:\n" + m.vcpu.describe());
        assertNotNull(m.shutdownReason, "the guest ends with a triple fault");
        assertEquals(Vcpu.Exit.SHUTDOWN, m.vcpu.run(1));
        String qemu = runQemu("systest.bin");
        if (qemu != null) assertEquals(qemu, m.output(), "QEMU TCG, run now, disagrees");
    }

    @Test
    void privilegeMachineryMatchesQemu() throws Exception {
        TestMachine m = runMultiboot("privtest.bin", 10_000_000);
        String expected = new String(resource("privtest.expected"), StandardCharsets.ISO_8859_1);
        assertEquals(expected, m.output(), () -> "state at the end:\n" + m.vcpu.describe());
        assertEquals(0, m.exitCode);
        String qemu = runQemu("privtest.bin");
        if (qemu != null) assertEquals(qemu, m.output(), "QEMU TCG, run now, disagrees");
    }

    @Test
    void taskSwitchesMatchQemu() throws Exception {
        TestMachine m = runMultiboot("tasktest.bin", 1_000_000);
        String expected = new String(resource("tasktest.expected"), StandardCharsets.ISO_8859_1);
        assertEquals(expected, m.output(), () -> "state at the end:\n" + m.vcpu.describe());
        assertEquals(0, m.exitCode);
        String qemu = runQemu("tasktest.bin");
        if (qemu != null) assertEquals(qemu, m.output(), "QEMU TCG, run now, disagrees");
    }

    @Test
    void segmentChecksFollowTheManual() throws Exception {
        TestMachine m = runMultiboot("segtest.bin", 1_000_000);
        String expected = new String(resource("segtest.expected"), StandardCharsets.ISO_8859_1);
        assertEquals(expected, m.output(), () -> "state at the end:\n" + m.vcpu.describe());
        assertEquals(0, m.exitCode);
    }

    /** QEMU's serial output for the guest, or null when QEMU is not installed. */
    static String runQemu(String binary) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "guests"));
        Path image = dir.resolve(binary);
        Files.write(image, resource(binary));
        return runQemu(image, "qemu64");
    }

    static String runQemu(Path image, String cpu) throws Exception {
        Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
        if (!Files.isExecutable(qemu)) return null;
        Process p = new ProcessBuilder(qemu.toString(), "-accel", "tcg", "-kernel", image.toString(), "-display", "none",
                "-serial", "stdio", "-monitor", "none", "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=4",
                "-cpu", cpu).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
