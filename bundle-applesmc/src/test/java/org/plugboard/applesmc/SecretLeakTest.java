package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/**
 * The OSK must not show anywhere a person can see: not in the log (slf4j-simple writes every
 * level to target/applesmc-test.log, see simplelogger.properties), not in describe() (the shell's
 * device line), not in a state dump, not in an error message.
 */
class SecretLeakTest {
    private static final Path LOG = Path.of("target", "applesmc-test.log");

    @TempDir
    Path dir;

    @Test
    void theKeyAppearsInNoLogLineNoDescriptionNoDumpAndNoMessage() throws Exception {
        StringBuilder seen = new StringBuilder();

        // every way in: osk=, oskfile=, osk=host (an emulated SMC standing in for the host's)
        Path file = Files.writeString(dir.resolve("osk"), TestOsk.PLACEHOLDER + "\n");
        Path vendor = Files.writeString(dir.resolve("sys_vendor"), "Apple Inc.\n");
        Path port = Files.createFile(dir.resolve("port"));
        try (DeviceTestKit byProperty = SmcKits.withPlaceholderOsk();
             DeviceTestKit byFile = DeviceTestKit.builder(new AppleSmcFactory()).id("smc-file")
                     .property("oskfile", file.toString()).build()) {
            KitPorts hostPorts = new KitPorts(byProperty);
            AppleSmcFactory hostFactory = new AppleSmcFactory(new OskSource(new HostOsk(vendor, port, p -> hostPorts, false)));
            try (DeviceTestKit byHost = DeviceTestKit.builder(hostFactory).id("smc-host").property("osk", "host").build()) {
                DeviceTestKit[] kits = {byProperty, byFile, byHost};
                AppleSmcFactory[] replacements = {new AppleSmcFactory(), new AppleSmcFactory(), hostFactory};
                for (int k = 0; k < kits.length; k++) {
                    DeviceTestKit kit = kits[k];
                    LinuxApplesmcDriver linux = new LinuxApplesmcDriver(new KitPorts(kit));
                    linux.init();
                    assertEquals(TestOsk.firstHalf(), new String(linux.readKey("OSK0", 32), StandardCharsets.US_ASCII));
                    assertEquals(TestOsk.secondHalf(), new String(linux.readKey("OSK1", 32), StandardCharsets.US_ASCII));
                    linux.readSmc(0x10, LinuxApplesmcDriver.bytes("OSK1"), 20); // the flush loop drains the last 12
                    kit.outb(SmcKits.CMD, 0x10); // and an interrupted read of OSK0
                    for (byte b : "OSK0".getBytes(StandardCharsets.US_ASCII)) kit.outb(SmcKits.DATA, b);
                    kit.outb(SmcKits.DATA, 32);
                    kit.inb(SmcKits.DATA);
                    seen.append(kit.device().describe()).append('\n');
                    seen.append(kit.save()).append('\n');
                    seen.append(kit.slot().config()).append('\n'); // how the machine prints a configuration
                    seen.append(kit.swapTo(replacements[k])).append('\n');
                    seen.append(kit.device().describe()).append('\n');
                    seen.append(kit.save()).append('\n');
                }
            }
        }
        // wrong keys that contain the real one must not be echoed either
        for (String wrong : new String[] {TestOsk.PLACEHOLDER + "X", TestOsk.PLACEHOLDER.substring(1)}) {
            ConfigException e = assertThrows(ConfigException.class, () -> DeviceTestKit.builder(new AppleSmcFactory())
                    .id("smc-bad").property("osk", wrong).build());
            seen.append(e.getMessage()).append('\n');
        }

        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertTrue(log.contains("smc-host: AppleSMC at 0x300, OSK (64 bytes, from osk=host)"), "the log was captured:\n" + log);
        assertTrue(log.contains("command 0x10 'OSK0'"), "trace lines were captured too:\n" + log);
        assertNoPieceOfTheKey("the log", log);
        assertNoPieceOfTheKey("descriptions, state dumps, swap accounts and messages", seen.toString());
    }

    /** No 12-character piece of the key, in text or in hex. */
    private static void assertNoPieceOfTheKey(String where, String text) {
        String osk = TestOsk.PLACEHOLDER;
        for (int i = 0; i + 12 <= osk.length(); i++) {
            String piece = osk.substring(i, i + 12);
            assertFalse(text.contains(piece), where + " shows '" + piece + "' of the key:\n" + text);
            assertFalse(text.toLowerCase().contains(hex(piece)), where + " shows '" + piece + "' of the key in hex:\n" + text);
        }
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.US_ASCII)) b.append(String.format("%02x", x));
        return b.toString();
    }
}
