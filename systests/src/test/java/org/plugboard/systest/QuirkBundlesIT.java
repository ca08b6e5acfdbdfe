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
 * The experiments the product is for, as a user does them in the shell: a guest behaves one way
 * on the stock machine; the user starts a quirk bundle and resets the guest, and it behaves the
 * other way.
 */
class QuirkBundlesIT {
    @Test
    void startingThePiixHpetPatchInTheShellLetsTheGuestFindTheHpetAfterAReset() throws Exception {
        String log = beforeAndAfterStarting("org.plugboard.hpet-piix-patch", "guests/hpet-lookup/hpet-lookup.elf",
                "HPET not found", "HPET found at 0xfed00000");
        assertTrue(log.indexOf("HPET not found") < log.indexOf("HPET found at 0xfed00000"), log);
    }

    @Test
    void startingThePolarityQuirkReproducesTheActiveLowHang() throws Exception {
        // stock: IRQ lines are logical levels, the polarity bit is ignored (as KVM and QEMU do)
        String log = beforeAndAfterStarting("org.plugboard.apic-polarity-honour", "guests/polarity/polarity.elf",
                "polarity: interrupt delivered", "polarity: interrupt storm");
        assertTrue(log.indexOf("interrupt delivered") < log.indexOf("interrupt storm"), log);
    }

    /**
     * Boots {@code guest} on the default machine with the interactive shell on a pipe, waits for
     * {@code before} on COM1, types {@code start <quirk>} and {@code vm:reset}, and waits for
     * {@code after}. Returns COM1's output.
     */
    private static String beforeAndAfterStarting(String quirk, String guest, String before, String after) throws Exception {
        String list = Guest.launcher("-machine", "none", "-nodefaults", "-c", "lb -s " + quirk).serial();
        Matcher id = Pattern.compile("(?m)^\\s*(\\d+)\\|Installed.*" + Pattern.quote(quirk)).matcher(list);
        assertTrue(id.find(), "the quirk bundle is installed but not started:\n" + list);

        Path serial = Files.createTempFile("quirk", ".log");
        Process p = new ProcessBuilder(Guest.javaLauncher("-kernel", guest, "-serial", "file:" + serial))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream shell = p.getOutputStream()) {
            waitFor(serial, before, 1);
            shell.write(("start " + id.group(1) + "\nvm:reset\n").getBytes(StandardCharsets.US_ASCII));
            shell.flush();
            return waitFor(serial, after, 1);
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
