package org.plugboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs iasl (Debian's acpica-tools) to disassemble binary ACPI tables; a missing iasl fails the test. */
public final class Iasl {
    private Iasl() {
    }

    /** Writes {@code table} to {@code dir/name.dat}, runs {@code iasl -d} and returns the .dsl text. */
    public static String disassemble(Path dir, String name, byte[] table) throws IOException, InterruptedException {
        Path bin = dir.resolve(name + ".dat");
        Files.write(bin, table);
        Process p;
        try {
            p = new ProcessBuilder("iasl", "-d", bin.getFileName().toString()).directory(dir.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("iasl is not installed: install acpica-tools (apt-get install -y acpica-tools) to run the ACPI tests");
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "iasl timed out");
        assertEquals(0, p.exitValue(), "iasl -d failed:\n" + log);
        Path dsl = dir.resolve(name + ".dsl");
        assertTrue(Files.exists(dsl), "iasl wrote no " + dsl + ":\n" + log);
        return Files.readString(dsl, StandardCharsets.ISO_8859_1);
    }

    /** The text with every run of whitespace collapsed to one space, for matching multi-line ASL. */
    public static String squeeze(String s) {
        return s.replaceAll("\\s+", " ");
    }

    /** Fails with the whole text when {@code needle} is not in it. */
    public static void assertContains(String text, String needle) {
        if (!text.contains(needle)) fail("expected to find\n  " + needle + "\nin\n" + text);
    }
}
