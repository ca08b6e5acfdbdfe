package org.plugboard.firmware.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.firmware.bytes.LeWriter.read;
import static org.plugboard.firmware.bytes.LeWriter.sum;
import static org.plugboard.testkit.Iasl.assertContains;
import static org.plugboard.testkit.Iasl.squeeze;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.ResourceTemplate;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.testkit.AcpiExec;
import org.plugboard.testkit.Iasl;

/**
 * The ACPI tables parsed back (headers, checksums, pointers, the linker's commands run in Java)
 * and disassembled by iasl.
 */
class AcpiTablesTest {
    private static final long TABLES_AT = 0x07fe0000L, RSDP_AT = 0xf5a80L;

    @TempDir
    Path dir;

    /** An AppleSMC-like device that contributes a node under the ISA bridge and a table of its own. */
    private static final FirmwareContributor SMC = b -> {
        b.acpiNode(AcpiScope.ISA_BRIDGE, Aml.device("SMC",
                Aml.name("_HID", Aml.eisaId("APP0001")),
                Aml.name("_STA", Aml.integer(0x0b)),
                Aml.name("_CRS", new ResourceTemplate().io(0x300, 0x300, 1, 0x20).irqNoFlags(6).toAml())));
        b.acpiNode(AcpiScope.SYSTEM_BUS, Aml.device("TIM0", Aml.name("_HID", Aml.eisaId("PNP0103"))));
        b.acpiTable(new LeWriter().ascii("HPET", 4, ' ').u32(56).u8(1).u8(0x55).ascii("BOCHS ", 6, ' ')
                .ascii("BXPCHPET", 8, ' ').u32(1).ascii("BXPC", 4, ' ').u32(1).u32(0x8086a201L)
                .u8(0).u8(0).u8(0).u8(0).u64(0xfed00000L).u8(0).u16(0).u8(0).toArray());
    };

    private static AcpiTableSet pcTables(int cpus, FirmwareContributor... contributors) {
        return AcpiTables.build(Contributions.collect(List.of(contributors)), AcpiPlatform.pc(AcpiPlatform.Layout.ACPI2, cpus, 128 << 20, 0));
    }

    @Test
    void everyTableHasAValidChecksumAndItsOwnLength() {
        AcpiTableSet set = pcTables(2, SMC);
        byte[] t = set.tables();
        for (Map.Entry<String, Integer> e : set.offsets().entrySet()) {
            int at = e.getValue();
            String sig = new String(t, at, 4, StandardCharsets.US_ASCII);
            assertEquals(e.getKey().substring(0, 4), sig);
            int length = (int) read(t, at + 4, 4);
            if (sig.equals("FACS")) {
                assertEquals(64, length);
                assertEquals(0, at % 64, "the FACS is 64-byte aligned");
            } else {
                assertEquals(0, sum(t, at, length), sig + " checksum");
            }
        }
        assertEquals(List.of("FACS", "DSDT", "FACP", "APIC", "HPET", "WAET", "RSDT", "XSDT"), new ArrayList<>(set.offsets().keySet()));
        assertEquals(set.offsets().get("XSDT") + (int) read(t, set.offsets().get("XSDT") + 4, 4), t.length, "XSDT is last");
    }

    @Test
    void rsdpIsRevisionTwoWithBothChecksums() {
        AcpiTableSet set = pcTables(1);
        byte[] r = set.rsdp();
        assertEquals("RSD PTR ", new String(r, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(2, r[15]);
        assertEquals("BOCHS ", new String(r, 9, 6, StandardCharsets.US_ASCII));
        assertEquals(36, read(r, 20, 4));
        assertEquals(0, sum(r, 0, 20));
        assertEquals(0, sum(r, 0, 36));
        assertEquals(set.offsets().get("RSDT"), (int) read(r, 16, 4), "before loading, pointers are file offsets");
        assertEquals(set.offsets().get("XSDT"), (int) read(r, 24, 8));
    }

    @Test
    void placingTheTablesPatchesEveryPointerAndChecksum() {
        AcpiTableSet set = pcTables(4, SMC);
        Map<String, byte[]> placed = set.placeAt(TABLES_AT, RSDP_AT);
        byte[] r = placed.get(AcpiTableSet.RSDP_FILE);
        byte[] t = placed.get(AcpiTableSet.TABLES_FILE);
        assertEquals(0, sum(r, 0, 20));
        assertEquals(0, sum(r, 0, 36));
        long rsdt = read(r, 16, 4), xsdt = read(r, 24, 8);
        assertEquals(TABLES_AT + set.offsets().get("RSDT"), rsdt);
        assertEquals(TABLES_AT + set.offsets().get("XSDT"), xsdt);

        List<String> viaRsdt = describedBy(t, (int) (rsdt - TABLES_AT), 4);
        List<String> viaXsdt = describedBy(t, (int) (xsdt - TABLES_AT), 8);
        assertEquals(List.of("FACP", "APIC", "HPET", "WAET"), viaRsdt);
        assertEquals(viaRsdt, viaXsdt);
        for (String sig : List.of("DSDT", "FACP", "APIC", "HPET", "WAET", "RSDT", "XSDT")) {
            int at = set.offsets().get(sig);
            assertEquals(0, sum(t, at, (int) read(t, at + 4, 4)), sig + " checksum after patching");
        }
        int fadt = set.offsets().get("FACP");
        assertEquals(TABLES_AT + set.offsets().get("FACS"), read(t, fadt + 36, 4), "FIRMWARE_CTRL");
        assertEquals(TABLES_AT + set.offsets().get("DSDT"), read(t, fadt + 40, 4), "DSDT");
        assertEquals(TABLES_AT + set.offsets().get("DSDT"), read(t, fadt + 140, 8), "X_DSDT");
        assertEquals(0, read(t, fadt + 132, 8), "X_FIRMWARE_CTRL stays 0: the 32-bit field is used");
    }

    @Test
    void loaderFileHasQemuCommandRecordsAndParsesBack() {
        AcpiTableSet set = pcTables(1);
        byte[] loader = set.loader();
        assertEquals(0, loader.length % 128);
        // as in QEMU, allocations come first and the last one made (the RSDP's) leads
        assertEquals(1, read(loader, 0, 4), "ALLOCATE");
        assertEquals("etc/acpi/rsdp", new String(loader, 4, 13, StandardCharsets.US_ASCII));
        assertEquals(0, loader[4 + 13]);
        assertEquals(16, read(loader, 60, 4), "alignment");
        assertEquals(2, loader[64], "zone FSEG");
        assertEquals(1, read(loader, 128, 4), "ALLOCATE");
        assertEquals("etc/acpi/tables", new String(loader, 128 + 4, 15, StandardCharsets.US_ASCII));
        assertEquals(64, read(loader, 128 + 60, 4));
        assertEquals(1, loader[128 + 64], "zone HIGH");
        BiosLinker parsed = BiosLinker.parse(java.util.Arrays.copyOf(loader, 4096));
        assertEquals(set.linker().commands(), parsed.commands(), "zero padding parses as nothing");
        assertEquals(new BiosLinker.Allocate(AcpiTableSet.RSDP_FILE, 16, BiosLinker.Zone.FSEG), parsed.commands().get(0));
        // every pointer precedes the checksum of the table it sits in
        List<BiosLinker.Command> cmds = parsed.commands();
        for (int i = 0; i < cmds.size(); i++) {
            if (cmds.get(i) instanceof BiosLinker.AddPointer p) {
                boolean checksumLater = false;
                for (int j = i + 1; j < cmds.size(); j++) {
                    if (cmds.get(j) instanceof BiosLinker.AddChecksum k && k.file().equals(p.destFile())
                            && p.offset() >= k.start() && p.offset() < k.start() + k.length()) checksumLater = true;
                }
                assertTrue(checksumLater, "pointer " + p + " is covered by a later checksum");
            }
        }
        assertInstanceOf(BiosLinker.AddChecksum.class, cmds.get(cmds.size() - 1), "the RSDP's extended checksum comes last");
    }

    @Test
    void fadtCarriesThePiix4PmBlocksAsQemuSetsThem() {
        AcpiTableSet set = pcTables(1);
        byte[] t = set.tables();
        int f = set.offsets().get("FACP");
        assertEquals(244, read(t, f + 4, 4));
        assertEquals(3, t[f + 8]);
        assertEquals(9, read(t, f + 46, 2), "SCI");
        assertEquals(0xb2, read(t, f + 48, 4));
        assertEquals(0x600, read(t, f + 56, 4));
        assertEquals(0x604, read(t, f + 64, 4));
        assertEquals(0x608, read(t, f + 76, 4));
        assertEquals(0xafe0, read(t, f + 80, 4));
        assertEquals(0x80a5, read(t, f + 112, 4), "flags");
        assertEquals(0x608, read(t, f + 208 + 4, 8), "X_PM_TMR_BLK address");
        assertEquals(32, t[f + 208 + 1], "X_PM_TMR_BLK is 32 bits wide");
    }

    @Test
    void madtListsOneLapicPerCpuTheIoapicAndTheOverrides() {
        AcpiTableSet set = pcTables(3);
        byte[] t = set.tables();
        int m = set.offsets().get("APIC");
        assertEquals(0xfee00000L, read(t, m + 36, 4));
        assertEquals(1, read(t, m + 40, 4), "PC-AT compatible");
        List<String> entries = new ArrayList<>();
        int end = m + (int) read(t, m + 4, 4);
        for (int at = m + 44; at < end; at += t[at + 1]) {
            switch (t[at]) {
                case 0 -> entries.add("lapic " + t[at + 2] + "/" + t[at + 3] + " flags " + read(t, at + 4, 4));
                case 1 -> entries.add(String.format("ioapic %d @%x gsi %d", t[at + 2], read(t, at + 4, 4), read(t, at + 8, 4)));
                case 2 -> entries.add(String.format("iso %d->%d flags %x", t[at + 3], read(t, at + 4, 4), read(t, at + 8, 2)));
                case 4 -> entries.add(String.format("nmi cpu %x lint %d", t[at + 2] & 0xff, t[at + 5]));
                default -> entries.add("unknown " + t[at]);
            }
        }
        assertEquals(List.of("lapic 0/0 flags 1", "lapic 1/1 flags 1", "lapic 2/2 flags 1", "ioapic 0 @fec00000 gsi 0",
                "iso 0->2 flags 0", "iso 5->5 flags d", "iso 9->9 flags d", "iso 10->10 flags d", "iso 11->11 flags d",
                "nmi cpu ff lint 1"), entries);
    }

    @Test
    void iaslDisassemblesEachTable() throws Exception {
        AcpiTableSet set = pcTables(2, SMC);
        byte[] t = set.placeAt(TABLES_AT, RSDP_AT).get(AcpiTableSet.TABLES_FILE);

        String facp = Iasl.disassemble(dir, "facp", table(t, set, "FACP"));
        assertContains(facp, "Revision : 03");
        assertContains(facp, "SCI Interrupt : 0009");
        assertContains(facp, "PM1A Event Block Address : 00000600");
        assertContains(facp, "PM1A Control Block Address : 00000604");
        assertContains(facp, "PM Timer Block Address : 00000608");
        assertContains(facp, "GPE0 Block Address : 0000AFE0");
        assertContains(facp, "8042 Present on ports 60/64 (V2) : 1");
        assertContains(facp, "Use Platform Timer (V4) : 1");
        assertContains(facp, String.format("DSDT Address : %08X", TABLES_AT + set.offsets().get("DSDT")));
        assertNoIaslComplaints(facp);

        String apic = Iasl.disassemble(dir, "apic", table(t, set, "APIC"));
        assertContains(apic, "Local Apic ID : 01");
        assertContains(apic, "Address : FEC00000");
        assertContains(apic, "Source : 0B");
        assertContains(apic, "Trigger Mode : 3");
        assertContains(apic, "Interrupt Input LINT : 01");
        assertNoIaslComplaints(apic);

        String dsdt = squeeze(Iasl.disassemble(dir, "dsdt", table(t, set, "DSDT")));
        assertContains(dsdt, "DefinitionBlock (\"\", \"DSDT\", 1, \"BOCHS \", \"BXPC \", 0x00000001)" /* squeezed */);
        assertContains(dsdt, "Scope (\\_SB) { Device (PCI0) { Name (_HID, EisaId (\"PNP0A03\")");
        assertContains(dsdt, "Device (S08) { Name (_ADR, 0x00010000)");
        assertContains(dsdt, "Device (RTC) { Name (_HID, EisaId (\"PNP0B00\")");
        assertContains(dsdt, "Device (KBD) { Name (_HID, EisaId (\"PNP0303\")");
        assertContains(dsdt, "Device (MOU) { Name (_HID, EisaId (\"PNP0F13\")");
        assertContains(dsdt, "Device (COM1) { Name (_HID, EisaId (\"PNP0501\")");
        assertContains(dsdt, "IO (Decode16, 0x03F8, // Range Minimum 0x03F8, // Range Maximum 0x00, // Alignment 0x08, // Length ) IRQNoFlags () {4}");
        assertContains(dsdt, "Device (SMC) { Name (_HID, EisaId (\"APP0001\")");
        assertContains(dsdt, "Device (TIM0)");
        assertContains(dsdt, "Device (CPUS) { Name (_HID, \"ACPI0010\" /* Processor Container Device */) // _HID: Hardware ID"
                + " Name (_CID, EisaId (\"PNP0A05\")");
        assertContains(dsdt, "Processor (C001, 0x01, 0x00000000, 0x00) { Name (_MAT, Buffer (0x08) // _MAT: Multiple APIC Table Entry"
                + " { 0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00");
        assertContains(dsdt, "WordBusNumber (ResourceProducer");
        assertContains(dsdt, "0x08000000, // Range Minimum 0xFEBFFFFF, // Range Maximum");
        assertContains(dsdt, "QWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, Cacheable, ReadWrite,"
                + " 0x0000000000000000, // Granularity 0x0000000100000000, // Range Minimum 0x000000017FFFFFFF, // Range Maximum");
        assertContains(dsdt, "Name (_S3, Package (0x04) // _S3_: S3 System State { One, One, Zero, Zero })");
        assertContains(dsdt, "Name (_S4, Package (0x04) // _S4_: S4 System State { 0x02, 0x02, Zero, Zero })");
        assertContains(dsdt, "Name (_S5, Package (0x04) // _S5_: S5 System State { Zero, Zero, Zero, Zero })");
        assertContains(dsdt, "Scope (\\) { OperationRegion (DBG, SystemIO, 0x0402, One) Field (DBG, ByteAcc, NoLock, Preserve)"
                + " { DBGB, 8 } Method (DBUG, 1, NotSerialized) { ToHexString (Arg0, Local0) ToBuffer (Local0, Local0)"
                + " Local1 = (SizeOf (Local0) - One) Local2 = Zero While ((Local2 < Local1)) { DBGB = DerefOf (Local0 [Local2])"
                + " Local2++ } DBGB = 0x0A } }");
        assertContains(dsdt, "Scope (_GPE) { Name (_HID, \"ACPI0006\" /* GPE Block Device */)");
        // the SMC sits inside the ISA bridge, which sits inside PCI0; the system-bus node is outside PCI0
        assertTrue(dsdt.indexOf("Device (S08)") < dsdt.indexOf("Device (SMC)"));
        assertTrue(dsdt.indexOf("Device (SMC)") < dsdt.indexOf("Device (TIM0)"));

        String xsdt = Iasl.disassemble(dir, "xsdt", table(t, set, "XSDT"));
        assertContains(xsdt, String.format("ACPI Table Address   0 : %016X", TABLES_AT + set.offsets().get("FACP")));
        assertContains(xsdt, String.format("ACPI Table Address   2 : %016X", TABLES_AT + set.offsets().get("HPET")));
        assertNoIaslComplaints(xsdt);
        String rsdt = Iasl.disassemble(dir, "rsdt", table(t, set, "RSDT"));
        assertContains(rsdt, String.format("ACPI Table Address   1 : %08X", TABLES_AT + set.offsets().get("APIC")));
        assertNoIaslComplaints(rsdt);

        // iasl does not take a bare RSDP from a file; the RSDP tests parse it back instead
        String facs = Iasl.disassemble(dir, "facs", table(t, set, "FACS"));
        assertContains(facs, "Signature : \"FACS\"");
    }

    @Test
    void acpicaLoadsTheNamespaceAndEvaluatesTheNodes() throws Exception {
        AcpiTableSet set = pcTables(2, SMC);
        byte[] t = set.placeAt(TABLES_AT, RSDP_AT).get(AcpiTableSet.TABLES_FILE);
        String log = AcpiExec.run(dir, "Evaluate \\_SB.PCI0.S08.SMC._CRS; Evaluate \\_SB.PCI0.S08.COM1._UID;"
                + " Evaluate \\_SB.PCI0._CRS; Evaluate \\_SB.CPUS.C001._MAT; Evaluate \\_S3; Evaluate \\_SB.TIM0._HID;"
                + " Evaluate \\DBUG 0x1F",
                table(t, set, "DSDT"), table(t, set, "FACP"), table(t, set, "APIC"));
        AcpiExec.assertClean(log);
        assertContains(log, "47 01 00 03 00 03 01 20 22 40 00 79 00");       // the SMC's IO and IRQ 6
        assertContains(log, "Evaluation of \\_SB.PCI0.S08.COM1._UID returned");
        assertContains(log, "00 08 01 01 01 00 00 00");                       // C001's MADT entry
        assertContains(log, "[Integer] = 0000000000000001");                  // _S3's SLP_TYP
        assertContains(log, "[Integer] = 000000000301D041");                  // EisaId ("PNP0103")
    }

    @Test
    void aContributedProcessorContainerReplacesThePlainOne() throws Exception {
        FirmwareContributor hotplug = b -> b.acpiNode(AcpiScope.SYSTEM_BUS, Aml.device("\\_SB.CPUS",
                Aml.name("_HID", Aml.string("ACPI0010")), Aml.processor("C000", 0, 0, 0, Aml.name("HOTP", Aml.one()))));
        String dsdt = squeeze(Iasl.disassemble(dir, "dsdt-cpus", table(pcTables(1, hotplug).tables(), pcTables(1, hotplug), "DSDT")));
        assertContains(dsdt, "Device (\\_SB.CPUS) { Name (_HID, \"ACPI0010\" /* Processor Container Device */) // _HID: Hardware ID"
                + " Processor (C000, 0x00, 0x00000000, 0x00) { Name (HOTP, One) } }");
        assertFalse(dsdt.contains("Device (CPUS)"), "no second container:\n" + dsdt);
        assertFalse(Dsdt.declaresDevice(Aml.device("\\_SB.CPUX"), Dsdt.PROCESSOR_CONTAINER));
        assertTrue(Dsdt.declaresDevice(Aml.device("\\_SB.CPUS", new byte[100]), Dsdt.PROCESSOR_CONTAINER), "two-byte PkgLength");
    }

    @Test
    void twoHundredCpusNeedLongPackageLengthsThatIaslStillReads() throws Exception {
        AcpiTableSet set = pcTables(200);
        byte[] t = set.tables();
        int madt = set.offsets().get("APIC");
        assertEquals(44 + 200 * 8 + 12 + 10 * 5 + 6, read(t, madt + 4, 4), "200 local APICs, IOAPIC, 5 overrides, NMI");
        String dsdt = squeeze(Iasl.disassemble(dir, "dsdt-200", table(t, set, "DSDT")));
        assertContains(dsdt, "Processor (C000, 0x00, 0x00000000, 0x00)");
        assertContains(dsdt, "Processor (C0C7, 0xC7, 0x00000000, 0x00) { Name (_MAT, Buffer (0x08) // _MAT: Multiple APIC Table Entry"
                + " { 0x00, 0x08, 0xC7, 0xC7, 0x01, 0x00, 0x00, 0x00");
        assertContains(dsdt, "Device (S08)");
        assertFalse(dsdt.contains("Processor (C0C8"));
    }

    @Test
    void aTableContributedWithABadChecksumIsFixed() {
        AcpiTableSet set = pcTables(1, SMC);
        int hpet = set.offsets().get("HPET");
        byte[] t = set.tables();
        assertEquals(0, sum(t, hpet, 56));
        assertEquals(0x8086a201L, read(t, hpet + 36, 4), "the content is untouched");
    }

    @Test
    void withoutSerialPortsTheDsdtHasNoComNode() throws Exception {
        AcpiTableSet set = AcpiTables.build(Contributions.none(),
                AcpiPlatform.pc(AcpiPlatform.Layout.ACPI2, 1, 64 << 20, 0).withIsaDevices(List.of(new IsaDevice.Rtc())));
        String dsdt = Iasl.disassemble(dir, "dsdt-bare", table(set.tables(), set, "DSDT"));
        assertFalse(dsdt.contains("COM1"));
        assertFalse(dsdt.contains("KBD"));
        assertContains(dsdt, "Device (RTC)");
    }

    private static byte[] table(byte[] tables, AcpiTableSet set, String signature) {
        int at = set.offsets().get(signature);
        return Arrays.copyOfRange(tables, at, at + (int) read(tables, at + 4, 4));
    }

    private static List<String> describedBy(byte[] t, int root, int entrySize) {
        List<String> sigs = new ArrayList<>();
        int n = ((int) read(t, root + 4, 4) - 36) / entrySize;
        for (int i = 0; i < n; i++) {
            int target = (int) (read(t, root + 36 + i * entrySize, entrySize) - TABLES_AT);
            sigs.add(new String(t, target, 4, StandardCharsets.US_ASCII));
        }
        return sigs;
    }

    // iasl notes a wrong checksum or length inline in the disassembly
    private static void assertNoIaslComplaints(String dsl) {
        assertFalse(dsl.contains("Incorrect checksum"), dsl);
        assertFalse(dsl.toLowerCase().contains("invalid"), dsl);
    }
}
