package org.plugboard.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ACPICA's AML interpreter (acpiexec, from Debian's acpica-tools) in batch mode: it loads
 * the tables into a namespace as an OS would, then evaluates the given objects. A missing
 * acpiexec fails the test.
 */
public final class AcpiExec {
    private AcpiExec() {
    }

    /** Loads {@code tables} (each written to {@code dir}) and runs {@code commands} (separated by ';'); returns the log. */
    public static String run(Path dir, String commands, byte[]... tables) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("acpiexec", "-b", commands));
        for (int i = 0; i < tables.length; i++) {
            Path f = dir.resolve("table" + i + ".aml");
            Files.write(f, tables[i]);
            cmd.add(f.getFileName().toString());
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("acpiexec is not installed: install acpica-tools (apt-get install -y acpica-tools) to run the ACPI tests");
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "acpiexec timed out");
        return log;
    }

    /**
     * Fails when ACPICA reported an exception or error while loading or evaluating. Lines from
     * acpiexec's own hardware exercises ({@code aetests}) are not about the tables: they poke a
     * PM2 block and GPE numbers a PIIX4 does not have.
     */
    public static void assertClean(String log) {
        for (String line : log.split("\n")) {
            if (line.contains("(aetests-")) continue;
            if (line.contains("AE_") || line.contains("Error") || line.contains("Warning"))
                fail("acpiexec complained: " + line + "\n" + log);
        }
    }
}
