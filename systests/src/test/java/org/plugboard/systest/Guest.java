package org.plugboard.systest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a guest to its end on Plugboard (the real launcher jar) or on QEMU, from the repository root. */
final class Guest {
    record Run(int status, String serial, String log) {
        /** The serial output from the first line that starts with {@code first}, as QEMU's starts with SeaBIOS's banner. */
        String from(String first) {
            int i = serial.indexOf(first);
            if (i < 0) throw new AssertionError("no '" + first + "' in the output:\n" + serial + "\n" + log);
            return serial.substring(i).replace("\r", "");
        }
    }

    private Guest() {
    }

    static Run plugboard(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "launcher/target/plugboard.jar", "-batch", "-nographic"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** The launcher without -batch (shell commands with -c, then exit). */
    static Run launcher(String... args) throws IOException, InterruptedException {
        return run(javaLauncher(args));
    }

    static Run qemu(String... args) throws IOException, InterruptedException {
        return qemu("qemu-system-i386", args);
    }

    /** QEMU's x86_64 system, whose default CPU (qemu64) is Plugboard's default too. */
    static Run qemu64(String... args) throws IOException, InterruptedException {
        return qemu("qemu-system-x86_64", args);
    }

    private static Run qemu(String system, String... args) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin", system);
        if (!Files.isExecutable(binary))
            throw new AssertionError(system + " is missing: install Debian's qemu-system-x86 (.ci/run does)");
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-accel", "tcg", "-nographic", "-no-reboot",
                "-display", "none"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * Runs a command until {@code log} contains {@code marker} (firmware that never exits, such as
     * SeaBIOS with nothing to boot), stops it, and returns the log.
     */
    static String untilLogShows(List<String> cmd, Path log, String marker) throws IOException, InterruptedException {
        Files.deleteIfExists(log);
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            long end = System.currentTimeMillis() + 240_000;
            while (System.currentTimeMillis() < end) {
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
                if (text.contains(marker)) return text;
                if (!p.isAlive()) throw new AssertionError(cmd + " ended (status " + p.exitValue() + ") before '" + marker + "':\n" + text);
                Thread.sleep(100);
            }
            throw new AssertionError(cmd + " did not reach '" + marker + "' in 240 s:\n"
                    + (Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : ""));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    static List<String> javaLauncher(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "launcher/target/plugboard.jar"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("guest", ".out"), err = Files.createTempFile("guest", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish in 300 s: " + cmd + "\n" + Files.readString(out, StandardCharsets.ISO_8859_1));
            }
            // serial output as a terminal shows it: guests end lines with CR LF
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1).replace("\r\n", "\n"),
                    Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
