package org.plugboard.chipset.piix.pm;

import static org.plugboard.firmware.aml.AmlOps.acquire;
import static org.plugboard.firmware.aml.AmlOps.arg;
import static org.plugboard.firmware.aml.AmlOps.breakLoop;
import static org.plugboard.firmware.aml.AmlOps.call;
import static org.plugboard.firmware.aml.AmlOps.debugObject;
import static org.plugboard.firmware.aml.AmlOps.derefOf;
import static org.plugboard.firmware.aml.AmlOps.ifThen;
import static org.plugboard.firmware.aml.AmlOps.increment;
import static org.plugboard.firmware.aml.AmlOps.index;
import static org.plugboard.firmware.aml.AmlOps.lAnd;
import static org.plugboard.firmware.aml.AmlOps.lEqual;
import static org.plugboard.firmware.aml.AmlOps.lLess;
import static org.plugboard.firmware.aml.AmlOps.local;
import static org.plugboard.firmware.aml.AmlOps.orElse;
import static org.plugboard.firmware.aml.AmlOps.ref;
import static org.plugboard.firmware.aml.AmlOps.release;
import static org.plugboard.firmware.aml.AmlOps.store;
import static org.plugboard.firmware.aml.AmlOps.whileLoop;

import java.util.ArrayList;
import java.util.List;
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
 * The DSDT side of {@link CpuHotplugBlock}, as QEMU 7.2's pc writes it (hw/acpi/cpu.c,
 * build_cpus_aml): {@code \_SB.PCI0.PRES} holding the modern register fields and the lock CPLK
 * (its {@code _INI} switches the block out of legacy mode), and the processor container
 * {@code \_SB.CPUS} whose processors ask CSTA for their {@code _STA} and report {@code _OST}
 * through COST; CSCN, run from GPE 2, walks the CPUs with insert or remove events.
 */
final class CpuHotplugAml {
    static final String RES = "\\_SB.PCI0.PRES";
    private static final String LOCK = RES + ".CPLK", SELECTOR = RES + ".CSEL", ENABLED = RES + ".CPEN";
    private static final String COMMAND = RES + ".CCMD", DATA = RES + ".CDAT", INSERT = RES + ".CINS", REMOVE = RES + ".CRMV";
    private static final String EJECT = RES + ".CEJ0";
    private static final int WAIT_FOREVER = 0xffff, MAX_NEW_CPUS = 255;
    private static final int DEVICE_CHECK = 1, EJECT_REQUEST = 3, STA_PRESENT = 0x0f;

    private CpuHotplugAml() {
    }

    static void contribute(FirmwareBuilder builder, int cpus) {
        builder.acpiNode(AcpiScope.SYSTEM_BUS, resources());
        builder.acpiNode(AcpiScope.SYSTEM_BUS, processors(cpus));
        builder.acpiNode(AcpiScope.SYSTEM_BUS, Aml.method("\\_GPE._E02", 0, false, call("\\_SB.CPUS.CSCN")));
    }

    private static byte[] resources() {
        int port = CpuHotplugBlock.PORT, size = CpuHotplugBlock.MODERN_SIZE;
        return Aml.device(RES,
                Aml.name("_HID", Aml.eisaId("PNP0A06")),
                Aml.name("_UID", Aml.string("CPU Hotplug resources")),
                AmlOps.mutex("CPLK", 0),
                Aml.name("_CRS", new ResourceTemplate().io(port, port, 1, size).toAml()),
                AmlRegions.operationRegion("PRST", Space.SYSTEM_IO, port, size),
                AmlRegions.field("PRST", Access.BYTE, false, Update.WRITE_AS_ZEROS,
                        Unit.skip(8 * CpuHotplugBlock.FLAGS), Unit.named("CPEN", 1), Unit.named("CINS", 1),
                        Unit.named("CRMV", 1), Unit.named("CEJ0", 1), Unit.named("CEJF", 1), Unit.skip(3), Unit.named("CCMD", 8)),
                AmlRegions.field("PRST", Access.DWORD, false, Update.PRESERVE,
                        Unit.named("CSEL", 32), Unit.skip(32), Unit.named("CDAT", 32)),
                // a write of 0 to the selector leaves legacy mode; after a reboot it selects CPU 0
                Aml.method("_INI", 0, true, store(Aml.zero(), ref("CSEL"))));
    }

    private static byte[] processors(int cpus) {
        List<byte[]> body = new ArrayList<>();
        body.add(Aml.name("_HID", Aml.string("ACPI0010")));
        body.add(Aml.name("_CID", Aml.eisaId("PNP0A05")));
        List<byte[]> notifies = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++)
            notifies.add(ifThen(lEqual(arg(0), Aml.integer(cpu)), AmlOps.notify(ref(cpuName(cpu)), arg(1))));
        body.add(Aml.method("CTFY", 2, false, notifies.toArray(byte[][]::new)));
        body.add(Aml.method("CSTA", 1, true, acquire(LOCK, WAIT_FOREVER), store(arg(0), ref(SELECTOR)),
                store(Aml.zero(), local(0)), ifThen(lEqual(ref(ENABLED), Aml.one()), store(Aml.integer(STA_PRESENT), local(0))),
                release(LOCK), Aml.returnValue(local(0))));
        body.add(Aml.method("CEJ0", 1, true, acquire(LOCK, WAIT_FOREVER), store(arg(0), ref(SELECTOR)),
                store(Aml.one(), ref(EJECT)), release(LOCK)));
        body.add(scan(cpus));
        body.add(Aml.method("COST", 4, true, acquire(LOCK, WAIT_FOREVER), store(arg(0), ref(SELECTOR)),
                store(Aml.one(), ref(COMMAND)), store(arg(1), ref(DATA)),
                store(Aml.integer(2), ref(COMMAND)), store(arg(2), ref(DATA)), release(LOCK)));
        for (int cpu = 0; cpu < cpus; cpu++) {
            byte[] madtEntry = {0, 8, (byte) cpu, (byte) cpu, 1, 0, 0, 0};  // local APIC, enabled
            body.add(Aml.processor(cpuName(cpu), cpu, 0, 0,
                    Aml.method("_STA", 0, true, Aml.returnValue(call("CSTA", Aml.integer(cpu)))),
                    Aml.name("_MAT", Aml.buffer(madtEntry)),
                    Aml.method("_OST", 3, true, call("COST", Aml.integer(cpu), arg(0), arg(1), arg(2)))));
        }
        return Aml.device("\\_SB.CPUS", body.toArray(byte[][]::new));
    }

    /**
     * CSCN: command 0 moves the selector to the next CPU with an event (CDAT reads it back);
     * inserted CPUs are collected and then notified with a device check, a removed one at once
     * with an eject request, each event cleared as it is handled.
     */
    private static byte[] scan(int cpus) {
        byte[] hasEvent = local(0), newCount = local(1), i = local(2), cpu = local(3), again = local(4);
        byte[] walk = whileLoop(lAnd(lEqual(hasEvent, Aml.one()), lLess(cpu, Aml.integer(cpus))),
                store(Aml.zero(), hasEvent),
                store(cpu, ref(SELECTOR)),
                store(Aml.integer(CpuHotplugBlock.CMD_NEXT_WITH_EVENT), ref(COMMAND)),
                ifThen(lLess(ref(DATA), cpu), breakLoop()),                              // wrapped around
                ifThen(lEqual(newCount, Aml.integer(MAX_NEW_CPUS)), store(Aml.one(), again), breakLoop()),
                store(ref(DATA), cpu),
                ifThen(lEqual(ref(INSERT), Aml.one()),
                        store(cpu, index(ref("CNEW"), newCount)), increment(newCount), store(Aml.one(), hasEvent)),
                orElse(ifThen(lEqual(ref(REMOVE), Aml.one()),
                        call("CTFY", cpu, Aml.integer(EJECT_REQUEST)), store(Aml.one(), ref(REMOVE)), store(Aml.one(), hasEvent))),
                increment(cpu));
        byte[] notifyNew = whileLoop(lLess(i, newCount),
                store(derefOf(index(ref("CNEW"), i)), cpu),
                call("CTFY", cpu, Aml.integer(DEVICE_CHECK)),
                store(cpu, debugObject()),
                store(cpu, ref(SELECTOR)),
                store(Aml.one(), ref(INSERT)),
                increment(i));
        return Aml.method("CSCN", 0, true, acquire(LOCK, WAIT_FOREVER),
                Aml.name("CNEW", Aml.pkgOfSize(MAX_NEW_CPUS)),
                store(Aml.zero(), cpu), store(Aml.one(), again),
                whileLoop(lEqual(again, Aml.one()), store(Aml.zero(), again), store(Aml.one(), hasEvent), store(Aml.zero(), newCount),
                        walk, store(Aml.zero(), i), notifyNew),
                release(LOCK));
    }

    /** QEMU's processor names: {@code C} and the CPU index in three hex digits. */
    static String cpuName(int cpu) {
        return String.format("C%03X", cpu);
    }
}
