package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The committed guest binaries are what their sources assemble to (checked where nasm is installed). */
class GuestBinariesTest {
    @ParameterizedTest
    @ValueSource(strings = {"systest", "segtest", "irqtest", "privtest", "tasktest"})
    void binaryMatchesSource(String name) throws Exception {
        Path nasm = Path.of("/usr/bin/nasm");
        assertTrue(Files.isExecutable(nasm), "nasm is not installed (apt-get install nasm; .ci/run does)");
        Path dir = Files.createDirectories(Path.of("target", "guests-rebuilt"));
        Path source = dir.resolve(name + ".asm"), out = dir.resolve(name + ".bin");
        Files.write(source, SystemGuestTest.resource(name + ".asm"));
        Process p = new ProcessBuilder(nasm.toString(), "-f", "bin", "-o", out.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        assertArrayEquals(SystemGuestTest.resource(name + ".bin"), Files.readAllBytes(out), "nasm said: " + log);
    }
}
