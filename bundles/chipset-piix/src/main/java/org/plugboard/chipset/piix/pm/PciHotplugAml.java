package org.plugboard.chipset.piix.pm;

import static org.plugboard.firmware.aml.AmlOps.acquire;
import static org.plugboard.firmware.aml.AmlOps.and;
import static org.plugboard.firmware.aml.AmlOps.arg;
import static org.plugboard.firmware.aml.AmlOps.call;
import static org.plugboard.firmware.aml.AmlOps.derefOf;
import static org.plugboard.firmware.aml.AmlOps.ifThen;
import static org.plugboard.firmware.aml.AmlOps.index;
import static org.plugboard.firmware.aml.AmlOps.lEqual;
import static org.plugboard.firmware.aml.AmlOps.lLess;
import static org.plugboard.firmware.aml.AmlOps.lNot;
import static org.plugboard.firmware.aml.AmlOps.lOr;
import static org.plugboard.firmware.aml.AmlOps.local;
import static org.plugboard.firmware.aml.AmlOps.or;
import static org.plugboard.firmware.aml.AmlOps.ref;
import static org.plugboard.firmware.aml.AmlOps.release;
import static org.plugboard.firmware.aml.AmlOps.shiftLeft;
import static org.plugboard.firmware.aml.AmlOps.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.AmlOps;
import org.plugboard.firmware.aml.AmlRegions;
import org.plugboard.firmware.aml.AmlRegions.Access;
import org.plugboard.firmware.aml.AmlRegions.Space;
import org.plugboard.firmware.aml.AmlRegions.Unit;
import org.plugboard.firmware.aml.AmlRegions.Update;
import org.plugboard.firmware.aml.ResourceTemplate;

/**
 * The DSDT side of {@link PciHotplugBlock}, as QEMU 7.2's pc writes it (hw/acpi/pcihp.c,
 * build_acpi_pci_hotplug; hw/i386/acpi-build.c, build_append_pci_bus_devices): the register
 * fields PCIU/PCID/B0EJ/BNUM/PIDX, the lock BLCK, PCEJ (eject a slot), AIDX (a slot's
 * acpi-index) and PDSM (the PCI Firmware _DSM that reports it); a device per slot of bus 0
 * ({@code Sxx}, xx = devfn) with {@code _DSM}, and for slots 2-31, which take hot-plugged cards,
 * {@code _SUN} and {@code _EJ0}; DVNT and PCNT, which notify the slots PCIU/PCID name, run
 * from GPE 1; and the device PHPR that reserves the register ports.
 */
final class PciHotplugAml {
    /** Bus 0's selector value (QEMU's {@code BSEL} of the root bus). */
    static final int ROOT_BSEL = 0;
    static final int SLOTS = 32, FIRST_HOTPLUG_SLOT = 2;
    /** The PCI Firmware spec's _DSM for device labels (function 7: the acpi-index). */
    static final UUID DEVICE_LABELING = UUID.fromString("e5c937d0-3553-4d7a-9117-ea4d19c3434d");
    private static final int WAIT_FOREVER = 0xffff;

    private PciHotplugAml() {
    }

    static void contribute(FirmwareBuilder builder) {
        for (byte[] node : registersAndMethods()) builder.acpiNode(AcpiScope.PCI_ROOT, node);
        builder.acpiNode(AcpiScope.PCI_ROOT, resources());
        builder.acpiNode(AcpiScope.PCI_ROOT, Aml.name("BSEL", Aml.integer(ROOT_BSEL)));
        builder.acpiNode(AcpiScope.PCI_ROOT, slot(0, false));
        // the ISA bridge's own node (slot 1) is the DSDT's: it gets the slot's ASUN and _DSM
        builder.acpiNode(AcpiScope.ISA_BRIDGE, Aml.name("ASUN", Aml.integer(1)));
        builder.acpiNode(AcpiScope.ISA_BRIDGE, labelMethod());
        for (int s = FIRST_HOTPLUG_SLOT; s < SLOTS; s++) builder.acpiNode(AcpiScope.PCI_ROOT, slot(s, true));
        builder.acpiNode(AcpiScope.PCI_ROOT, notifySlots());
        builder.acpiNode(AcpiScope.PCI_ROOT, Aml.method("PCNT", 0, false,
                store(Aml.integer(ROOT_BSEL), ref("BNUM")),
                call("DVNT", ref("PCIU"), Aml.integer(1)),      // device check for inserted cards
                call("DVNT", ref("PCID"), Aml.integer(3))));    // eject request
        builder.acpiNode(AcpiScope.SYSTEM_BUS, Aml.scope("\\_GPE", gpeHandler()));
    }

    /** {@code _E01}, GPE 1's handler: the slots with events. */
    static byte[] gpeHandler() {
        return Aml.method("_E01", 0, false,
                acquire("\\_SB.PCI0.BLCK", WAIT_FOREVER), call("\\_SB.PCI0.PCNT"), release("\\_SB.PCI0.BLCK"));
    }

    static List<byte[]> registersAndMethods() {
        int port = PciHotplugBlock.PORT;
        List<byte[]> out = new ArrayList<>();
        out.add(AmlRegions.operationRegion("PCST", Space.SYSTEM_IO, port + PciHotplugBlock.UP, 8));
        out.add(AmlRegions.field("PCST", Access.DWORD, false, Update.WRITE_AS_ZEROS, Unit.named("PCIU", 32), Unit.named("PCID", 32)));
        out.add(AmlRegions.operationRegion("SEJ", Space.SYSTEM_IO, port + PciHotplugBlock.EJECT, 4));
        out.add(AmlRegions.field("SEJ", Access.DWORD, false, Update.WRITE_AS_ZEROS, Unit.named("B0EJ", 32)));
        out.add(AmlRegions.operationRegion("BNMR", Space.SYSTEM_IO, port + PciHotplugBlock.SELECT, 8));
        out.add(AmlRegions.field("BNMR", Access.DWORD, false, Update.WRITE_AS_ZEROS, Unit.named("BNUM", 32), Unit.named("PIDX", 32)));
        out.add(AmlOps.mutex("BLCK", 0));
        // PCEJ (bus, slot): eject; AIDX (bus, slot): the slot's acpi-index
        out.add(Aml.method("PCEJ", 2, false, acquire("BLCK", WAIT_FOREVER), store(arg(0), ref("BNUM")),
                store(shiftLeft(Aml.one(), arg(1)), ref("B0EJ")), release("BLCK"), Aml.returnValue(Aml.zero())));
        out.add(Aml.method("AIDX", 2, false, acquire("BLCK", WAIT_FOREVER), store(arg(0), ref("BNUM")),
                store(shiftLeft(Aml.one(), arg(1)), ref("PIDX")), store(ref("PIDX"), local(0)), release("BLCK"),
                Aml.returnValue(local(0))));
        out.add(deviceLabelDsm());
        return out;
    }

    /**
     * PDSM (uuid, revision, function, args, {bus, slot}): function 0 lists function 7 when the
     * slot has an acpi-index; function 7 returns {index, ""}.
     */
    private static byte[] deviceLabelDsm() {
        byte[] noIndex = lOr2(local(2));
        byte[] indexOf = store(call("AIDX", derefOf(index(arg(4), Aml.zero())), derefOf(index(arg(4), Aml.one()))), local(2));
        byte[] functions = ifThen(lEqual(arg(2), Aml.zero()),
                store(Aml.buffer(new byte[1]), local(0)),
                store(Aml.zero(), local(1)),
                ifThen(lNot(lEqual(arg(0), Aml.buffer(uuidBytes(DEVICE_LABELING)))), Aml.returnValue(local(0))),
                ifThen(lLess(arg(1), Aml.integer(2)), Aml.returnValue(local(0))),
                indexOf,
                ifThen(lNot(or(lEqual(local(2), Aml.zero()), lEqual(local(2), Aml.dwordConst(0xffffffffL)))),
                        or(local(1), Aml.one(), local(1)),
                        or(local(1), shiftLeft(Aml.one(), Aml.integer(7)), local(1))),
                store(local(1), index(local(0), Aml.zero())),
                Aml.returnValue(local(0)));
        byte[] label = ifThen(lEqual(arg(2), Aml.integer(7)),
                indexOf,
                store(Aml.pkgOfSize(2), local(0)),
                ifThen(lNot(noIndex), store(local(2), index(local(0), Aml.zero())),
                        store(Aml.string(""), index(local(0), Aml.one()))),
                Aml.returnValue(local(0)));
        return Aml.method("PDSM", 5, true, functions, label);
    }

    /** {@code (value == Zero) || (value == 0xFFFFFFFF)}: no acpi-index. */
    private static byte[] lOr2(byte[] value) {
        return lOr(lEqual(value, Aml.zero()), lEqual(value, Aml.dwordConst(0xffffffffL)));
    }

    /** A UUID as ToUUID lays it out: the first three fields little-endian, the rest as written. */
    static byte[] uuidBytes(UUID u) {
        long hi = u.getMostSignificantBits(), lo = u.getLeastSignificantBits();
        byte[] b = new byte[16];
        int d1 = (int) (hi >>> 32), d2 = (int) (hi >>> 16) & 0xffff, d3 = (int) hi & 0xffff;
        for (int i = 0; i < 4; i++) b[i] = (byte) (d1 >>> (8 * i));
        b[4] = (byte) d2;
        b[5] = (byte) (d2 >>> 8);
        b[6] = (byte) d3;
        b[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) (lo >>> (8 * (7 - i)));
        return b;
    }

    /** The device of a slot of bus 0, named {@code S} + devfn in hex as QEMU names it. */
    static String slotName(int slot) {
        return String.format("S%02X", slot << 3);
    }

    private static byte[] slot(int slot, boolean hotpluggable) {
        List<byte[]> body = new ArrayList<>();
        body.add(Aml.name("_ADR", Aml.integer((long) slot << 16)));
        body.add(Aml.name("ASUN", Aml.integer(slot)));
        body.add(labelMethod());
        if (hotpluggable) {
            body.add(Aml.name("_SUN", Aml.integer(slot)));
            body.add(Aml.method("_EJ0", 1, false, call("PCEJ", ref("BSEL"), ref("_SUN"))));
        }
        return Aml.device(slotName(slot), body.toArray(byte[][]::new));
    }

    /** A slot's _DSM: PDSM with the slot's bus and number. */
    private static byte[] labelMethod() {
        return Aml.method("_DSM", 4, true, store(Aml.pkg(ref("BSEL"), ref("ASUN")), local(0)),
                Aml.returnValue(call("PDSM", arg(0), arg(1), arg(2), arg(3), local(0))));
    }

    /** DVNT (slots, event): notifies each hot-plug slot whose bit is set. */
    private static byte[] notifySlots() {
        List<byte[]> body = new ArrayList<>();
        for (int s = FIRST_HOTPLUG_SLOT; s < SLOTS; s++)
            body.add(ifThen(and(arg(0), Aml.integer(1L << s)), AmlOps.notify(ref(slotName(s)), arg(1))));
        return Aml.method("DVNT", 2, false, body.toArray(byte[][]::new));
    }

    /** PHPR: the register block's ports, reserved so the OS does not hand them out. */
    private static byte[] resources() {
        return Aml.device("PHPR", Aml.name("_HID", Aml.string("PNP0A06")), Aml.name("_UID", Aml.string("PCI Hotplug resources")),
                Aml.name("_STA", Aml.integer(0x0b)),
                Aml.name("_CRS", new ResourceTemplate().io(PciHotplugBlock.PORT, PciHotplugBlock.PORT, 1, PciHotplugBlock.SIZE).toAml()));
    }
}
