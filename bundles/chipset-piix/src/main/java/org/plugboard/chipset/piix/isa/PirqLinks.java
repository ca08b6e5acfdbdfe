package org.plugboard.chipset.piix.isa;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.chipset.piix.pci.IntxWiring;
import org.plugboard.firmware.acpi.AcpiPaths;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.AmlOps;
import org.plugboard.firmware.aml.AmlRegions;
import org.plugboard.firmware.aml.ResourceTemplate;

/**
 * The ACPI description of the PIIX3's PCI interrupt routing, as QEMU's pc DSDT has it
 * (hw/i386/acpi-build.c, build_piix4_pci0_int): the PIRQ route registers 0x60-0x63 as the
 * region {@code P40C} of the ISA bridge and the fields {@code PRQ0..PRQ3}; one link device per
 * PIRQ ({@code LNKA..LNKD}, PNP0C0F) whose {@code _STA}, {@code _CRS}, {@code _SRS} and {@code _DIS}
 * read and write its route register, offering IRQs 5, 10 and 11; {@code LNKS}, fixed on IRQ 9, for
 * the PM function's SCI; and the root bus's {@code _PRT} method, one entry per slot and pin, checked
 * against the board's INTx wiring (slot 1 INTA, the PM function, goes to {@code LNKS}).
 */
final class PirqLinks {
    private static final int ROUTE_REGISTERS = 0x60, SLOTS = 32, PINS = 4;
    private static final int DISABLED = 0x80;
    private static final long[] ROUTABLE_IRQS = {5, 10, 11};
    private static final int SCI_IRQ = 9, PM_SLOT = 1;
    /** _STA values: present, enabled, working (0x0b); present but disabled (0x09). */
    private static final int STA_ENABLED = 0x0b, STA_DISABLED = 0x09;

    private PirqLinks() {
    }

    static void contribute(FirmwareBuilder builder, IntxWiring wiring) {
        builder.acpiNode(AcpiScope.ISA_BRIDGE,
                AmlRegions.operationRegion("P40C", AmlRegions.Space.PCI_CONFIG, ROUTE_REGISTERS, wiring.lines().size()));
        builder.acpiNode(AcpiScope.PCI_ROOT, routingMethod(wiring));
        List<AmlRegions.Unit> fields = new ArrayList<>();
        for (int i = 0; i < wiring.lines().size(); i++) fields.add(AmlRegions.Unit.named("PRQ" + i, 8));
        builder.acpiNode(AcpiScope.SYSTEM_BUS, AmlRegions.field(AcpiPaths.ISA_BRIDGE + ".P40C", AmlRegions.Access.BYTE, false,
                AmlRegions.Update.PRESERVE, fields.toArray(AmlRegions.Unit[]::new)));
        builder.acpiNode(AcpiScope.SYSTEM_BUS, statusMethod());
        builder.acpiNode(AcpiScope.SYSTEM_BUS, currentResourcesMethod());
        for (int i = 0; i < wiring.lines().size(); i++) builder.acpiNode(AcpiScope.SYSTEM_BUS, link(i));
        builder.acpiNode(AcpiScope.SYSTEM_BUS, sciLink());
    }

    static String linkName(int pirq) {
        return "LNK" + (char) ('A' + pirq);
    }

    /**
     * {@code _PRT} as QEMU's method that builds the table when called (build_prt): entry i = slot
     * * 4 + pin is {@code {slot << 16 | 0xFFFF, pin, link, 0}} with the link chosen by (slot + pin)
     * mod 4, the pc's swizzle, which the board's wiring must be; slot 1 INTA is LNKS.
     */
    static byte[] routingMethod(IntxWiring wiring) {
        String[] links = new String[PINS];
        for (int k = 0; k < PINS; k++) links[k] = linkName(wiring.lineFor(0, 0, k));
        for (int slot = 0; slot < SLOTS; slot++)
            for (int pin = 0; pin < PINS; pin++)
                if (!linkName(wiring.lineFor(0, slot << 3, pin)).equals(links[(slot + pin) % PINS]))
                    throw new IllegalArgumentException("the _PRT method describes the pc swizzle; slot " + slot + " pin " + pin
                            + " is wired otherwise");
        byte[] table = AmlOps.local(0), entry = AmlOps.local(1), slot = AmlOps.local(2), swizzled = AmlOps.local(3), row = AmlOps.local(4);
        int sciEntry = PM_SLOT * PINS, sciSwizzle = PM_SLOT % PINS;
        List<byte[]> body = new ArrayList<>();
        body.add(AmlOps.store(AmlOps.shiftRight(entry, Aml.integer(2)), slot));
        body.add(AmlOps.store(AmlOps.and(AmlOps.add(entry, slot), Aml.integer(PINS - 1)), swizzled));
        for (int k = 0; k < PINS; k++) {
            byte[] pick = AmlOps.store(prtRow(links[k]), row);
            if (k == sciSwizzle) {
                body.add(AmlOps.ifThen(AmlOps.lEqual(swizzled, Aml.integer(k)),
                        AmlOps.ifThen(AmlOps.lEqual(entry, Aml.integer(sciEntry)), AmlOps.store(prtRow("LNKS"), row)),
                        AmlOps.orElse(pick)));
            } else {
                body.add(AmlOps.ifThen(AmlOps.lEqual(swizzled, Aml.integer(k)), pick));
            }
        }
        body.add(AmlOps.store(AmlOps.or(AmlOps.shiftLeft(slot, Aml.integer(16)), Aml.integer(0xffff)), AmlOps.index(row, Aml.zero())));
        body.add(AmlOps.store(AmlOps.and(entry, Aml.integer(PINS - 1)), AmlOps.index(row, Aml.one())));
        body.add(AmlOps.store(row, AmlOps.index(table, entry)));
        body.add(AmlOps.increment(entry));
        return Aml.method("_PRT", 0, false,
                AmlOps.store(Aml.pkgOfSize(SLOTS * PINS), table),
                AmlOps.store(Aml.zero(), entry),
                AmlOps.whileLoop(AmlOps.lLess(entry, Aml.integer(SLOTS * PINS)), body.toArray(byte[][]::new)),
                Aml.returnValue(table));
    }

    /** A _PRT row to fill in: {@code {0, 0, link, 0}}. */
    private static byte[] prtRow(String link) {
        return Aml.pkg(Aml.zero(), Aml.zero(), Aml.namePath(link), Aml.zero());
    }

    /** {@code IQST (route)}: a route register with bit 7 set is disabled. */
    private static byte[] statusMethod() {
        return Aml.method("IQST", 1, false,
                AmlOps.ifThen(AmlOps.and(Aml.integer(DISABLED), AmlOps.arg(0)), Aml.returnValue(Aml.integer(STA_DISABLED))),
                Aml.returnValue(Aml.integer(STA_ENABLED)));
    }

    /** {@code IQCR (route)}: the one IRQ a route register selects, as a resource template (none when disabled). */
    private static byte[] currentResourcesMethod() {
        return Aml.method("IQCR", 1, true,
                Aml.name("PRR0", interrupt(0)),
                AmlOps.createDWordField(AmlOps.ref("PRR0"), Aml.integer(5), "PRRI"),
                AmlOps.ifThen(AmlOps.lLess(AmlOps.arg(0), Aml.integer(DISABLED)), AmlOps.store(AmlOps.arg(0), AmlOps.ref("PRRI"))),
                Aml.returnValue(AmlOps.ref("PRR0")));
    }

    private static byte[] link(int pirq) {
        byte[] route = AmlOps.ref("PRQ" + pirq);
        return Aml.device(linkName(pirq),
                Aml.name("_HID", Aml.eisaId("PNP0C0F")),
                Aml.name("_UID", Aml.integer(pirq)),
                Aml.name("_PRS", interrupt(ROUTABLE_IRQS)),
                Aml.method("_STA", 0, false, Aml.returnValue(AmlOps.call("IQST", route))),
                Aml.method("_DIS", 0, false, AmlOps.or(route, Aml.integer(DISABLED), route)),
                Aml.method("_CRS", 0, false, Aml.returnValue(AmlOps.call("IQCR", route))),
                Aml.method("_SRS", 1, false,
                        AmlOps.createDWordField(AmlOps.arg(0), Aml.integer(5), "PRRI"),
                        AmlOps.store(AmlOps.ref("PRRI"), route)));
    }

    /** LNKS: the SCI, fixed on IRQ 9; {@code _DIS} and {@code _SRS} accept and change nothing. */
    private static byte[] sciLink() {
        return Aml.device("LNKS",
                Aml.name("_HID", Aml.eisaId("PNP0C0F")),
                Aml.name("_UID", Aml.integer(4)),
                Aml.name("_PRS", interrupt(SCI_IRQ)),
                Aml.method("_STA", 0, false, Aml.returnValue(Aml.integer(STA_ENABLED))),
                Aml.method("_DIS", 0, false),
                Aml.method("_CRS", 0, false, Aml.returnValue(AmlOps.ref("_PRS"))),
                Aml.method("_SRS", 1, false));
    }

    /** {@code Interrupt (ResourceConsumer, Level, ActiveHigh, Shared) { irqs }}. */
    private static byte[] interrupt(long... irqs) {
        return new ResourceTemplate().interrupt(ResourceTemplate.Usage.CONSUMER, false, false, true, irqs).toAml();
    }
}
