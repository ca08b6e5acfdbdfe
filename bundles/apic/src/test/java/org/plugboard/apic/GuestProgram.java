package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A guest program of the repository's {@code guests/NAME} folder: the nasm source
 * {@code NAME.asm}, the committed multiboot image {@code NAME.elf} built from it with
 * {@code nasm -f bin -I guests/include/}, and the serial output QEMU TCG gave, recorded as {@code expected-qemu.txt}
 * (or {@code expected-qemu-VARIANT.txt}) from the line with the program's banner on. Other
 * modules' tests use it through this module's test jar.
 */
public final class GuestProgram {
    private static final Path NASM = Path.of("/usr/bin/nasm");
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    private final String name;
    private final Path dir;

    private GuestProgram(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** The program in {@code guests/name}, found from the module's directory upwards. */
    public static GuestProgram named(String name) {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path dir = at.resolve("guests").resolve(name);
            if (Files.isDirectory(dir)) return new GuestProgram(name, dir);
        }
        throw new IllegalStateException("no guests/" + name + " above " + Path.of("").toAbsolutePath());
    }

    public Path binary() {
        return dir.resolve(name + ".elf");
    }

    /** What QEMU printed, from the banner on: {@code expected-qemu.txt}, or {@code expected-qemu-variant.txt}. */
    public List<String> expectedQemu(String variant) throws IOException {
        return Files.readAllLines(dir.resolve(variant.isEmpty() ? "expected-qemu.txt" : "expected-qemu-" + variant + ".txt"));
    }

    public List<String> expectedQemu() throws IOException {
        return expectedQemu("");
    }

    /** Serial output as lines, from the first line that holds {@code banner} (cut to start there) on, without CRs. */
    public static List<String> linesFrom(String serial, String banner) {
        String text = serial.replace("\r", "");
        int at = text.indexOf(banner);
        if (at < 0) return List.of();
        return List.of(text.substring(at).split("\n"));
    }

    /** Assembles the source (with guests/include/) into target/ and checks the committed binary is what it gives. */
    public void assertBinaryMatchesSource() throws Exception {
        assertTrue(Files.isExecutable(NASM), "nasm is not installed (apt-get install nasm; .ci/run does)");
        Path out = Files.createDirectories(Path.of("target", "guests-rebuilt")).resolve(name + ".elf");
        String include = dir.resolveSibling("include") + "/";
        Process p = new ProcessBuilder(NASM.toString(), "-f", "bin", "-I", include, "-o", out.toString(), dir.resolve(name + ".asm").toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "nasm failed: " + log);
        assertArrayEquals(Files.readAllBytes(binary()), Files.readAllBytes(out), name + ".elf is not what " + name + ".asm assembles to");
    }

    /**
     * Boots the committed binary on QEMU TCG with isa-debug-exit at 0xf4 and the extra
     * {@code args}, and returns its serial output from the banner on.
     */
    public List<String> runOnQemu(String banner, String... args) throws Exception {
        assertTrue(Files.isExecutable(QEMU), "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86; .ci/run does)");
        List<String> cmd = new ArrayList<>(List.of(QEMU.toString(), "-accel", "tcg", "-nographic", "-no-reboot", "-display", "none",
                "-kernel", binary().toString(), "-device", "isa-debug-exit,iobase=0xf4,iosize=4"));
        cmd.addAll(Arrays.asList(args));
        Path serial = Files.createTempFile(Files.createDirectories(Path.of("target")), name, ".qemu.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(serial.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("QEMU did not finish in 120 s: " + cmd + "\n" + Files.readString(serial, StandardCharsets.ISO_8859_1));
        }
        return linesFrom(Files.readString(serial, StandardCharsets.ISO_8859_1), banner);
    }
}
