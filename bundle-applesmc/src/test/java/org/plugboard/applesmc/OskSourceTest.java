package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.testkit.DeviceTestKit;

/** Where the OSK comes from, and the messages when it cannot be had; no message quotes the key. */
class OskSourceTest {
    @TempDir
    Path dir;

    private static DeviceConfig config(String... nameValue) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) p.put(nameValue[i], nameValue[i + 1]);
        return new DeviceConfig("isa-applesmc", "smc", p);
    }

    private static OskSource onThisHost() {
        return new OskSource(HostOsk.ofThisHost());
    }

    private ConfigException refused(OskSource source, DeviceConfig config) {
        ConfigException e = assertThrows(ConfigException.class, () -> source.resolve(config));
        assertTrue(e.getMessage().startsWith("device smc (isa-applesmc): "), e.getMessage());
        assertFalse(e.getMessage().contains(TestOsk.PLACEHOLDER.substring(0, 20)), "the message quotes the key: " + e.getMessage());
        return e;
    }

    private static String oskOf(Osk osk) {
        return new String(osk.bytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void fromTheOskProperty() throws Exception {
        Osk osk = onThisHost().resolve(config("osk", TestOsk.PLACEHOLDER));
        assertEquals(TestOsk.PLACEHOLDER, oskOf(osk));
        assertEquals("osk=", osk.source());
        assertFalse(osk.toString().contains(TestOsk.firstHalf()));
    }

    @Test
    void theOskPropertyMustHave64Characters() {
        ConfigException shortKey = refused(onThisHost(), config("osk", TestOsk.PLACEHOLDER.substring(0, 63)));
        assertTrue(shortKey.getMessage().contains("osk must be exactly 64 characters, it has 63"), shortKey.getMessage());
        ConfigException longKey = refused(onThisHost(), config("osk", TestOsk.PLACEHOLDER + "X"));
        assertTrue(longKey.getMessage().contains("it has 65"), longKey.getMessage());
        ConfigException notAscii = refused(onThisHost(), config("osk", "\u00e9" + TestOsk.PLACEHOLDER.substring(1)));
        assertTrue(notAscii.getMessage().contains("printable ASCII"), notAscii.getMessage());
    }

    @Test
    void fromAFileWithOrWithoutALineBreak() throws Exception {
        Path plain = Files.writeString(dir.resolve("osk.txt"), TestOsk.PLACEHOLDER);
        Path unix = Files.writeString(dir.resolve("osk-lf.txt"), TestOsk.PLACEHOLDER + "\n");
        Path dos = Files.writeString(dir.resolve("osk-crlf.txt"), TestOsk.PLACEHOLDER + "\r\n");
        for (Path file : new Path[] {plain, unix, dos}) {
            Osk osk = onThisHost().resolve(config("oskfile", file.toString()));
            assertEquals(TestOsk.PLACEHOLDER, oskOf(osk), file.toString());
            assertEquals("oskfile=" + file, osk.source());
        }
    }

    @Test
    void aFileOfTheWrongLengthIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("osk.txt"), TestOsk.PLACEHOLDER + "extra\n");
        ConfigException e = refused(onThisHost(), config("oskfile", file.toString()));
        assertTrue(e.getMessage().contains("must hold exactly 64 bytes") && e.getMessage().contains("it holds 69"), e.getMessage());
    }

    @Test
    void anUnreadableFileIsRefused() throws Exception {
        ConfigException missing = refused(onThisHost(), config("oskfile", dir.resolve("absent").toString()));
        assertTrue(missing.getMessage().contains("cannot be read (NoSuchFileException)"), missing.getMessage());
        ConfigException directory = refused(onThisHost(), config("oskfile", dir.toString()));
        assertTrue(directory.getMessage().contains("cannot be read"), directory.getMessage());
    }

    @Test
    void bothOrNeitherIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("osk.txt"), TestOsk.PLACEHOLDER);
        ConfigException both = refused(onThisHost(), config("osk", TestOsk.PLACEHOLDER, "oskfile", file.toString()));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
        ConfigException none = refused(onThisHost(), config());
        assertTrue(none.getMessage().contains("no OSK given") && none.getMessage().contains("osk=host"), none.getMessage());
    }

    @Test
    void hostOnThisMachineIsRefusedAsNotApple() {
        // the build machines are not Macs: whatever DMI and /dev/port they have, the answer is no
        ConfigException e = refused(onThisHost(), config("osk", "host"));
        assertTrue(e.getMessage().contains("osk=host") && e.getMessage().contains("not an Apple machine"), e.getMessage());
    }

    @Test
    void hostWithAnotherVendorIsRefused() throws Exception {
        Path vendor = Files.writeString(dir.resolve("sys_vendor"), "QEMU\n");
        HostOsk host = new HostOsk(vendor, dir.resolve("port"), p -> {
            throw new AssertionError("ports must not be touched on a non-Apple host");
        }, false);
        ConfigException e = refused(new OskSource(host), config("osk", "host"));
        assertTrue(e.getMessage().contains("not an Apple machine (its DMI vendor in " + vendor + " is 'QEMU')"), e.getMessage());
    }

    @Test
    void hostWithoutDmiAndWithoutAnSmcIsRefused() throws Exception {
        Path port = Files.createFile(dir.resolve("port"));
        HostOsk host = new HostOsk(dir.resolve("no-dmi"), port, p -> new PortIo() {
            @Override public int inb(int p2) { return 0xff; }
            @Override public void outb(int p2, int v) { throw new AssertionError("no writes to a port that is not an SMC"); }
        }, false);
        ConfigException e = refused(new OskSource(host), config("osk", "host"));
        assertTrue(e.getMessage().contains("no SMC answers at port 0x304"), e.getMessage());
    }

    @Test
    void hostWithoutPermissionIsRefused() throws Exception {
        Path vendor = Files.writeString(dir.resolve("sys_vendor"), "Apple Inc.\n");
        Path port = Files.createFile(dir.resolve("port"));
        HostOsk host = new HostOsk(vendor, port, p -> {
            throw new AccessDeniedException(p.toString());
        }, false);
        ConfigException e = refused(new OskSource(host), config("osk", "host"));
        assertTrue(e.getMessage().contains("run as root or with CAP_SYS_RAWIO"), e.getMessage());
    }

    @Test
    void hostAppleWithoutDevPortIsRefused() throws Exception {
        Path vendor = Files.writeString(dir.resolve("sys_vendor"), "Apple Inc.\n");
        HostOsk host = new HostOsk(vendor, dir.resolve("absent-port"), p -> {
            throw new AssertionError("no port file to open");
        }, false);
        ConfigException e = refused(new OskSource(host), config("osk", "host"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void hostWhoseSmcDoesNotAnswerIsRefused() throws Exception {
        Path vendor = Files.writeString(dir.resolve("sys_vendor"), "Apple Inc.\n");
        Path port = Files.createFile(dir.resolve("port"));
        HostOsk host = new HostOsk(vendor, port, p -> new PortIo() {
            @Override public int inb(int p2) { return 0x04; } // busy for ever
            @Override public void outb(int p2, int v) { }
        }, false);
        ConfigException e = refused(new OskSource(host), config("osk", "host"));
        assertTrue(e.getMessage().contains("reading it failed: SMC did not answer"), e.getMessage());
    }

    /**
     * The whole osk=host path with an emulated SMC standing in for the host's: DMI says Apple,
     * the "port file" is the test kit's bus, and the key comes over the real SMC protocol.
     */
    @Test
    void hostReadsTheKeyFromTheHostSmcOverItsPorts() throws Exception {
        Path vendor = Files.writeString(dir.resolve("sys_vendor"), "Apple Inc.\n");
        Path port = Files.createFile(dir.resolve("port"));
        try (DeviceTestKit hostMac = SmcKits.withPlaceholderOsk()) {
            KitPorts hostPorts = new KitPorts(hostMac);
            HostOsk host = new HostOsk(vendor, port, p -> hostPorts, false);
            AppleSmcFactory factory = new AppleSmcFactory(new OskSource(host));
            try (DeviceTestKit guest = DeviceTestKit.builder(factory).id("smc").property("osk", "host").build()) {
                KitPorts guestPorts = new KitPorts(guest);
                assertEquals(TestOsk.firstHalf(), new String(new SmcClient(guestPorts, 0x300, false).readKey("OSK0", 32),
                        StandardCharsets.US_ASCII));
                assertEquals(TestOsk.secondHalf(), new String(new SmcClient(guestPorts, 0x300, false).readKey("OSK1", 32),
                        StandardCharsets.US_ASCII));
                assertTrue(guest.device().describe().contains("from osk=host"), guest.device().describe());
            }
            assertTrue(hostPorts.takeTranscript().contains("out 304<10"), "the host SMC was asked with READ");
        }
    }

    @Test
    void theSmcClientFailsClearlyOnATimeout() {
        PortIo dead = new PortIo() {
            @Override public int inb(int p) { return 0x00; }
            @Override public void outb(int p, int v) { }
        };
        IOException e = assertThrows(IOException.class, () -> new SmcClient(dead, 0x300, false).readKey("OSK0", 32));
        assertTrue(e.getMessage().contains("SMC did not answer (key OSK0)"), e.getMessage());
    }
}
