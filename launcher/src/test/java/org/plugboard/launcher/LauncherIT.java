package org.plugboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real artifact, launched as a user launches it: {@code java -jar launcher/target/plugboard.jar}. */
class LauncherIT {
    record Result(int status, String out, String err) {
    }

    static Result launch(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "plugboard.jar").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out"), err = Files.createTempFile("launcher", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("launcher did not finish: " + cmd + "\n" + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void helpListsEveryOption() throws Exception {
        Result r = launch("--help");
        assertEquals(0, r.status(), r.err());
        for (String opt : List.of("-machine", "-m ", "-smp", "-kernel", "-initrd", "-append", "-device", "-global", "-drive",
                "-serial", "-nographic", "-display", "-nodefaults", "-no-reboot", "-batch", "-c "))
            assertTrue(r.out().contains(opt), "--help lacks " + opt + ":\n" + r.out());
    }

    @Test
    void unknownOptionsAndBadValuesAreNamed() throws Exception {
        Result r = launch("-machine", "none", "-frobnicate");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown option '-frobnicate'"), r.err());
        r = launch("-m", "lots");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("'lots' is not a number"), r.err());
        r = launch("-kernel", "/no/such/kernel.elf");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("-kernel /no/such/kernel.elf: no such file"), r.err());
    }

    @Test
    void scriptedShellCommandsRunInARealGogoSession() throws Exception {
        Result r = launch("-machine", "none", "-nodefaults", "-device", "sample-scratch,id=s0,iobase=0x700",
                "-c", "vm:devices; vm:map; lb plugboard");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("s0") && r.out().contains("sample-scratch"), r.out());
        assertTrue(r.out().contains("0000000000000700-000000000000070f"), r.out());
        assertTrue(r.out().contains("Plugboard machine"), r.out());
    }

    @Test
    void withoutTheCpuEngineBundleAMachineRefusesToStartAndSaysWhy() throws Exception {
        Path def = Files.createTempFile("second", ".machine");
        Files.writeString(def, "machine none\nnodefaults\n");
        try {
            Result r = launch("-machine", "none", "-nodefaults", "-c",
                    "stop org.plugboard.cpu-x86; vm:create second " + def + "; vm:boot second");
            assertEquals(1, r.status(), r.out() + r.err());
            assertTrue(r.err().contains("machine second cannot start: no CpuEngine service is present"), r.err());
        } finally {
            Files.delete(def);
        }
    }

    @Test
    void aConflictingDeviceStopsTheBootWithBothOwnersNamed() throws Exception {
        Result r = launch("-batch", "-machine", "none", "-nodefaults", "-device", "sample-scratch,id=a,iobase=0x700",
                "-device", "sample-scratch,id=b,iobase=0x704,mmio=0xfeb01000");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("a/scratch") && r.err().contains("b/scratch"), r.err());
    }
}
