package org.plugboard.firmware.acpi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.AmlOps;
import org.plugboard.firmware.aml.AmlRegions;
import org.plugboard.firmware.aml.ResourceTemplate;
import org.plugboard.firmware.aml.ResourceTemplate.Caching;
import org.plugboard.firmware.aml.ResourceTemplate.Usage;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * The DSDT: {@code \_SB.PCI0} (the PCI host bridge, PNP0A03) with the resources it decodes, the
 * ISA bridge {@code \_SB.PCI0.S08} (QEMU 7.2 names PCI functions by devfn: 00:01.0 is S08) holding the standard ISA devices and every node contributed
 * for {@link AcpiScope#ISA_BRIDGE}, nodes contributed for {@link AcpiScope#PCI_ROOT} inside
 * {@code PCI0}, those for {@link AcpiScope#SYSTEM_BUS} inside {@code \_SB}, and the sleep states
 * S3, S4 and S5 that QEMU's pc machine offers, the GPE block's {@code _HID} and QEMU's debug
 * method {@code \DBUG}. Revision 1 (32-bit integers), as on QEMU.
 */
final class Dsdt {

    private Dsdt() {
    }

    static byte[] build(AcpiPlatform p, Contributions c) {
        List<byte[]> isa = new ArrayList<>();
        isa.add(Aml.name("_ADR", Aml.integer(p.isaBridgeAdr())));
        for (IsaDevice d : p.isaDevices()) isa.add(d.aml());
        isa.addAll(c.acpiNodes(AcpiScope.ISA_BRIDGE));

        List<byte[]> pci = new ArrayList<>();
        pci.add(Aml.name("_HID", Aml.eisaId("PNP0A03")));
        pci.add(Aml.name("_ADR", Aml.zero()));
        pci.add(Aml.name("_UID", Aml.zero()));
        pci.add(Aml.name("_CRS", hostBridgeResources(p)));
        pci.add(Aml.device(ISA_BRIDGE_NAME, isa.toArray(byte[][]::new)));
        pci.addAll(c.acpiNodes(AcpiScope.PCI_ROOT));

        List<byte[]> sb = new ArrayList<>();
        sb.add(Aml.device("PCI0", pci.toArray(byte[][]::new)));
        List<byte[]> sbNodes = c.acpiNodes(AcpiScope.SYSTEM_BUS);
        if (sbNodes.stream().noneMatch(n -> declaresDevice(n, PROCESSOR_CONTAINER))) sb.add(processors(p));
        sb.addAll(sbNodes);

        LeWriter t = AcpiHeader.start("DSDT", 1);
        t.bytes(debugMethod());
        t.bytes(Aml.scope(AcpiPaths.SYSTEM_BUS, sb.toArray(byte[][]::new)));
        t.bytes(Aml.scope("_GPE", Aml.name("_HID", Aml.string("ACPI0006"))));  // the GPE block device
        t.bytes(Aml.scope("\\", sleepState("_S3", S3_TYPE), sleepState("_S4", S4_TYPE), sleepState("_S5", S5_TYPE)));
        return AcpiHeader.finish(t);
    }

    /** Where the processors are: a CPU hot-plug controller may contribute its own container under this path. */
    static final String PROCESSOR_CONTAINER = "\\_SB.CPUS";

    /** Whether {@code node} is {@code Device (path)} (the path spelled as the contributor wrote it). */
    static boolean declaresDevice(byte[] node, String path) {
        if (node.length < 3 || node[0] != 0x5b || node[1] != (byte) 0x82) return false;
        int at = 2 + 1 + ((node[2] & 0xff) >>> 6);  // DeviceOp, then a PkgLength of 1 + (lead byte bits 7-6) bytes
        byte[] name = Aml.namePath(path);
        return node.length >= at + name.length && Arrays.equals(node, at, at + name.length, name, 0, name.length);
    }

    /**
     * {@code \DBUG (value)}: writes a value in hex and a newline to the debug console port 0x402,
     * for AML debugging, as QEMU's DSDT has it.
     */
    private static byte[] debugMethod() {
        byte[] text = AmlOps.local(0), last = AmlOps.local(1), i = AmlOps.local(2);
        return Aml.scope("\\",
                AmlRegions.operationRegion("DBG", AmlRegions.Space.SYSTEM_IO, DEBUG_PORT, 1),
                AmlRegions.field("DBG", AmlRegions.Access.BYTE, false, AmlRegions.Update.PRESERVE, AmlRegions.Unit.named("DBGB", 8)),
                Aml.method("DBUG", 1, false,
                        AmlOps.toHexString(AmlOps.arg(0), text),
                        AmlOps.toBuffer(text, text),
                        AmlOps.subtract(AmlOps.sizeOf(text), Aml.one(), last),  // without the NUL
                        AmlOps.store(Aml.zero(), i),
                        AmlOps.whileLoop(AmlOps.lLess(i, last),
                                AmlOps.store(AmlOps.derefOf(AmlOps.index(text, i)), AmlOps.ref("DBGB")),
                                AmlOps.increment(i)),
                        AmlOps.store(Aml.integer('\n'), AmlOps.ref("DBGB"))));
    }

    /** QEMU's debug console port (SeaBIOS prints there too). */
    static final int DEBUG_PORT = 0x402;

    /**
     * The processor container {@code \_SB.CPUS} with one {@code Processor} object per CPU, named
     * and numbered as QEMU names them ({@code C000}, {@code C001}, ...), each with its MADT entry
     * as {@code _MAT}. A CPU hot-plug controller that contributes its own container (with
     * the hot-plug methods) replaces this one; without one the CPUs are simply present.
     */
    private static byte[] processors(AcpiPlatform p) {
        List<byte[]> body = new ArrayList<>();
        body.add(Aml.name("_HID", Aml.string("ACPI0010")));
        body.add(Aml.name("_CID", Aml.eisaId("PNP0A05")));
        for (int cpu = 0; cpu < p.cpus(); cpu++) {
            byte[] madtEntry = {0, 8, (byte) cpu, (byte) cpu, 1, 0, 0, 0};  // local APIC, enabled
            body.add(Aml.processor(String.format("C%03X", cpu), cpu, 0, 0, Aml.name("_MAT", Aml.buffer(madtEntry))));
        }
        return Aml.device("CPUS", body.toArray(byte[][]::new));
    }

    // the SLP_TYP values the PIIX4 PM decodes: 1 suspend to RAM, 2 suspend to disk, 0 soft-off
    /** The ISA bridge's device name under {@code \_SB.PCI0}: QEMU 7.2's {@code S} + devfn in hex. */
    static final String ISA_BRIDGE_NAME = "S08";

    /** PIIX4's SLP_TYP values for the sleep states the DSDT declares. */
    static final int S3_TYPE = 1, S4_TYPE = 2, S5_TYPE = 0;

    /**
     * QEMU's {@code etc/system-states} fw_cfg file: for S0..S5 one byte, 0x80 | SLP_TYP for a state
     * the DSDT declares, 0 otherwise (firmware such as OVMF reads it to decide on S3).
     */
    static byte[] systemStates() {
        return new byte[] {(byte) 0x80, 0, 0, (byte) (0x80 | S3_TYPE), (byte) (0x80 | S4_TYPE), (byte) (0x80 | S5_TYPE)};
    }

    private static byte[] sleepState(String name, int slpTyp) {
        return Aml.name(name, Aml.pkg(Aml.integer(slpTyp), Aml.integer(slpTyp), Aml.zero(), Aml.zero()));
    }

    /**
     * What the host bridge forwards to PCI: bus numbers 0-255, the 0xcf8 configuration ports
     * (consumed), I/O 0-0xcf7 and 0xd00-0xffff, the legacy VGA window, the 32-bit PCI hole and the
     * 64-bit window.
     */
    private static byte[] hostBridgeResources(AcpiPlatform p) {
        ResourceTemplate crs = new ResourceTemplate()
                .wordBusNumber(Usage.PRODUCER, 0x00, 0xff)
                .io(0xcf8, 0xcf8, 1, 8)
                .wordIo(Usage.PRODUCER, 0x0000, 0x0cf7)
                .wordIo(Usage.PRODUCER, 0x0d00, 0xffff)
                .dwordMemory(Usage.PRODUCER, Caching.CACHEABLE, true, 0xa0000, 0xbffff)
                .dwordMemory(Usage.PRODUCER, Caching.NON_CACHEABLE, true, p.pciHoleStart(), p.pciHoleEnd());
        if (p.pciHole64Size() > 0)
            crs.qwordMemory(Usage.PRODUCER, Caching.CACHEABLE, true, p.pciHole64Start(), p.pciHole64Start() + p.pciHole64Size() - 1);
        return crs.toAml();
    }
}
