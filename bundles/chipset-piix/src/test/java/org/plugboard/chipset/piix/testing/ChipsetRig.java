package org.plugboard.chipset.piix.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.api.pci.PciHost;
import org.plugboard.chipset.piix.host.I440fxFactory;
import org.plugboard.chipset.piix.ide.Piix3IdeFactory;
import org.plugboard.chipset.piix.isa.Piix3Factory;
import org.plugboard.chipset.piix.pm.Piix4PmFactory;
import org.plugboard.firmware.acpi.AcpiPlatform;
import org.plugboard.firmware.acpi.AcpiTableSet;
import org.plugboard.firmware.acpi.AcpiTables;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.machine.Platform;
import org.plugboard.api.bus.IrqLine;

/**
 * Several devices on one real platform, plugged and reset in order as a machine does (the
 * device test kit hosts one device; the chipset needs the host bridge first). The clock is
 * deterministic and moves only when a test advances it.
 */
public final class ChipsetRig implements AutoCloseable {
    public static final long RAM_SIZE = 32 << 20;

    public final Platform platform;
    private final Map<String, DeviceSlot> slots = new LinkedHashMap<>();
    private int resetRequests;
    private int shutdownStatus = -1;

    public ChipsetRig() {
        platform = new Platform(RAM_SIZE, ClockMode.DETERMINISTIC, 1, new Platform.Control() {
            @Override public int cpuCount() { return 1; }
            @Override public void requestReset() { resetRequests++; }
            @Override public void requestShutdown(int exitStatus) { shutdownStatus = exitStatus; }
            @Override public void postCode(int code) { }
            @Override public void setInterruptController(int cpu, org.plugboard.api.cpu.InterruptController c) { }
        });
        // as the machine lays out memory: RAM under everything at priority 0
        platform.memory.mapRam("ram-below-4g", "machine", 0, 0, RAM_SIZE, false, 0);
    }

    /** The i440FX PC chipset as the pc board has it: host bridge, ISA bridge, IDE, PM. */
    public static ChipsetRig pc() throws ConfigException {
        ChipsetRig rig = new ChipsetRig();
        rig.plug(new I440fxFactory(), "host").plug(new Piix3Factory(), "isa").plug(new Piix3IdeFactory(), "ide")
                .plug(new Piix4PmFactory(), "pm");
        rig.resetAll();
        return rig;
    }

    public ChipsetRig plug(DeviceFactory factory, String id, String... props) throws ConfigException {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i + 1 < props.length; i += 2) p.put(props[i], props[i + 1]);
        DeviceSlot slot = new DeviceSlot(platform, new DeviceConfig(factory.type(), id, p));
        slot.plug(FactoryHandle.of(factory));
        slots.put(id, slot);
        return this;
    }

    /** A machine reset: every device in plug order, then what they posted. */
    public void resetAll() {
        for (DeviceSlot s : slots.values()) s.reset();
        platform.clock.runDue();
    }

    public Device device(String id) { return slots.get(id).instance(); }

    /** The DSDT of QEMU 7.2's pc layout (one CPU, 128 MiB) with the nodes the named devices contribute. */
    public byte[] dsdtWith(String... deviceIds) {
        List<FirmwareContributor> contributors = new ArrayList<>();
        for (String id : deviceIds) contributors.add((FirmwareContributor) device(id));
        AcpiTableSet set = AcpiTables.build(Contributions.collect(contributors),
                AcpiPlatform.pc(AcpiPlatform.Layout.QEMU_PC, 1, 128 << 20, 0));
        byte[] t = set.tables();
        int at = set.offsets().get("DSDT");
        return Arrays.copyOfRange(t, at, at + (t[at + 4] & 0xff | (t[at + 5] & 0xff) << 8 | (t[at + 6] & 0xff) << 16));
    }

    public DeviceSlot slot(String id) { return slots.get(id); }

    public PciHost pci() { return platform.pciHost().orElseThrow(); }

    // --- ports and memory ---
    public int inb(int port) { return (int) platform.io.read(port, 1); }
    public int inw(int port) { return (int) platform.io.read(port, 2); }
    public int inl(int port) { return (int) platform.io.read(port, 4); }
    public void outb(int port, int v) { platform.io.write(port, 1, v & 0xff); }
    public void outw(int port, int v) { platform.io.write(port, 2, v & 0xffff); }
    public void outl(int port, int v) { platform.io.write(port, 4, v & 0xffffffffL); }
    public long read(long address, int size) { return platform.memory.read(address, size); }
    public void write(long address, int size, long value) { platform.memory.write(address, size, value); }

    // --- configuration cycles through mechanism #1, as a guest makes them ---

    public static int address(int bus, int device, int function, int offset) {
        return 0x80000000 | bus << 16 | device << 11 | function << 8 | (offset & 0xfc);
    }

    public int cfgRead(int device, int function, int offset, int size) {
        outl(0xcf8, address(0, device, function, offset));
        int port = 0xcfc + (offset & 3);
        return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
    }

    public void cfgWrite(int device, int function, int offset, int size, int value) {
        outl(0xcf8, address(0, device, function, offset));
        int port = 0xcfc + (offset & 3);
        if (size == 1) outb(port, value);
        else if (size == 2) outw(port, value);
        else outl(port, value);
    }

    // --- lines, time, requests ---

    /** A fabric line, to look at its level. */
    public IrqLine irq(String line) {
        return platform.interrupts.line(line);
    }

    public long now() { return platform.clock.nanos(); }

    /** Advances virtual time, firing each due timer at its own deadline. */
    public void advanceTo(long target) {
        platform.clock.runDue();
        while (platform.clock.nextDeadline() <= target) {
            platform.clock.advanceTo(platform.clock.nextDeadline());
            platform.clock.runDue();
        }
        platform.clock.advanceTo(target);
        platform.clock.runDue();
    }

    public int resetRequests() { return resetRequests; }

    public int shutdownStatus() { return shutdownStatus; }

    @Override
    public void close() {
        List<DeviceSlot> reversed = new ArrayList<>(slots.values());
        java.util.Collections.reverse(reversed);
        for (DeviceSlot s : reversed) s.unplug();
    }
}
