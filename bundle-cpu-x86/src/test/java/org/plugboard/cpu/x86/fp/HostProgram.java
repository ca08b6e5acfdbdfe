package org.plugboard.cpu.x86.fp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C test resource built with gcc and run once over a batch of input lines: this machine's
 * floating-point hardware as the reference for the soft-float core.
 */
final class HostProgram {
    private final Path binary;

    private HostProgram(Path binary) {
        this.binary = binary;
    }

    static boolean available() {
        String arch = System.getProperty("os.arch");
        return (arch.equals("amd64") || arch.equals("x86_64")) && Files.isExecutable(Path.of("/usr/bin/gcc"));
    }

    static HostProgram build(String resource, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path source = workDir.resolve(name);
        try (InputStream s = HostProgram.class.getResourceAsStream(resource)) {
            if (s == null) throw new IOException("missing test resource " + resource);
            Files.copy(s, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Path binary = workDir.resolve(name.replace(".c", ""));
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", binary.toString(), source.toString(), "-lm")
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) throw new IOException("gcc failed:\n" + log);
        return new HostProgram(binary);
    }

    /** Runs the program with the lines as standard input; one output line per input line. */
    List<String> run(List<String> lines) throws IOException, InterruptedException {
        Path in = Files.createTempFile(binary.getParent(), "in", ".txt");
        Path out = Files.createTempFile(binary.getParent(), "out", ".txt");
        try {
            Files.write(in, lines, StandardCharsets.US_ASCII);
            Process p = new ProcessBuilder(binary.toString()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(binary + " failed");
            List<String> result = Files.readAllLines(out, StandardCharsets.US_ASCII);
            if (result.size() != lines.size()) throw new IOException("expected " + lines.size() + " lines, got " + result.size());
            return result;
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
