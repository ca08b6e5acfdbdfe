package org.plugboard.chipset.piix.pm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.plugboard.testkit.Iasl.assertContains;
import static org.plugboard.testkit.Iasl.squeeze;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.chipset.piix.testing.QemuDsdt;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.testkit.AcpiExec;
import org.plugboard.testkit.Iasl;

/**
 * The PM function's DSDT nodes (PCI and CPU hot-plug, GPE0's reservation) are QEMU 7.2's byte for
 * byte: each occurs in {@link QemuDsdt}. iasl reads the DSDT they make with the PIIX3's, and acpiexec runs the
 * methods an OS runs.
 */
class HotplugAmlTest {
    @TempDir
    Path dir;
    private ChipsetRig rig;
    private Contributions pm;
    private byte[] dsdt;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.resetAll();
        pm = Contributions.collect(List.of((FirmwareContributor) rig.device("pm")));
        dsdt = rig.dsdtWith("isa", "pm");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void everyNodeIsQemusByteForByte() throws IOException {
        int nodes = 0;
        for (AcpiScope scope : AcpiScope.values()) {
            for (byte[] node : pm.acpiNodes(scope)) {
                // QEMU writes GPE 1's handler inside Scope (_GPE) at the top level
                byte[] expected = Arrays.equals(node, Aml.scope("\\_GPE", PciHotplugAml.gpeHandler())) ? PciHotplugAml.gpeHandler() : node;
                if (!QemuDsdt.contains(expected)) fail(scope + " node not in QEMU's DSDT: " + HexFormat.ofDelimiter(" ").formatHex(node));
                nodes++;
            }
        }
        assertEquals(1 + 10 + 1 + 1 + 1 + 2 + 30 + 2 + 1 + 3, nodes, "GPE0, registers and methods, PHPR, BSEL, S00, S08's two, "
                + "S10-SF8, DVNT/PCNT, _E01, PRES/CPUS/_E02");
    }

    @Test
    void iaslReadsTheHotplugNodes() throws Exception {
        String asl = squeeze(Iasl.disassemble(dir, "dsdt", dsdt));
        assertContains(asl, "OperationRegion (PCST, SystemIO, 0xAE00, 0x08)");
        assertContains(asl, "Device (SF8) { Name (_ADR, 0x001F0000) // _ADR: Address Name (ASUN, 0x1F)");
        assertContains(asl, "Method (_EJ0, 1, NotSerialized) // _EJx: Eject Device, x=0-9 { PCEJ (BSEL, _SUN) }");
        assertContains(asl, "Method (PCNT, 0, NotSerialized) { BNUM = Zero DVNT (PCIU, One) DVNT (PCID, 0x03) }");
        assertContains(asl, "Device (\\_SB.PCI0.PRES) { Name (_HID, EisaId (\"PNP0A06\")");
        assertContains(asl, "Processor (C000, 0x00, 0x00000000, 0x00) { Method (_STA, 0, Serialized) // _STA: Status { Return (CSTA (Zero)) }");
        assertContains(asl, "Method (\\_GPE._E02, 0, NotSerialized) // _Exx: Edge-Triggered GPE, xx=0x00-0xFF { \\_SB.CPUS.CSCN () }");
        assertTrue(asl.indexOf("Device (CPUS)") < 0, "the PM's processor container replaces the plain one");
        assertTrue(!asl.contains("Error"), asl);
    }

    @Test
    void acpicaRunsTheHotplugMethods() throws Exception {
        // acpiexec backs SystemIO with memory it zeroes: no CPU reads as enabled there, no slot has events
        String log = AcpiExec.run(dir, "Evaluate \\_SB.CPUS.C000._STA; Evaluate \\_SB.CPUS.CSCN; Evaluate \\_GPE._E02;"
                + " Evaluate \\_SB.PCI0.PCNT; Evaluate \\_GPE._E01; Evaluate \\_SB.PCI0.S18._EJ0 1;"
                + " Evaluate \\_SB.PCI0.AIDX 0 3; Evaluate \\_SB.CPUS.COST 0 1 2 3", dsdt);
        AcpiExec.assertClean(log);
        assertContains(log, "Evaluating \\_SB.CPUS.C000._STA");
        assertContains(log, "Evaluation of \\_SB.PCI0.AIDX returned object");
        assertContains(log, "[Integer] = 0000000000000008");  // PIDX reads back the slot bit acpiexec stored
    }
}
