package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed guest binary in guests/cpu is what its source assembles to (nasm is required). */
class GuestBinariesTest {
    /** The guests' folder, relative to this module (Surefire runs in the module's directory). */
    static final Path GUESTS = Path.of("..", "guests", "cpu");

    static List<String> guests() throws Exception {
        try (Stream<Path> files = Files.list(GUESTS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".asm"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().collect(Collectors.toList());
            assertFalse(names.isEmpty(), "no guest sources in " + GUESTS.toAbsolutePath());
            return names;
        }
    }

    @ParameterizedTest
    @MethodSource("guests")
    void binaryMatchesSource(String name) throws Exception {
        Path nasm = Path.of("/usr/bin/nasm");
        assertTrue(Files.isExecutable(nasm), "nasm is not installed (apt-get install nasm; .ci/run does)");
        Path out = Files.createDirectories(Path.of("target", "guests-rebuilt")).resolve(name + ".bin");
        Process p = new ProcessBuilder(nasm.toString(), "-f", "bin", "-i", GUESTS.resolveSibling("include") + "/", "-o", out.toString(),
                GUESTS.resolve(name + ".asm").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nasm did not finish");
        assertArrayEquals(Files.readAllBytes(GUESTS.resolve(name + ".bin")), Files.readAllBytes(out), "nasm said: " + log);
    }
}
