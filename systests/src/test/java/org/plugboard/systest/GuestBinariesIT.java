package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed guest binaries written with nasm alone are what their sources assemble to. */
class GuestBinariesIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"polarity.elf", "devices.elf", "tables.elf", "echo.elf", "linuxboot.bin"})
    void theCommittedBinaryIsWhatNasmBuilds(String binary) throws Exception {
        Path nasm = Path.of("/usr/bin/nasm");
        assertTrue(Files.isExecutable(nasm), "nasm is not installed (apt-get install nasm; .ci/run does)");
        String guest = binary.substring(0, binary.indexOf('.'));
        Path source = Path.of("guests", guest), out = dir.resolve(binary);
        // from the guest's directory with the library in guests/include, as its Makefile runs it
        Process p = new ProcessBuilder(nasm.toString(), "-f", "bin", "-I", "../include/", "-o", out.toString(), guest + ".asm")
                .directory(source.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "nasm failed: " + log);
        assertArrayEquals(Files.readAllBytes(source.resolve(binary)), Files.readAllBytes(out), "rebuild guests/" + guest + ": " + log);
    }
}
