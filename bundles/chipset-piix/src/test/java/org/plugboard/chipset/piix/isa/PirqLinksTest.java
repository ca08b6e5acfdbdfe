package org.plugboard.chipset.piix.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.testkit.Iasl.assertContains;
import static org.plugboard.testkit.Iasl.squeeze;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.chipset.piix.pci.IntxWiring;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.chipset.piix.testing.QemuDsdt;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.testkit.AcpiExec;
import org.plugboard.testkit.Iasl;

/**
 * The PIIX3 describes its PIRQ routing in the DSDT as QEMU's pc does: the DSDT built from the
 * live ISA bridge is disassembled by iasl and loaded and evaluated by ACPICA's acpiexec.
 */
class PirqLinksTest {
    @TempDir
    Path dir;
    private ChipsetRig rig;
    private byte[] dsdt;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.resetAll();
        dsdt = rig.dsdtWith("isa");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void iaslReadsTheRoutingTableAndTheLinkDevices() throws Exception {
        String asl = squeeze(Iasl.disassemble(dir, "dsdt", dsdt));
        assertContains(asl, "OperationRegion (P40C, PCI_Config, 0x60, 0x04)");
        assertContains(asl, "Field (\\_SB.PCI0.S08.P40C, ByteAcc, NoLock, Preserve) { PRQ0, 8, PRQ1, 8, PRQ2, 8, PRQ3, 8 }");
        // entry i = slot * 4 + pin; (slot + pin) mod 4 picks D, A, B, C; slot 1 INTA is the PM function's SCI
        assertContains(asl, "Method (_PRT, 0, NotSerialized) // _PRT: PCI Routing Table { Local0 = Package (0x80) {} Local1 = Zero"
                + " While ((Local1 < 0x80)) { Local2 = (Local1 >> 0x02) Local3 = ((Local1 + Local2) & 0x03)"
                + " If ((Local3 == Zero)) { Local4 = Package (0x04) { Zero, Zero, LNKD, Zero } }"
                + " If ((Local3 == One)) { If ((Local1 == 0x04)) { Local4 = Package (0x04) { Zero, Zero, LNKS, Zero } }"
                + " Else { Local4 = Package (0x04) { Zero, Zero, LNKA, Zero } } }");
        assertContains(asl, "Local4 [Zero] = ((Local2 << 0x10) | 0xFFFF) Local4 [One] = (Local1 & 0x03) Local0 [Local1] = Local4");
        for (String link : List.of("LNKA", "LNKB", "LNKC", "LNKD")) {
            assertContains(asl, "Device (" + link + ") { Name (_HID, EisaId (\"PNP0C0F\") /* PCI Interrupt Link Device */)");
        }
        assertContains(asl, "Name (_PRS, ResourceTemplate () // _PRS: Possible Resource Settings { Interrupt (ResourceConsumer, Level,"
                + " ActiveHigh, Shared, ,, ) { 0x00000005, 0x0000000A, 0x0000000B, } })");
        assertContains(asl, "Method (_DIS, 0, NotSerialized) // _DIS: Disable Device { PRQ0 |= 0x80 }");
        assertContains(asl, "Method (_SRS, 1, NotSerialized) // _SRS: Set Resource Settings { CreateDWordField (Arg0, 0x05, PRRI) PRQ2 = PRRI");
        assertContains(asl, "Method (_CRS, 0, NotSerialized) // _CRS: Current Resource Settings { Return (IQCR (PRQ3)) }");
        assertContains(asl, "Device (LNKS) { Name (_HID, EisaId (\"PNP0C0F\") /* PCI Interrupt Link Device */) // _HID: Hardware ID Name (_UID, 0x04)");
        assertContains(asl, "Method (IQST, 1, NotSerialized) { If ((0x80 & Arg0)) { Return (0x09) } Return (0x0B) }");
        assertContains(asl, "If ((Arg0 < 0x80)) { PRRI = Arg0 } Return (PRR0)");
        assertContains(asl, "Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 0x00000009, }");
        assertFalse(asl.contains("Error"), asl);
    }

    @Test
    void everyNodeButTheRouteFieldIsQemusByteForByte() throws Exception {
        Contributions isa = Contributions.collect(List.of((FirmwareContributor) rig.device("isa")));
        int nodes = 0;
        for (AcpiScope scope : AcpiScope.values()) {
            for (byte[] node : isa.acpiNodes(scope)) {
                // QEMU declares Field (PCI0.S08.P40C) from a Scope (\_SB) inside the ISA bridge
                if (node[0] == 0x5b && node[1] == (byte) 0x81) continue;
                assertTrue(QemuDsdt.contains(node), scope + " node not in QEMU's DSDT: " + HexFormat.ofDelimiter(" ").formatHex(node));
                nodes++;
            }
        }
        assertEquals(1 + 1 + 2 + 5, nodes, "P40C, _PRT, IQST/IQCR, LNKA-LNKD and LNKS");
    }

    @Test
    void theRoutingMethodOnlyDescribesThePcSwizzle() {
        IntxWiring straight = new IntxWiring() {
            @Override public List<String> lines() { return List.of("a", "b", "c", "d"); }
            @Override public int lineFor(int bus, int devfn, int pin) { return pin; }
        };
        assertThrows(IllegalArgumentException.class, () -> PirqLinks.routingMethod(straight));
    }

    @Test
    void acpicaEvaluatesTheLinksAgainstTheRouteRegisters() throws Exception {
        // acpiexec backs PCI_Config regions with zeroed memory: route 0 means IRQ 0, enabled
        // (the whole _PRT is more than acpiexec's debugger prints: iasl checks it above)
        String log = AcpiExec.run(dir, "Evaluate \\_SB.LNKA._STA; Evaluate \\_SB.LNKA._CRS;"
                + " Evaluate \\_SB.LNKA._DIS; Evaluate \\_SB.LNKA._STA; Evaluate \\_SB.LNKS._CRS", dsdt);
        AcpiExec.assertClean(log);
        assertContains(log, "89 06 00 09 01 00 00 00 00 79 00");           // LNKA: route 0, IRQ 0
        assertEquals(1, count(log, "[Integer] = 000000000000000B"), "enabled before _DIS:\n" + log);
        assertEquals(1, count(log, "[Integer] = 0000000000000009"), "disabled after it:\n" + log);
        assertContains(log, "89 06 00 09 01 09 00 00 00 79 00");           // LNKS: IRQ 9, level, shared
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
