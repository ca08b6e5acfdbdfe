package org.plugboard.applesmc;

import org.plugboard.firmware.aml.Aml;

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
        byte[] scope = Aml.scope("\\_SB", node);
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
