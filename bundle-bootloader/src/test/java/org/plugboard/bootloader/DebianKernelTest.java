package org.plugboard.bootloader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;

/**
 * The Linux loader against a real Debian kernel. The image comes from
 * {@code -Dplugboard.test.bzimage=FILE}, or is fetched once with {@code apt-get download} and
 * {@code dpkg-deb -x} into {@code target/debian-kernel}; without apt (or network) the tests
 * fail and say so: they never pass without a real kernel.
 */
class DebianKernelTest {
    /** The cloud flavour: the same bzImage as the generic one, in a third of the download. */
    private static final String META_PACKAGE = "linux-image-cloud-amd64";
    private static final Path CACHE = Path.of("target", "debian-kernel").toAbsolutePath();
    private static final long MIB = 1 << 20;

    private static byte[] kernel;

    @BeforeAll
    static void fetchKernel() throws Exception {
        String given = System.getProperty("plugboard.test.bzimage");
        Path image = given != null ? Path.of(given) : CACHE.resolve("vmlinuz");
        if (given == null && !Files.exists(image)) download(image);
        kernel = Files.readAllBytes(image);
    }

    private static void download(Path target) throws Exception {
        Files.createDirectories(CACHE);
        String depends = run(CACHE, "apt-cache", "depends", META_PACKAGE);
        Matcher m = Pattern.compile("Depends: (linux-image-\\S+)").matcher(depends);
        if (!m.find()) throw new AssertionError("apt knows no " + META_PACKAGE + " (run apt-get update):\n" + depends);
        run(CACHE, "apt-get", "download", m.group(1));
        Path deb;
        try (Stream<Path> files = Files.list(CACHE)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
        }
        if (deb == null) throw new AssertionError("apt-get download " + m.group(1) + " produced no .deb");
        Path tree = CACHE.resolve("deb");
        run(CACHE, "dpkg-deb", "-x", deb.toString(), tree.toString());
        Path vmlinuz;
        try (Stream<Path> files = Files.list(tree.resolve("boot"))) {
            vmlinuz = files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElseThrow();
        }
        Files.write(CACHE.resolve("version.txt"), List.of(vmlinuz.getFileName().toString()));
        Files.move(vmlinuz, target);
        Files.delete(deb);
        deleteTree(tree);
    }

    /** Runs a command; a missing tool or a failure fails the tests with what the command said. */
    private static String run(Path dir, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            String text = new String(out, StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + text);
            return text;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e.getMessage()
                    + " (the test needs apt-get and dpkg-deb, or -Dplugboard.test.bzimage=FILE)", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
        }
    }

    @Test
    void isRecognisedAsABzImageOnly() {
        assertEquals(LinuxLoader.SCORE_BZIMAGE, new LinuxLoader().probe(kernel));
        assertEquals(0, new MultibootLoader().probe(kernel));
    }

    @Test
    void loadsWithCommandLineAndInitrd() throws Exception {
        byte[] initrd = TestImages.pattern(300_000, 11);
        TestBoot boot = new TestBoot(128 * MIB, kernel).name("vmlinuz").append("console=ttyS0 earlyprintk=serial")
                .initrd("initrd.img", initrd);
        new LinuxLoader().load(boot);

        int setupSize = ((kernel[0x1f1] & 0xff) + 1) * 512;
        assertTrue((kernel[0x206] & 0xff | (kernel[0x207] & 0xff) << 8) >= 0x206);
        assertArrayEquals(Arrays.copyOfRange(kernel, setupSize, kernel.length), boot.bytes(0x100000, kernel.length - setupSize));

        CpuRegisters cpu = boot.cpu();
        assertEquals(0x100000, cpu.rip);
        long bp = cpu.gpr[CpuRegisters.RSI];
        int headerEnd = 0x202 + (kernel[0x201] & 0xff);
        byte[] header = boot.bytes(bp + 0x1f1, headerEnd - 0x1f1);
        // identical to the file but for type_of_loader, loadflags, heap_end_ptr, ramdisk and cmdline fields
        for (int off = 0x1f1; off < headerEnd; off++) {
            boolean loaderField = off == 0x210 || off == 0x211 || (off >= 0x218 && off < 0x220) || (off >= 0x224 && off < 0x22c);
            if (!loaderField) assertEquals(kernel[off], header[off - 0x1f1], String.format("boot_params byte %#x", off));
        }
        assertEquals(0xff, boot.u8(bp + 0x210));
        assertEquals("console=ttyS0 earlyprintk=serial", boot.string(boot.u32(bp + 0x228)));
        long initrdAt = boot.u32(bp + 0x218);
        assertArrayEquals(initrd, boot.bytes(initrdAt, initrd.length));
        long initSize = TestImages.le(kernel).getInt(0x260) & 0xffffffffL;
        long prefAddress = TestImages.le(kernel).getLong(0x258);
        assertTrue(initrdAt >= prefAddress + initSize, "the initrd stays clear of where the kernel decompresses to");
        assertTrue(initrdAt + initrd.length <= 128 * MIB);
    }

    @Test
    void refusesTooLittleRamForItsInitSize() {
        // init_size (54 MiB for 6.1) counts from pref_address (16 MiB), not from where the file is loaded
        TestBoot boot = new TestBoot(64 * MIB, kernel).name("vmlinuz");
        ConfigException e = assertThrows(ConfigException.class, () -> new LinuxLoader().load(boot));
        assertTrue(e.getMessage().startsWith("the Linux kernel (vmlinuz, loaded at 0x100000, run at 0x1000000 with init_size "),
                e.getMessage());
        assertTrue(e.getMessage().contains("does not fit in RAM"), e.getMessage());
    }
}
