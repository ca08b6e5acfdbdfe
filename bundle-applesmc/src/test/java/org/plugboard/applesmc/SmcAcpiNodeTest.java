package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMC's ACPI node, checked byte by byte for the encodings and as a whole by disassembling it
 * with iasl (Debian's acpica-tools), wrapped in a minimal SSDT under {@code \_SB}.
 */
class SmcAcpiNodeTest {
    @TempDir
    Path dir;

    @Test
    void eisaIdIsCompressedAndByteSwapped() {
        // PNP0A03 is the well-known 0x030AD041
        assertArrayEquals(new byte[] {0x0c, 0x41, (byte) 0xd0, 0x0a, 0x03}, Aml.eisaId("PNP0A03"));
    }

    @Test
    void integersUseTheShortestEncoding() {
        assertArrayEquals(new byte[] {0x00}, Aml.integer(0));
        assertArrayEquals(new byte[] {0x01}, Aml.integer(1));
        assertArrayEquals(new byte[] {0x0a, 0x0b}, Aml.integer(0x0b));
        assertArrayEquals(new byte[] {0x0b, 0x00, 0x03}, Aml.integer(0x300));
        assertArrayEquals(new byte[] {0x0c, 0x78, 0x56, 0x34, 0x12}, Aml.integer(0x12345678));
    }

    @Test
    void pkgLengthCountsItsOwnBytes() {
        assertArrayEquals(new byte[] {0x3f}, Aml.pkgLength(62));
        // 63 content bytes need a 2-byte PkgLength: total 65 = 0x41 → lead 0x41, then 0x04
        assertArrayEquals(new byte[] {0x41, 0x04}, Aml.pkgLength(63));
        // 5000 content bytes: total 5003 = 0x138b → lead 0x8b (two more bytes), then 0x38, 0x01
        assertArrayEquals(new byte[] {(byte) 0x8b, 0x38, 0x01}, Aml.pkgLength(5000));
    }

    @Test
    void resourceTemplateEndsWithAChecksumThatZeroesTheSum() {
        byte[] buffer = AcpiResources.template(AcpiResources.io16(0x300, 0x300, 1, 0x20), AcpiResources.irqNoFlags(6));
        // Buffer op, PkgLength, size 13, IO descriptor, IRQ descriptor, end tag + checksum
        assertEquals(0x11, buffer[0]);
        assertArrayEquals(new byte[] {0x0a, 13}, new byte[] {buffer[2], buffer[3]});
        byte[] body = java.util.Arrays.copyOfRange(buffer, 4, buffer.length);
        assertArrayEquals(new byte[] {0x47, 0x01, 0x00, 0x03, 0x00, 0x03, 0x01, 0x20, 0x22, 0x40, 0x00, 0x79},
                java.util.Arrays.copyOf(body, 12));
        int sum = 0;
        for (byte b : body) sum += b;
        assertEquals(0, sum & 0xff);
    }

    @Test
    void nameSegsArePaddedAndChecked() {
        assertArrayEquals("SMC_".getBytes(StandardCharsets.US_ASCII), Aml.nameSeg("SMC"));
        assertThrowsIllegal(() -> Aml.nameSeg("smc"));
        assertThrowsIllegal(() -> Aml.nameSeg("1ABC"));
        assertThrowsIllegal(() -> Aml.nameSeg("TOOLONG"));
    }

    @Test
    void iaslDisassemblesTheNodeAtTheDefaultBase() throws Exception {
        String dsl = disassemble(SmcAcpiNode.forIoBase(0x300));
        assertContains(dsl, "Device (SMC)");
        assertContains(dsl, "Name (_HID, EisaId (\"APP0001\"))");
        assertContains(dsl, "Name (_STA, 0x0B)");
        assertContains(dsl, "Name (_CRS, ResourceTemplate ()");
        assertContains(squeeze(dsl), "IO (Decode16, 0x0300, // Range Minimum 0x0300, // Range Maximum 0x01, // Alignment 0x20, // Length )");
        assertContains(squeeze(dsl), "IRQNoFlags () {6}");
    }

    @Test
    void iaslDisassemblesTheNodeAtAnotherBase() throws Exception {
        String dsl = squeeze(disassemble(SmcAcpiNode.forIoBase(0x1240)));
        assertContains(dsl, "IO (Decode16, 0x1240, // Range Minimum 0x1240, // Range Maximum 0x01, // Alignment 0x20, // Length )");
    }

    @Test
    void theDeviceContributesItsNodeUnderTheIsaBridge() {
        AppleSmc smc = new AppleSmc("smc", 0x300, TestOsk.osk());
        RecordingFirmwareBuilder builder = new RecordingFirmwareBuilder();
        smc.contribute(builder);
        assertEquals(1, builder.nodes.size());
        assertEquals(org.plugboard.api.firmware.FirmwareBuilder.AcpiScope.ISA_BRIDGE, builder.nodes.get(0).scope());
        assertArrayEquals(SmcAcpiNode.forIoBase(0x300), builder.nodes.get(0).aml());
    }

    /** Wraps the node in SSDT { Scope (\_SB) { node } } and returns iasl's disassembly. */
    private String disassemble(byte[] node) throws IOException, InterruptedException {
        byte[] nameString = Aml.concat(new byte[] {'\\'}, Aml.nameSeg("_SB"));
        byte[] scopeContent = Aml.concat(nameString, node);
        byte[] scope = Aml.concat(new byte[] {0x10}, Aml.pkgLength(scopeContent.length), scopeContent);
        byte[] table = Aml.concat(ssdtHeader(36 + scope.length), scope);
        int sum = 0;
        for (byte b : table) sum += b;
        table[9] = (byte) -sum;
        Path aml = dir.resolve("smc.aml");
        Files.write(aml, table);

        Process iasl;
        try {
            iasl = new ProcessBuilder("iasl", "-d", aml.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("iasl is not installed: this test needs it to disassemble the AML. Install Debian's acpica-tools "
                    + "(apt-get install -y acpica-tools). Cause: " + e.getMessage());
            throw e;
        }
        String log = new String(iasl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(iasl.waitFor(60, TimeUnit.SECONDS), "iasl did not finish");
        assertEquals(0, iasl.exitValue(), "iasl -d failed:\n" + log);
        String dsl = Files.readString(dir.resolve("smc.dsl"), StandardCharsets.UTF_8);
        assertTrue(!dsl.contains("Error") && !log.contains("Error"), "iasl reported errors:\n" + log + "\n" + dsl);
        return dsl;
    }

    private static byte[] ssdtHeader(int length) {
        byte[] h = new byte[36];
        put(h, 0, "SSDT");
        h[4] = (byte) length; h[5] = (byte) (length >> 8); h[6] = (byte) (length >> 16); h[7] = (byte) (length >> 24);
        h[8] = 2; // revision
        put(h, 10, "PLUGBD");
        put(h, 16, "APPLESMC");
        h[24] = 1; // OEM revision
        put(h, 28, "PLBD");
        h[32] = 1; // creator revision
        return h;
    }

    private static void put(byte[] b, int at, String s) {
        byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, b, at, a.length);
    }

    /** Collapses runs of whitespace so multi-line iasl output can be matched on one line. */
    private static String squeeze(String s) {
        return s.replaceAll("\\s+", " ");
    }

    private static void assertContains(String haystack, String needle) {
        assertTrue(haystack.contains(needle), "expected\n  " + needle + "\nin\n" + haystack);
    }

    private static void assertThrowsIllegal(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }
}
