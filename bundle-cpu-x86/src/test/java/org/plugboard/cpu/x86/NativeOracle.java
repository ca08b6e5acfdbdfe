package org.plugboard.cpu.x86;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This machine's own processor as the reference: builds the C harness (src/test/resources/difftest)
 * with gcc and runs batches of single-instruction cases through it.
 */
final class NativeOracle implements AutoCloseable {
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private NativeOracle(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), 1 << 16);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII), 1 << 16);
    }

    /** True when this host can be the oracle: x86-64 Linux with gcc. */
    static boolean available() {
        String arch = System.getProperty("os.arch");
        return (arch.equals("amd64") || arch.equals("x86_64")) && System.getProperty("os.name").equals("Linux")
                && Files.isExecutable(Path.of("/usr/bin/gcc"));
    }

    static NativeOracle start(Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path source = workDir.resolve("harness.c");
        try (InputStream s = NativeOracle.class.getResourceAsStream("/difftest/harness.c")) {
            Files.copy(s, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Path binary = workDir.resolve("harness");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", binary.toString(), source.toString()).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) throw new IOException("gcc failed:\n" + log);
        return new NativeOracle(new ProcessBuilder(binary.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Runs the cases (lines in the harness's input format) and returns one output line per case. */
    List<String> run(List<String> cases) throws IOException {
        List<String> results = new ArrayList<>(cases.size());
        int batch = 64; // 64 result lines stay well inside a 64 KiB pipe buffer
        for (int from = 0; from < cases.size(); from += batch) {
            int to = Math.min(cases.size(), from + batch);
            for (int k = from; k < to; k++) {
                in.write(cases.get(k));
                in.write('\n');
            }
            in.flush();
            for (int k = from; k < to; k++) {
                String line = out.readLine();
                if (line == null) throw new IOException("harness died");
                results.add(line);
            }
        }
        return results;
    }

    @Override
    public void close() throws IOException {
        in.close();
        process.destroy();
    }

    /** The flags of /proc/cpuinfo, to test only what the host implements. */
    static String hostFlags() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            if (line.startsWith("flags")) return " " + line.substring(line.indexOf(':') + 1).trim() + " ";
        return " ";
    }
}
