package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The experiment the product is for, as a user does it in the shell: a guest looks for the HPET
 * the way Mac OS X 10.6 does and does not find it on the stock PIIX machine; the user starts the
 * PIIX HPET patch bundle and resets the guest, and now it finds it.
 */
class QuirkBundlesIT {
    private static final String GUEST = "bundles/hpet-piix-patch/src/test/guest/hpet-lookup.elf";

    @Test
    void startingThePiixHpetPatchInTheShellLetsTheGuestFindTheHpetAfterAReset() throws Exception {
        String list = Guest.launcher("-machine", "none", "-nodefaults", "-c", "lb -s hpet-piix-patch").serial();
        Matcher id = Pattern.compile("(?m)^\\s*(\\d+)\\|Installed.*org\\.plugboard\\.hpet-piix-patch").matcher(list);
        assertTrue(id.find(), "the quirk bundle is installed but not started:\n" + list);

        Path serial = Files.createTempFile("hpet-lookup", ".log");
        Process p = new ProcessBuilder(Guest.javaLauncher("-kernel", GUEST, "-serial", "file:" + serial))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream shell = p.getOutputStream()) {
            waitFor(serial, "HPET not found", 1);
            shell.write(("start " + id.group(1) + "\nvm:reset\n").getBytes(StandardCharsets.US_ASCII));
            shell.flush();
            String log = waitFor(serial, "HPET found at 0xfed00000", 1);
            assertTrue(log.indexOf("HPET not found") < log.indexOf("HPET found at 0xfed00000"), log);
        } finally {
            p.destroyForcibly().waitFor();
            Files.deleteIfExists(serial);
        }
    }

    private static String waitFor(Path log, String text, int times) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            String s = Files.readString(log, StandardCharsets.ISO_8859_1);
            if (s.split(Pattern.quote(text), -1).length - 1 >= times) return s;
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in:\n" + Files.readString(log, StandardCharsets.ISO_8859_1));
    }
}
