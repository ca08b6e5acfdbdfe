package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DebianPackages;

/**
 * Debian's amd64 kernel with an initramfs of Debian's static BusyBox and a shell /init
 * ({@code src/test/resources/busybox/init}) on the pc machine: userspace runs, uses the FPU and
 * SSE (awk's doubles, glibc's printf), reads /proc and /sys, and powers the machine off through
 * ACPI S5. Plugboard boots it through SeaBIOS, as QEMU's -kernel does (SeaBIOS places the ACPI
 * tables, without which Linux finds no S5 and poweroff only halts), and firmware-less, where the
 * platform setup places them. QEMU TCG boots the same files; the lines that userspace prints
 * must be the same.
 */
class DebianBusyBoxIT {
    private static final Path CACHE = Path.of("systests", "target", "debian").toAbsolutePath();
    private static final String MARKER = "PLUGBOARD-BUSYBOX-DONE";
    private static final String APPEND = "console=ttyS0";
    private static final String BIOS = "/usr/share/seabios/bios-256k.bin";

    private static Path kernel;
    private static Path initramfs;
    private static Guest.Run qemuRun;

    @BeforeAll
    static void buildInitramfs() throws Exception {
        kernel = DebianPackages.kernel(CACHE.resolve("kernel"));
        Path busybox = DebianPackages.file(CACHE.resolve("busybox"), "busybox-static", "bin/busybox");
        byte[] init;
        try (InputStream in = DebianBusyBoxIT.class.getResourceAsStream("/busybox/init")) {
            init = in.readAllBytes();
        }
        byte[] archive = new NewcArchive().directory("bin").directory("dev").directory("proc").directory("sys")
                .file("bin/busybox", 0755, Files.readAllBytes(busybox)).symlink("bin/sh", "busybox")
                .file("init", 0755, init).toByteArray();
        initramfs = CACHE.resolve("busybox-initramfs.cpio");
        Files.write(initramfs, archive);
    }

    @Test
    void busyBoxUserspaceRunsWithTheFpuAndPowersOffAsOnQemu() throws Exception {
        assertTrue(Files.isRegularFile(Path.of(BIOS)), BIOS + " is missing: install Debian's seabios (.ci/run does)");
        Guest.Run ours = Guest.plugboard("-bios", BIOS, "-m", "512", "-kernel", kernel.toString(), "-initrd", initramfs.toString(),
                "-append", APPEND);
        assertRunsAndPowersOffAsOnQemu(ours);
    }

    /**
     * The same kernel firmware-less (no {@code -bios}, the default): the platform setup leaves the
     * ACPI tables, the PCI resources, the 8259s and the MTRRs as SeaBIOS would, so Linux finds the
     * RSDP, the IOAPIC and S5 by itself and sets up its PAT as through SeaBIOS.
     */
    @Test
    void busyBoxBootsFirmwareLessFindsAcpiAndPowersOffAsOnQemu() throws Exception {
        Guest.Run ours = Guest.plugboard("-m", "512", "-kernel", kernel.toString(), "-initrd", initramfs.toString(), "-append", APPEND);
        assertTrue(ours.serial().matches("(?s).*ACPI: RSDP 0x00000000000F[0-9A-F]{4} 000014 \\(v00 BOCHS \\).*"), ours.serial());
        assertTrue(ours.serial().contains("IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23"), ours.serial());
        assertTrue(ours.serial().contains("ACPI: Using IOAPIC for interrupt routing"), ours.serial());
        // Linux programs its PAT only over enabled MTRRs ("x86/PAT: MTRRs disabled, skipping PAT
        // initialization too" otherwise): the setup left them as SeaBIOS does on QEMU
        assertFalse(ours.serial().contains("MTRRs disabled"), ours.serial());
        assertEquals("x86/PAT: Configuration [0-7]: WB  WC  UC- UC  WB  WP  UC- WT", patLine(ours));
        assertEquals(patLine(qemu()), patLine(ours));
        assertRunsAndPowersOffAsOnQemu(ours);
    }

    /** The kernel's "x86/PAT: Configuration" line without its timestamp. */
    private static String patLine(Guest.Run run) {
        return run.serial().lines().filter(l -> l.contains("x86/PAT: Configuration")).findFirst()
                .map(l -> l.substring(l.indexOf("x86/PAT")).strip()).orElse("no x86/PAT line in:\n" + run.serial());
    }

    private static void assertRunsAndPowersOffAsOnQemu(Guest.Run ours) throws Exception {
        List<String> lines = userspace(ours);
        assertEquals(8, lines.size(), String.join("\n", lines));
        assertEquals("USERSPACE: init running as pid 1", lines.get(0));
        assertEquals("KERNEL: " + release(kernel), lines.get(1));
        assertEquals("CPUFLAGS: fpu fxsr sse2 ", lines.get(2));
        assertEquals("AWK-SQRT2: 1.414214", lines.get(3));
        assertEquals("AWK-PI: 3.141593", lines.get(4));
        assertTrue(lines.get(5).matches("INTERRUPT-LINES: [1-9][0-9]*"), lines.get(5));
        assertEquals("SYSFS-CPUS: 0", lines.get(6));
        assertEquals(MARKER, lines.get(7));
        // a CPU or device the kernel finds wanting shows as a trace (an unchecked MSR access, a WARN, an oops)
        assertFalse(ours.serial().contains("Call Trace:"), ours.serial());
        // Guest.run returned, so the machine stopped by itself: S5 through the PIIX4 PM's PM1a control register
        assertTrue(ours.serial().contains("ACPI: PM: Preparing to enter system sleep state S5"), ours.serial());
        assertTrue(ours.serial().contains("reboot: Power down"), "the kernel did not power down:\n" + ours.serial());
        assertEquals(0, ours.status(), "S5 ends the run with status 0");
        assertEquals(String.join("\n", userspace(qemu())), String.join("\n", lines));
    }

    /** QEMU TCG booting the same files, once for both tests. */
    private static synchronized Guest.Run qemu() throws Exception {
        if (qemuRun == null) {
            qemuRun = Guest.qemu64("-M", "pc", "-m", "512", "-kernel", kernel.toString(), "-initrd", initramfs.toString(), "-append", APPEND);
        }
        return qemuRun;
    }

    /** The lines from /init's first to its marker, without the kernel's own ("[    1.234] ...") messages. */
    private static List<String> userspace(Guest.Run run) {
        String text = run.from("USERSPACE:");
        int end = text.indexOf(MARKER);
        assertTrue(end >= 0, "no '" + MARKER + "':\n" + run.serial() + "\n" + run.log());
        return text.substring(0, end + MARKER.length()).lines().filter(l -> !l.startsWith("[")).toList();
    }

    /** The release that uname -r prints: the first word of the bzImage header's kernel_version string. */
    private static String release(Path bzImage) throws IOException {
        byte[] image = Files.readAllBytes(bzImage);
        int at = ((image[0x20e] & 0xff) | (image[0x20f] & 0xff) << 8) + 0x200;
        int end = at;
        while (image[end] != 0 && image[end] != ' ') end++;
        return new String(image, at, end - at, StandardCharsets.US_ASCII);
    }
}
