package org.plugboard.testkit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.GuestRam;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.DeviceState;
import org.plugboard.machine.BufferedCharBackend;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.machine.Platform;

/**
 * Hosts one device on the real bus (the same {@link Platform} and {@link DeviceSlot} code a
 * machine uses) with a deterministic clock that moves only when the test says so.
 *
 * <pre>{@code
 * try (DeviceTestKit kit = DeviceTestKit.builder(new UartFactory()).property("iobase", "0x3f8").build()) {
 *     kit.outb(0x3f8 + 1, 0x02);           // IER: THRE interrupt
 *     assertTrue(kit.isaIrq(4).isAsserted());
 *     kit.advance(1_000_000);              // 1 ms of virtual time, timers fire in order
 * }
 * }</pre>
 */
public final class DeviceTestKit implements AutoCloseable {
    private final Platform platform;
    private DeviceSlot slot;
    private final Map<String, IrqProbe> probes = new HashMap<>();
    private final Map<String, BufferedCharBackend> backends = new LinkedHashMap<>();
    private final InterruptController[] controllers;
    private int resetRequests;
    private int shutdownStatus = -1;
    private int postCode = -1;
    private int currentCpu;
    private long below4g = -1;
    private final List<Integer> inits = new java.util.ArrayList<>();
    private final List<int[]> startups = new java.util.ArrayList<>();

    private final List<DeviceSlot> neighbours = new java.util.ArrayList<>();

    /** Another device plugged into the same platform before the one under test. */
    private record Neighbour(DeviceFactory factory, String id, Map<String, String> props) {
    }

    private DeviceTestKit(DeviceFactory factory, String id, Map<String, String> props, long ramSize, int cpus,
                          List<String> charBackends, List<Neighbour> neighbourSpecs) throws ConfigException {
        controllers = new InterruptController[cpus];
        platform = new Platform(ramSize, ClockMode.DETERMINISTIC, 1, new Platform.Control() {
            @Override public int cpuCount() { return cpus; }
            @Override public void requestReset() { resetRequests++; }
            @Override public void requestShutdown(int exitStatus) { shutdownStatus = exitStatus; }
            @Override public void postCode(int code) { postCode = code; }
            @Override public void setInterruptController(int cpu, InterruptController c) { controllers[cpu] = c; }
            @Override public int currentCpu() { return currentCpu; }
            @Override public long ramBelow4g(long ramSize) { return below4g >= 0 ? below4g : ramSize; }
            @Override public void sendInit(int cpu) { inits.add(cpu); }
            @Override public void sendStartup(int cpu, int vector) { startups.add(new int[] {cpu, vector}); }

            @Override
            public List<org.plugboard.api.firmware.FirmwareContributor> firmwareContributors() {
                List<org.plugboard.api.firmware.FirmwareContributor> out = new java.util.ArrayList<>();
                List<DeviceSlot> all = new java.util.ArrayList<>(neighbours);
                if (slot != null) all.add(slot);
                for (DeviceSlot s : all)
                    if (s.instance() instanceof org.plugboard.api.firmware.FirmwareContributor)
                        out.add((org.plugboard.api.firmware.FirmwareContributor) s.instance());
                return out;
            }
        });
        platform.memory.mapRam("ram", "testkit", 0, 0, ramSize, false, 0);
        for (String name : charBackends) {
            BufferedCharBackend b = new BufferedCharBackend(name, null);
            backends.put(name, b);
            platform.addCharBackend(name, b);
        }
        for (Neighbour n : neighbourSpecs) {
            DeviceSlot ns = new DeviceSlot(platform, new DeviceConfig(n.factory.type(), n.id, n.props, n.factory.secretProperties()));
            ns.plug(FactoryHandle.of(n.factory));
            ns.reset();
            neighbours.add(ns);
        }
        slot = new DeviceSlot(platform, new DeviceConfig(factory.type(), id, props, factory.secretProperties()));
        slot.plug(FactoryHandle.of(factory));
        slot.reset();
    }

    public static Builder builder(DeviceFactory factory) {
        return new Builder(factory);
    }

    /** Configures the kit before the device is created. */
    public static final class Builder {
        private final DeviceFactory factory;
        private String id;
        private final Map<String, String> props = new LinkedHashMap<>();
        private long ramSize = 16 << 20;
        private int cpus = 1;
        private List<String> charBackends = List.of("serial0", "serial1", "serial2", "serial3");
        private final List<Neighbour> neighbours = new java.util.ArrayList<>();

        Builder(DeviceFactory factory) {
            this.factory = factory;
        }

        public Builder id(String id) { this.id = id; return this; }

        public Builder property(String name, String value) { props.put(name, value); return this; }

        public Builder ramSize(long bytes) { this.ramSize = bytes; return this; }

        public Builder cpus(int n) { this.cpus = n; return this; }

        /** The character backends that exist (default serial0..serial3). */
        public Builder charBackends(String... names) { this.charBackends = List.of(names); return this; }

        /**
         * Plugs another device in first, on the same bus (a device that works with the one under
         * test: an interrupt controller, a firmware contributor, ...).
         */
        public Builder neighbour(DeviceFactory other, String otherId, Map<String, String> otherProps) {
            neighbours.add(new Neighbour(other, otherId, otherProps));
            return this;
        }

        public DeviceTestKit build() throws ConfigException {
            return new DeviceTestKit(factory, id != null ? id : factory.type(), props, ramSize, cpus, charBackends, neighbours);
        }
    }

    public Device device() { return slot.instance(); }

    public DeviceSlot slot() { return slot; }

    public Platform platform() { return platform; }

    // --- ports ---
    public int inb(int port) { return (int) platform.io.read(port, 1); }
    public int inw(int port) { return (int) platform.io.read(port, 2); }
    public int inl(int port) { return (int) platform.io.read(port, 4); }
    public void outb(int port, int v) { platform.io.write(port, 1, v & 0xff); }
    public void outw(int port, int v) { platform.io.write(port, 2, v & 0xffff); }
    public void outl(int port, int v) { platform.io.write(port, 4, v & 0xffffffffL); }

    // --- memory ---
    public long read(long address, int size) { return platform.memory.read(address, size); }
    public void write(long address, int size, long value) { platform.memory.write(address, size, value); }

    public AddressSpace io() { return platform.io; }
    public MemorySpace memory() { return platform.memory; }
    public GuestRam ram() { return platform.ram; }
    public Dma dma() { return platform.dma; }
    public InterruptFabric interrupts() { return platform.interrupts; }
    public org.plugboard.api.clock.VirtualClock clock() { return platform.clock; }

    // --- interrupts ---

    /** A probe on a fabric line; the same probe for the same name. */
    public IrqProbe irq(String line) {
        return probes.computeIfAbsent(line, n -> {
            IrqProbe p = new IrqProbe(platform.interrupts.line(n));
            platform.interrupts.listen(n, p);
            return p;
        });
    }

    public IrqProbe isaIrq(int n) { return irq("isa." + n); }

    /** The interrupt controller a device put in front of vCPU {@code cpu}, or null. */
    public InterruptController interruptController(int cpu) { return controllers[cpu]; }

    /** Follows a line with a listener of the test's own. */
    public void listen(String line, IrqListener listener) { platform.interrupts.listen(line, listener); }

    // --- time ---

    public long now() { return platform.clock.nanos(); }

    /** Advances virtual time by {@code nanos}, firing each due timer at its own deadline, in order. */
    public void advance(long nanos) {
        long target = now() + nanos;
        platform.clock.runDue();
        while (platform.clock.nextDeadline() <= target) {
            platform.clock.advanceTo(platform.clock.nextDeadline());
            platform.clock.runDue();
        }
        platform.clock.advanceTo(target);
        platform.clock.runDue();
    }

    /** Runs posted tasks and due timers without moving time. */
    public void settle() {
        platform.clock.runDue();
    }

    // --- serial ---

    public TestCharBackend charBackend(String name) {
        BufferedCharBackend b = backends.get(name);
        if (b == null) throw new IllegalArgumentException("no character backend " + name + " (have " + backends.keySet() + ")");
        return new TestCharBackend(b, platform.clock);
    }

    // --- machine requests ---
    public int resetRequests() { return resetRequests; }
    public int shutdownStatus() { return shutdownStatus; }
    public int postCode() { return postCode; }

    /** What the machine reports as RAM below 4 GiB (default: all of it), for devices that describe memory. */
    public void setRamBelow4g(long bytes) { this.below4g = bytes; }

    /** Makes the device see accesses as coming from vCPU {@code cpu} (per-CPU devices such as the LAPIC). */
    public void setCurrentCpu(int cpu) { this.currentCpu = cpu; }

    /** vCPUs the device sent INIT to, in order. */
    public List<Integer> initsSent() { return inits; }

    /** Start-up IPIs the device sent, as {cpu, vector} pairs, in order. */
    public List<int[]> startupsSent() { return startups; }

    // --- state and swap ---

    public DeviceState save() { return slot.instance().saveState(); }

    /**
     * Hot-swaps to an instance from {@code factory} exactly as a machine does: save, detach
     * (regions unmapped, timers cancelled, lines kept), create, realize, restore. Returns the
     * swap's account line.
     */
    public String swapTo(DeviceFactory factory) {
        return slot.swap(FactoryHandle.of(factory), null);
    }

    /** Device reset. */
    public void reset() { slot.reset(); }

    /** The instance of a neighbour plugged with {@link Builder#neighbour}. */
    public Device neighbour(String neighbourId) {
        for (DeviceSlot s : neighbours) if (s.id().equals(neighbourId)) return s.instance();
        throw new IllegalArgumentException("no neighbour " + neighbourId);
    }

    @Override
    public void close() {
        slot.unplug();
        for (DeviceSlot s : neighbours) s.unplug();
    }
}
