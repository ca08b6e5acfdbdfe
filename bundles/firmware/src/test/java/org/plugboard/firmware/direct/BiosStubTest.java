package org.plugboard.firmware.direct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.firmware.bytes.LeWriter;

/** The committed bios-stub.bin is what nasm makes of bios-stub.asm, and its entry table points into it. */
class BiosStubTest {
    private static final Path SOURCE = Path.of("src/main/resources/org/plugboard/firmware/direct/bios-stub.asm");

    @Test
    void theCommittedStubIsWhatNasmBuildsFromItsSource(@TempDir Path dir) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(Path.of("/usr/bin/nasm")), "nasm is missing: install it (apt-get install nasm; .ci/run does)");
        Path out = dir.resolve("bios-stub.bin");
        Process p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), SOURCE.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "nasm failed");
        assertArrayEquals(Files.readAllBytes(out), BiosArea.stub());
    }

    @Test
    void theEntryTablePointsInsideTheStub() {
        byte[] stub = BiosArea.stub();
        for (int i = 0; i < 4; i++) {
            long offset = LeWriter.read(stub, 2 * i, 2) - BiosArea.STUB_OFFSET;
            assertTrue(offset >= 8 && offset < stub.length, "entry " + i + " at " + offset);
        }
        assertEquals(0xcf, stub[(int) (LeWriter.read(stub, 0, 2) - BiosArea.STUB_OFFSET)] & 0xff, "the first entry is a lone IRET");
    }
}
