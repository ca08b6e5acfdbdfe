package org.plugboard.bootloader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DebianPackages;

/**
 * The Linux loader against a real Debian kernel. The image comes from
 * {@code -Dplugboard.test.bzimage=FILE}, or is fetched once with {@code apt-get download} and
 * {@code dpkg-deb -x} into {@code target/debian-kernel} ({@link DebianPackages}); without apt (or network) the tests
 * fail and say so: they never pass without a real kernel.
 */
class DebianKernelTest {
    private static final Path CACHE = Path.of("target", "debian-kernel").toAbsolutePath();
    private static final long MIB = 1 << 20;

    private static byte[] kernel;

    @BeforeAll
    static void fetchKernel() throws Exception {
        kernel = Files.readAllBytes(DebianPackages.kernel(CACHE));
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
