package org.plugboard.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.MemoryWriteObserver;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.CharBackend;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.pci.PciAttachment;
import org.plugboard.api.pci.PciFunction;
import org.plugboard.api.pci.PciHost;

/**
 * The context lent to one device instance. It records everything the instance takes (mappings,
 * timers, line listeners, write observers, interrupt-controller seats, PCI slots, a provided PCI
 * host) so that {@link #release()} leaves the machine as if the instance had never been there,
 * except for the IRQ lines, which belong to the machine.
 */
final class SlotContext implements DeviceContext {
    private final String id;
    private final Platform platform;
    private final List<Mapping> mappings = new ArrayList<>();
    private final List<MemoryWriteObserver> observers = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private final List<InterruptFabric.Registration> registrations = new ArrayList<>();
    private final List<Integer> controllerSeats = new ArrayList<>();
    private final List<PciAttachment> attachments = new ArrayList<>();
    private final List<IrqLine> lines = new ArrayList<>();
    private final TrackingSpace io;
    private final TrackingMemory memory;
    private final VirtualClock clock;
    private final InterruptFabric fabric;
    private PciHost providedHost;

    SlotContext(String id, Platform platform) {
        this.id = id;
        this.platform = platform;
        this.io = new TrackingSpace(platform.io, mappings);
        this.memory = new TrackingMemory(platform.memory, mappings, observers);
        this.clock = new TrackingClock();
        this.fabric = new TrackingFabric();
    }

    /** Undoes everything the instance took. */
    void release() {
        for (Mapping m : mappings) m.unmap();
        mappings.clear();
        for (MemoryWriteObserver o : observers) platform.memory.removeWriteObserver(o);
        observers.clear();
        for (Timer t : timers) t.cancel();
        timers.clear();
        for (InterruptFabric.Registration r : registrations) r.remove();
        registrations.clear();
        for (int cpu : controllerSeats) platform.control().setInterruptController(cpu, null);
        controllerSeats.clear();
        for (PciAttachment a : attachments) a.detach();
        attachments.clear();
        if (providedHost != null && platform.pciHost().orElse(null) == providedHost) platform.setPciHost(null);
        providedHost = null;
    }

    /**
     * Deasserts every line the instance took: an unplugged card drives nothing. (On a swap the
     * lines keep their level instead, and the new instance re-asserts from its state.)
     */
    void dropLines() {
        for (IrqLine l : lines) l.set(false);
    }

    /** How many things the instance holds (for the swap log). */
    String holdings() {
        return mappings.size() + " regions, " + timers.size() + " timers, " + registrations.size() + " line listeners"
                + (attachments.isEmpty() ? "" : ", " + attachments.size() + " PCI functions");
    }

    @Override public String id() { return id; }
    @Override public AddressSpace io() { return io; }
    @Override public MemorySpace memory() { return memory; }
    @Override public InterruptFabric interrupts() { return fabric; }
    @Override public VirtualClock clock() { return clock; }
    @Override public Dma dma() { return platform.dma; }
    @Override public Optional<CharBackend> charBackend(String name) { return platform.charBackend(name); }

    @Override
    public Optional<PciHost> pci() {
        return platform.pciHost().map(TrackingPciHost::new);
    }

    @Override
    public void providePciHost(PciHost host) {
        if (platform.pciHost().isPresent() && platform.pciHost().get() != host)
            throw new IllegalStateException(id + ": the machine already has a PCI host");
        providedHost = host;
        platform.setPciHost(host);
    }

    @Override
    public MachineControl machine() {
        return new MachineControl() {
            @Override public int cpuCount() { return platform.control().cpuCount(); }
            @Override public long ramSize() { return platform.ram.size(); }
            @Override public long ramBelow4g() { return platform.control().ramBelow4g(platform.ram.size()); }
            @Override public void requestReset() { platform.control().requestReset(); }
            @Override public void requestShutdown(int exitStatus) { platform.control().requestShutdown(exitStatus); }
            @Override public void postCode(int code) { platform.control().postCode(code); }

            @Override public int currentCpu() { return platform.control().currentCpu(); }
            @Override public void sendInit(int cpuIndex) { platform.control().sendInit(cpuIndex); }
            @Override public void sendStartup(int cpuIndex, int vector) { platform.control().sendStartup(cpuIndex, vector); }

            @Override
            public java.util.List<org.plugboard.api.firmware.FirmwareContributor> firmwareContributors() {
                return platform.control().firmwareContributors();
            }

            @Override
            public void attachInterruptController(int cpuIndex, InterruptController controller) {
                if (cpuIndex < 0 || cpuIndex >= cpuCount())
                    throw new IllegalArgumentException(id + ": no vCPU " + cpuIndex);
                platform.control().setInterruptController(cpuIndex, controller);
                controllerSeats.add(cpuIndex);
            }
        };
    }

    private final class TrackingClock implements VirtualClock {
        @Override public long nanos() { return platform.clock.nanos(); }
        @Override public ClockMode mode() { return platform.clock.mode(); }
        @Override public void post(Runnable task) { platform.clock.post(task); }

        @Override
        public Timer newTimer(String name, Runnable callback) {
            Timer t = platform.clock.newTimer(id + "." + name, callback);
            timers.add(t);
            return t;
        }
    }

    private final class TrackingFabric implements InterruptFabric {
        @Override
        public IrqLine line(String name) {
            IrqLine l = platform.interrupts.line(name);
            if (!lines.contains(l)) lines.add(l);
            return l;
        }
        @Override public List<String> describe() { return platform.interrupts.describe(); }

        @Override
        public Registration listen(String name, IrqListener listener) {
            Registration r = platform.interrupts.listen(name, listener);
            registrations.add(r);
            return r;
        }

        @Override
        public Registration provideAcknowledge(String name, java.util.function.IntSupplier inta) {
            Registration r = platform.interrupts.provideAcknowledge(name, inta);
            registrations.add(r);
            return r;
        }

        @Override public int acknowledge(String name) { return platform.interrupts.acknowledge(name); }
    }

    private final class TrackingPciHost implements PciHost {
        private final PciHost host;

        TrackingPciHost(PciHost host) {
            this.host = host;
        }

        @Override
        public PciAttachment attach(String owner, PciFunction function, int devfn) {
            PciAttachment a = host.attach(owner, function, devfn);
            attachments.add(a);
            return a;
        }

        @Override public List<PciAttachment> attachments() { return host.attachments(); }
        @Override public int configRead(int bus, int devfn, int offset, int size) { return host.configRead(bus, devfn, offset, size); }
        @Override public void configWrite(int bus, int devfn, int offset, int size, int value) { host.configWrite(bus, devfn, offset, size, value); }
    }
}
