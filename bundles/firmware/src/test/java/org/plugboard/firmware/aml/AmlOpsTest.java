package org.plugboard.firmware.aml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.plugboard.firmware.aml.AmlOps.arg;
import static org.plugboard.firmware.aml.AmlOps.local;
import static org.plugboard.firmware.aml.AmlOps.ref;
import static org.plugboard.testkit.Iasl.assertContains;
import static org.plugboard.testkit.Iasl.squeeze;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.firmware.aml.AmlRegions.Access;
import org.plugboard.firmware.aml.AmlRegions.Space;
import org.plugboard.firmware.aml.AmlRegions.Unit;
import org.plugboard.firmware.aml.AmlRegions.Update;
import org.plugboard.firmware.aml.ResourceTemplate.Usage;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.testkit.AcpiExec;
import org.plugboard.testkit.Iasl;

/**
 * Method bodies, operation regions and fields: byte checks, then a PCI interrupt link device of
 * the kind a chipset contributes, read back by iasl and run by ACPICA's interpreter.
 */
class AmlOpsTest {
    @TempDir
    Path dir;

    @Test
    void operatorsStatementsAndFieldsEncodeAsSpecified() {
        assertArrayEquals(new byte[] {0x60}, local(0));
        assertArrayEquals(new byte[] {0x6e}, arg(6));
        assertThrows(IllegalArgumentException.class, () -> local(8));
        // Local0 = (Arg0 & 0x80): Store (And (Arg0, 0x80, Zero-target), Local0)
        assertArrayEquals(new byte[] {0x70, 0x7b, 0x68, 0x0a, (byte) 0x80, 0x00, 0x60},
                AmlOps.store(AmlOps.and(arg(0), Aml.integer(0x80)), local(0)));
        // If (LEqual (Local0, One)) { Return (Zero) } Else { Return (One) }
        assertArrayEquals(new byte[] {(byte) 0xa0, 6, (byte) 0x93, 0x60, 0x01, (byte) 0xa4, 0x00, (byte) 0xa1, 3, (byte) 0xa4, 0x01},
                Aml.concat(AmlOps.ifThen(AmlOps.lEqual(local(0), Aml.one()), Aml.returnValue(Aml.zero())),
                        AmlOps.orElse(Aml.returnValue(Aml.one()))));
        // OperationRegion (P40C, PCI_Config, 0x60, 0x04)
        assertArrayEquals(Aml.concat(new byte[] {0x5b, (byte) 0x80}, Aml.nameSeg("P40C"), new byte[] {2, 0x0a, 0x60, 0x0a, 0x04}),
                AmlRegions.operationRegion("P40C", Space.PCI_CONFIG, 0x60, 4));
        // Field (P40C, ByteAcc, NoLock, Preserve) { PRQ0, 8, , 8, PRQ2, 80 }
        assertArrayEquals(Aml.concat(new byte[] {0x5b, (byte) 0x81, 19}, Aml.nameSeg("P40C"), new byte[] {0x01},
                        Aml.nameSeg("PRQ0"), new byte[] {8, 0x00, 8}, Aml.nameSeg("PRQ2"), new byte[] {0x40, 0x05}),
                AmlRegions.field("P40C", Access.BYTE, false, Update.PRESERVE, Unit.named("PRQ0", 8), Unit.skip(8),
                        Unit.named("PRQ2", 80)));
        assertArrayEquals(new byte[] {0x3f}, PkgLength.encodeValue(63));
        assertArrayEquals(new byte[] {0x40, 0x04}, PkgLength.encodeValue(64));
    }

    /** QEMU's style of PIIX link device: the PIRQ route register decides status and current IRQ. */
    private static byte[] linkDevices() {
        byte[] pciRoot = Aml.device("PCI0", Aml.name("_HID", Aml.eisaId("PNP0A03")),
                AmlRegions.operationRegion("P40C", Space.PCI_CONFIG, 0x60, 4));
        byte[] field = AmlRegions.field("PCI0.P40C", Access.BYTE, false, Update.PRESERVE,
                Unit.named("PRQ0", 8), Unit.named("PRQ1", 8), Unit.named("PRQ2", 8), Unit.named("PRQ3", 8));
        byte[] iqst = Aml.method("IQST", 1, false,
                AmlOps.ifThen(AmlOps.and(Aml.integer(0x80), arg(0)), Aml.returnValue(Aml.integer(0x09))),
                Aml.returnValue(Aml.integer(0x0b)));
        byte[] link = Aml.device("LNKA",
                Aml.name("_HID", Aml.eisaId("PNP0C0F")),
                Aml.name("_UID", Aml.zero()),
                Aml.name("_PRS", new ResourceTemplate().interrupt(Usage.CONSUMER, false, false, true, 5, 10, 11).toAml()),
                Aml.method("_STA", 0, false, Aml.returnValue(AmlOps.call("IQST", ref("PRQ0")))),
                Aml.method("_DIS", 0, false, AmlOps.store(AmlOps.or(ref("PRQ0"), Aml.integer(0x80)), ref("PRQ0"))),
                Aml.method("_SRS", 1, false,
                        AmlOps.createDWordField(arg(0), Aml.integer(5), "PRRI"),
                        AmlOps.store(ref("PRRI"), ref("PRQ0"))));
        byte[] test = Aml.method("TEST", 0, true,
                AmlOps.acquire("BLCK", 0xffff),
                AmlOps.store(Aml.zero(), local(0)),
                AmlOps.whileLoop(AmlOps.lLess(local(0), Aml.integer(4)), AmlOps.increment(local(0))),
                AmlOps.store(AmlOps.add(AmlOps.shiftLeft(local(0), Aml.integer(4)), Aml.one()), local(1)),
                AmlOps.store(Aml.pkg(Aml.integer(7), Aml.integer(9)), local(2)),
                AmlOps.notify(ref("LNKA"), Aml.one()),
                AmlOps.release("BLCK"),
                AmlOps.ifThen(AmlOps.lAnd(AmlOps.lEqual(local(1), Aml.integer(0x41)),
                                AmlOps.lEqual(AmlOps.sizeOf(local(2)), Aml.integer(2))),
                        Aml.returnValue(AmlOps.derefOf(AmlOps.index(local(2), Aml.one())))),
                Aml.returnValue(Aml.ones()));
        return Aml.scope("\\_SB", pciRoot, field, AmlOps.mutex("BLCK", 0), iqst, link, test);
    }

    private static byte[] ssdt(byte[] body) {
        LeWriter t = new LeWriter().ascii("SSDT", 4, ' ').u32(0).u8(2).u8(0).ascii("PLUGBD", 6, ' ')
                .ascii("AMLOPS", 8, ' ').u32(1).ascii("PLUG", 4, ' ').u32(1).bytes(body);
        t.patch(4, t.size(), 4);
        byte[] table = t.toArray();
        LeWriter.fixChecksum(table, 0, table.length, 9);
        return table;
    }

    @Test
    void iaslReadsALinkDeviceBack() throws Exception {
        String s = squeeze(Iasl.disassemble(dir, "links", ssdt(linkDevices())));
        assertContains(s, "OperationRegion (P40C, PCI_Config, 0x60, 0x04)");
        assertContains(s, "Field (PCI0.P40C, ByteAcc, NoLock, Preserve) { PRQ0, 8, PRQ1, 8, PRQ2, 8, PRQ3, 8 }");
        assertContains(s, "Mutex (BLCK, 0x00)");
        assertContains(s, "If ((0x80 & Arg0)) { Return (0x09) } Return (0x0B)");
        assertContains(s, "Return (IQST (PRQ0))");
        assertContains(s, "PRQ0 = (PRQ0 | 0x80)");
        assertContains(s, "CreateDWordField (Arg0, 0x05, PRRI)");
        assertContains(s, "While ((Local0 < 0x04)) { Local0++ }");
        assertContains(s, "Notify (LNKA, One)");
        assertContains(s, "Return (DerefOf (Local2 [One]))");
    }

    @Test
    void acpicaRunsTheMethods() throws Exception {
        String log = AcpiExec.run(dir, "Evaluate \\_SB.TEST; Evaluate \\_SB.LNKA._STA", ssdt(linkDevices()));
        AcpiExec.assertClean(log);
        assertContains(log, "Evaluation of \\_SB.TEST returned object");
        assertContains(log, "[Integer] = 0000000000000009");   // the second package element
        assertContains(log, "Evaluation of \\_SB.LNKA._STA returned object");
    }
}
