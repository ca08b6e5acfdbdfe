package org.plugboard.machine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.plugboard.api.boot.BootContext;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.boot.PlatformSetup;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.machine.Machine;
import org.plugboard.machine.definition.MachineDefinition;
import org.plugboard.machine.definition.MachineDefinition.DeviceSpec;
import org.plugboard.machine.definition.MachineDefinition.Origin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine: its platform, its device slots and its vCPUs, run by one machine thread that
 * alternates between running vCPUs for a budget of instructions and firing due timers. Pauses,
 * resets and swaps happen between two budgets, so always at instruction boundaries.
 */
public final class MachineImpl implements Machine {
    private static final Logger LOG = LoggerFactory.getLogger(MachineImpl.class);
    /** Instructions a vCPU runs before timers are looked at again (realtime mode, or no timer armed). */
    static final long SLICE = 100_000;
    /** The shortest slice in realtime mode, however close the next timer is: bounds the cost of looking at timers. */
    static final long MIN_REALTIME_SLICE = 2_000;
    /** What SeaBIOS keeps at the top of low RAM; reserved in the boot memory map likewise. */
    static final long FIRMWARE_RESERVED = 128 << 10;

    private final String id;
    private final MachineDefinition def;
    private final MachineServices services;
    private final Platform platform;
    private final Map<String, DeviceSlot> slots = new LinkedHashMap<>();
    private final Map<String, DeviceState> carried = new HashMap<>();
    private final Map<String, BufferedCharBackend> backends = new LinkedHashMap<>();
    /** Host-side channels (serial sockets) to close with the machine. */
    private final List<java.io.Closeable> hostChannels = new ArrayList<>();
    private final InterruptController[] controllers;
    private final byte[] kernel;
    /** {@code -cpu}: the model for the engine, and the engine's options. */
    private final CpuSpec cpuSpec;
    private final List<BootContext.Module> initrds = new ArrayList<>();
    /** RAM below 4 GiB, as the board splits it. */
    private final long lowMemory;

    private final Object lock = new Object();
    private volatile State state = State.CREATED;
    private volatile Vcpu[] vcpus = new Vcpu[0];
    private volatile Thread thread;
    private volatile boolean pauseRequested, stopRequested, resetRequested, parked;
    private volatile int exitStatus = -1;
    private volatile int postCode;
    /** Index of the vCPU the machine thread is running now. */
    private volatile int currentCpu;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Guest instructions per host nanosecond, as measured (machine thread only); starts at 50 MIPS. */
    private double instructionsPerNano = 0.05;
    /** The memory map the kernel loader reports: what the platform setup returned. */
    private volatile List<BootContext.MemoryRange> bootMemoryMap = List.of();

    private MachineImpl(String id, MachineDefinition def, MachineServices services, long lowMemory) throws ConfigException {
        this.id = id;
        this.def = def;
        this.services = services;
        this.lowMemory = lowMemory;
        this.controllers = new InterruptController[def.cpus];
        this.platform = newPlatform(def);
        this.kernel = def.kernel == null ? null : readFile("-kernel", def.kernel);
        this.cpuSpec = CpuSpec.parse(def.cpuModel);
        for (String spec : def.initrds) {
            initrds.add(new BootContext.Module(spec, readFile("-initrd", MachineDefinition.initrdFile(spec))));
        }
    }

    /** Guest RAM lives on the Java heap: too little heap is a configuration error, not a dead JVM. */
    private Platform newPlatform(MachineDefinition def) throws ConfigException {
        try {
            return new Platform(def.memory, def.clock, 1L << def.icountShift, new Control());
        } catch (OutOfMemoryError e) {
            throw new ConfigException("-m " + (def.memory >>> 20) + "M: the Java heap (max " + (Runtime.getRuntime().maxMemory() >>> 20)
                    + " MiB) cannot hold that much guest RAM; start java with a larger -Xmx");
        }
    }

    /** Builds a machine from a definition: board devices, defaults, user devices, RAM, firmware. */
    public static MachineImpl build(String id, MachineDefinition def, MachineServices services) throws ConfigException {
        String boardText = services.board(def.machineType).orElseThrow(() -> new ConfigException(
                "unknown machine type '" + def.machineType + "' (known: pc, q35, none)"));
        MachineDefinition board = new MachineDefinition();
        board.applyText(boardText, true);
        def.checkFiles();
        MachineImpl m = new MachineImpl(id, def, services,
                MachineDefinition.ramBelow4g(def.memory, board.lowMemoryLimit, board.lowMemorySplit));
        try {
            m.layOutMemory();
            m.openCharBackends();
            List<DeviceSpec> specs = new ArrayList<>();
            for (DeviceSpec s : board.devices) if (s.origin() == Origin.BOARD || !def.nodefaults) specs.add(s);
            specs.addAll(def.devices);
            m.plugDevices(specs);
        } catch (ConfigException | RuntimeException e) {
            m.dispose();
            throw e;
        }
        return m;
    }

    private static byte[] readFile(String option, String path) throws ConfigException {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new ConfigException(option + " " + path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private void layOutMemory() throws ConfigException {
        long low = lowMemory;
        platform.memory.mapRam("ram-below-4g", "machine", 0, 0, low, false, 0);
        if (def.memory > low)
            platform.memory.mapRam("ram-above-4g", "machine", 1L << 32, low, def.memory - low, false, 0);
        if (def.bios != null) {
            byte[] image = readFile("-bios", def.bios);
            if (image.length == 0 || image.length % 65536 != 0 || image.length > 16 << 20)
                throw new ConfigException("-bios " + def.bios + ": size " + image.length + " is not a multiple of 64 KiB up to 16 MiB");
            // the image ends at 4 GiB, and its last 128 KiB also appear below 1 MiB, as on every PC
            platform.memory.mapRom("bios", "firmware", (1L << 32) - image.length, image, 1);
            int isa = Math.min(image.length, 128 << 10);
            platform.memory.mapRom("isa-bios", "firmware", 0x100000 - isa,
                    java.util.Arrays.copyOfRange(image, image.length - isa, image.length), 1);
        }
    }

    private void openCharBackends() throws ConfigException {
        List<String> serials = new ArrayList<>(def.serials);
        if (serials.isEmpty()) serials.add(def.nographic ? "stdio" : "buffer");
        for (int i = 0; i < serials.size(); i++) {
            String s = serials.get(i);
            String name = "serial" + i;
            BufferedCharBackend b;
            TcpSerialServer server = null;
            if (s.equals("none")) continue;
            if (s.equals("stdio")) b = new BufferedCharBackend(name, System.out);
            else if (s.startsWith("tcp:")) {
                server = TcpSerialServer.bind(s);
                hostChannels.add(server);
                b = new BufferedCharBackend(name, server);
            } else if (s.startsWith("file:")) {
                try {
                    b = new BufferedCharBackend(name, new FileOutputStream(s.substring(5)));
                } catch (IOException e) {
                    throw new ConfigException("-serial " + s + ": cannot open (" + e.getMessage() + ")");
                }
            } else b = new BufferedCharBackend(name, null);
            b.setClock(platform.clock);
            backends.put(name, b);
            platform.addCharBackend(name, b);
            if (server != null) server.serve(b);
        }
    }

    private void plugDevices(List<DeviceSpec> specs) throws ConfigException {
        Map<String, Integer> counters = new HashMap<>();
        for (DeviceSpec s : specs) {
            String devId = s.id() != null ? s.id() : s.type() + "." + counters.merge(s.type(), 1, Integer::sum);
            if (slots.containsKey(devId)) throw new ConfigException("two devices have the id '" + devId + "'");
            Map<String, String> props = new LinkedHashMap<>(def.globals.getOrDefault(s.type(), Map.of()));
            props.putAll(s.props());
            if (s.type().equals(MachineDefinition.FIRMWARE_DEVICE)) def.firmwareProperties().forEach(props::putIfAbsent);
            FactoryHandle f = services.bestFactory(s.type()).orElseThrow(() -> new ConfigException(
                    "unknown device type '" + s.type() + "' for device " + devId + ": no installed bundle provides it (known types: "
                            + String.join(", ", services.types()) + ")"));
            for (String p : props.keySet())
                if (!f.factory().properties().containsKey(p))
                    throw new ConfigException("device " + devId + " (" + s.type() + "): unknown property '" + p
                            + "' (known: " + String.join(", ", f.factory().properties().keySet()) + ")");
            DeviceSlot slot = new DeviceSlot(platform, new DeviceConfig(s.type(), devId, props, f.factory().secretProperties()));
            slot.plug(f);
            slots.put(devId, slot);
        }
        for (DeviceSlot s : slots.values()) s.reset();
    }

    // ---------------------------------------------------------------- running

    @Override
    public void start() {
        synchronized (lock) {
            if (state != State.CREATED) throw new IllegalStateException("machine " + id + " is " + state + ", not CREATED");
            CpuEngine engine = services.cpuEngine().orElseThrow(() -> new IllegalStateException(
                    "machine " + id + " cannot start: no CpuEngine service is present (the org.plugboard.cpu-x86 bundle "
                            + "is not installed or not active)"));
            Vcpu[] cpus = new Vcpu[def.cpus];
            for (int i = 0; i < cpus.length; i++) {
                try {
                    cpus[i] = engine.create(new Host(i));
                } catch (ConfigException e) {
                    throw new IllegalStateException("machine " + id + ": " + e.getMessage(), e);
                }
                InterruptController c = controllers[i];
                if (c != null) cpus[i].setInterruptController(c);
            }
            vcpus = cpus;
            wirePins();
            platform.clock.setInstructionSource(this::guestInstructions);
            platform.clock.setWakeup(this::wake);
            try {
                boot();
            } catch (ConfigException e) {
                throw new IllegalStateException("machine " + id + ": " + e.getMessage(), e);
            }
            state = State.RUNNING;
            Thread t = new Thread(this::runLoop, "plugboard-" + id);
            t.setDaemon(true);
            thread = t;
            t.start();
            LOG.info("machine {} started: {} vCPU(s) on {}, {} MiB RAM, {} clock", id, cpus.length, engine.name(),
                    def.memory >>> 20, def.clock.name().toLowerCase());
        }
    }

    private long guestInstructions() {
        Vcpu[] v = vcpus;
        long sum = 0;
        for (Vcpu c : v) sum += c.instructionsRetired();
        return v.length == 0 ? 0 : sum / v.length;
    }

    private void wirePins() {
        for (int i = 0; i < vcpus.length; i++) {
            Vcpu v = vcpus[i];
            platform.interrupts.listen("cpu" + i + ".intr", new IrqListener() {
                @Override
                public void levelChanged(IrqLine line, boolean asserted) {
                    v.setIntr(asserted);
                    if (asserted) wake();
                }

                @Override
                public String toString() { return "vcpu" + v.hashCode(); }
            });
            platform.interrupts.listen("cpu" + i + ".nmi", new IrqListener() {
                @Override
                public void levelChanged(IrqLine line, boolean asserted) {
                    if (asserted) { v.nmi(); wake(); }
                }

                @Override
                public void pulsed(IrqLine line) { v.nmi(); wake(); }
            });
            platform.interrupts.listen("cpu" + i + ".ignne", new IrqListener() {
                @Override
                public void levelChanged(IrqLine line, boolean asserted) { v.setIgnne(asserted); }
            });
        }
    }

    /** Loads the kernel (if any) into a freshly reset machine. */
    private void boot() throws ConfigException {
        if (kernel == null) {
            if (def.bios == null) LOG.warn("machine {}: no -kernel and no -bios: the CPU starts at the reset vector in empty memory", id);
            return;
        }
        if (def.bios != null) return;    // the firmware boots the kernel from fw_cfg (firmwareProperties)
        bootMemoryMap = setUpPlatform();
        KernelLoader best = null;
        int bestScore = 0;
        for (KernelLoader l : services.kernelLoaders()) {
            int s = l.probe(kernel);
            if (s > bestScore) { best = l; bestScore = s; }
        }
        if (best == null)
            throw new ConfigException("-kernel " + def.kernel + ": no kernel loader recognises this image (loaders: "
                    + services.kernelLoaders().stream().map(KernelLoader::name).toList() + ")");
        best.load(new Boot());
        LOG.info("machine {}: {} loaded {} ({} bytes)", id, best.name(), def.kernel, kernel.length);
    }

    /**
     * Without firmware, a {@link PlatformSetup} service leaves the platform as the firmware would
     * (PCI resources, interrupt controllers, tables) and says what memory map the firmware
     * reports; without such a service the kernel starts on reset-state hardware.
     */
    private List<BootContext.MemoryRange> setUpPlatform() throws ConfigException {
        List<PlatformSetup> setups = services.platformSetups();
        if (setups.isEmpty()) {
            LOG.warn("machine {}: no platform setup service (org.plugboard.firmware): the kernel starts on reset-state hardware", id);
            return baseMemoryMap();
        }
        PlatformSetup setup = setups.get(0);
        List<BootContext.MemoryRange> map = setup.prepare(new SetupTarget());
        LOG.info("machine {}: {} done", id, setup.name());
        return map;
    }

    /**
     * The map SeaBIOS reports on QEMU, so a kernel sees the same either way: the EBDA and
     * the BIOS area reserved, the top 128 KiB of low RAM reserved (where SeaBIOS keeps its
     * tables), and the 256 KiB firmware window below 4 GiB.
     */
    private List<BootContext.MemoryRange> baseMemoryMap() {
        long low = lowMemory;
        List<BootContext.MemoryRange> map = new ArrayList<>();
        map.add(new BootContext.MemoryRange(0, 0x9fc00, 1));
        map.add(new BootContext.MemoryRange(0x9fc00, 0x400, 2));
        map.add(new BootContext.MemoryRange(0xf0000, 0x10000, 2));
        if (low > 0x100000 + FIRMWARE_RESERVED) {
            map.add(new BootContext.MemoryRange(0x100000, low - 0x100000 - FIRMWARE_RESERVED, 1));
            map.add(new BootContext.MemoryRange(low - FIRMWARE_RESERVED, FIRMWARE_RESERVED, 2));
        }
        map.add(new BootContext.MemoryRange(0xfffc0000L, 0x40000, 2));
        if (def.memory > low) map.add(new BootContext.MemoryRange(1L << 32, def.memory - low, 1));
        return map;
    }

    private void runLoop() {
        platform.clock.resume();
        try {
            while (!stopRequested) {
                if (pauseRequested) { parkWhilePaused(); continue; }
                platform.clock.runDue();
                if (resetRequested) {
                    resetRequested = false;
                    if (def.noReboot) { exitStatus = 0; LOG.info("machine {}: guest reset with -no-reboot: stopping", id); break; }
                    doReset();
                    continue;
                }
                if (stopRequested || pauseRequested) continue;
                long budget = budget();
                boolean ran = false;
                Vcpu[] cpus = vcpus;
                long startNanos = System.nanoTime(), startRetired = instructionsRetired();
                for (int i = 0; i < cpus.length; i++) {
                    currentCpu = i;
                    if (cpus[i].run(budget) != Vcpu.Exit.HALTED) ran = true;
                }
                currentCpu = 0;
                measureRate(instructionsRetired() - startRetired, System.nanoTime() - startNanos);
                if (!ran) idle();
            }
        } catch (Throwable t) {
            LOG.error("machine {} stopped by an internal error", id, t);
            if (exitStatus < 0) exitStatus = 125;
        } finally {
            platform.clock.pause();
            if (exitStatus < 0) exitStatus = 0;
            state = State.STOPPED;
            for (BufferedCharBackend b : backends.values()) b.flush();
            stopped.countDown();
            synchronized (lock) { lock.notifyAll(); }
        }
    }

    private long budget() {
        long deadline = platform.clock.nextDeadline();
        if (deadline == Long.MAX_VALUE) return SLICE;
        if (platform.clock.mode() == ClockMode.REALTIME) {
            // end the slice about when the next timer is due, so that its interrupt is not late
            // (and periodic ticks are not merged) when the host runs the guest slowly: a cold JVM
            // right after a firmware-less start, a loaded machine
            double left = (deadline - platform.clock.nanos()) * instructionsPerNano / Math.max(1, vcpus.length);
            return (long) Math.max(MIN_REALTIME_SLICE, Math.min(SLICE, left));
        }
        long left = (deadline - platform.clock.nanos()) / platform.clock.nanosPerInstruction();
        return Math.max(1, Math.min(SLICE, left));
    }

    /** Updates the measured guest speed (instructions per host nanosecond) from one round of slices. */
    private void measureRate(long instructions, long nanos) {
        if (instructions < MIN_REALTIME_SLICE || nanos <= 0) return;
        instructionsPerNano = 0.75 * instructionsPerNano + 0.25 * ((double) instructions / nanos);
    }

    /** Every vCPU is halted: skip (deterministic) or sleep (realtime) to the next event. */
    private void idle() {
        long deadline = platform.clock.nextDeadline();
        if (platform.clock.hasPosted()) return;
        if (platform.clock.mode() == ClockMode.DETERMINISTIC && deadline != Long.MAX_VALUE) {
            platform.clock.advanceTo(deadline);
            return;
        }
        long wait = deadline == Long.MAX_VALUE ? 10_000_000 : Math.min(10_000_000, deadline - platform.clock.nanos());
        if (wait > 0) LockSupport.parkNanos(this, wait);
    }

    private void wake() {
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
        for (Vcpu v : vcpus) v.requestExit();
    }

    private void parkWhilePaused() {
        platform.clock.pause();
        synchronized (lock) {
            parked = true;
            // a pause asked for on this thread (a posted task, a device) is a pause too: resume() must see it
            if (state == State.RUNNING) state = State.PAUSED;
            lock.notifyAll();
            while (pauseRequested && !stopRequested) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            parked = false;
        }
        platform.clock.resume();
    }

    private void doReset() throws ConfigException {
        LOG.info("machine {}: reset", id);
        for (DeviceSlot s : slots.values()) s.reset();
        for (Vcpu v : vcpus) v.reset();
        boot();
    }

    @Override
    public void pause() {
        if (Thread.currentThread() == thread) { pauseRequested = true; return; }
        synchronized (lock) {
            if (state != State.RUNNING) return;
            pauseRequested = true;
            wake();
            while (!parked && state == State.RUNNING) {
                try {
                    lock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wake();
            }
            if (state == State.RUNNING) state = State.PAUSED;
        }
    }

    @Override
    public void resume() {
        synchronized (lock) {
            if (state != State.PAUSED) return;
            pauseRequested = false;
            state = State.RUNNING;
            lock.notifyAll();
        }
    }

    /**
     * Runs {@code op} with every vCPU stopped at an instruction boundary (or directly, when the
     * machine is not running or this is the machine thread). Returns how long the machine was paused.
     */
    public long whilePaused(Runnable op) {
        long t0 = System.nanoTime();
        if (Thread.currentThread() == thread || state != State.RUNNING) {
            synchronized (lock) { op.run(); }
            return System.nanoTime() - t0;
        }
        pause();
        try {
            synchronized (lock) { op.run(); }
        } finally {
            resume();
        }
        return System.nanoTime() - t0;
    }

    @Override
    public void reset() {
        if (state == State.CREATED || state == State.STOPPED) return;
        resetRequested = true;
        wake();
    }

    @Override
    public void stop() {
        stopRequested = true;
        synchronized (lock) { lock.notifyAll(); }
        wake();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t == null) { state = State.STOPPED; if (exitStatus < 0) exitStatus = 0; stopped.countDown(); }
    }

    /** Stops the machine and releases every device. */
    public void dispose() {
        stop();
        synchronized (lock) {
            for (DeviceSlot s : slots.values()) s.unplug();
        }
        for (java.io.Closeable c : hostChannels) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.warn("machine {}: closing a host channel: {}", id, e.getMessage());
            }
        }
    }

    @Override
    public int exitStatus() { return state == State.STOPPED ? exitStatus : -1; }

    @Override
    public int awaitStop(long timeoutMillis) throws InterruptedException {
        return stopped.await(timeoutMillis, TimeUnit.MILLISECONDS) ? exitStatus : -1;
    }

    /**
     * Feeds the host's standard input to the serial backend that writes to standard output
     * (-nographic / -serial stdio), as QEMU does. Only when nothing else (the shell) reads stdin.
     */
    public void connectStdin() {
        int index = def.serials.isEmpty() ? (def.nographic ? 0 : -1) : def.serials.indexOf("stdio");
        BufferedCharBackend b = index < 0 ? null : backends.get("serial" + index);
        if (b == null) return;
        Thread t = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                int n;
                while ((n = System.in.read(buf)) > 0) b.input(java.util.Arrays.copyOf(buf, n));
            } catch (IOException e) {
                // stdin closed: nothing more to type
            }
        }, "plugboard-stdin");
        t.setDaemon(true);
        t.start();
    }

    // ---------------------------------------------------------------- hot swap

    /** The factories for {@code type} changed: move each slot of that type to the best one. */
    public void factoriesChanged(String type) {
        for (DeviceSlot s : slotsOfType(type)) {
            FactoryHandle best = services.bestFactory(type).orElse(null);
            FactoryHandle cur = s.factory();
            if (best == null ? cur == null : cur != null && cur.serviceId() == best.serviceId() && cur.factory() == best.factory())
                continue;
            doSwap(s, best);
        }
    }

    private List<DeviceSlot> slotsOfType(String type) {
        synchronized (lock) {
            return slots.values().stream().filter(s -> s.type().equals(type)).toList();
        }
    }

    private String doSwap(DeviceSlot s, FactoryHandle to) {
        String[] result = new String[1];
        long paused = whilePaused(() -> {
            DeviceState before = s.isEmpty() ? carried.remove(s.id()) : null;
            DeviceState last = s.isEmpty() ? null : s.instance().saveState();
            result[0] = s.swap(to, before);
            if (s.isEmpty() && last != null) carried.put(s.id(), last);
        });
        String line = String.format("swap in machine %s: %s; paused %.3f ms", id, result[0], paused / 1e6);
        LOG.info(line);
        return line;
    }

    @Override
    public String swap(String deviceId, long serviceId) {
        DeviceSlot s;
        synchronized (lock) { s = slots.get(deviceId); }
        if (s == null) throw new IllegalArgumentException("machine " + id + " has no device '" + deviceId + "'");
        FactoryHandle to;
        if (serviceId < 0) to = services.bestFactory(s.type()).orElse(null);
        else to = services.factories(s.type()).stream().filter(f -> f.serviceId() == serviceId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no factory of type " + s.type() + " has service id " + serviceId));
        return doSwap(s, to);
    }

    // ---------------------------------------------------------------- inspection

    @Override public String id() { return id; }
    @Override public State state() { return state; }
    @Override public AddressSpace io() { return platform.io; }
    @Override public AddressSpace memory() { return platform.memory; }
    @Override public List<String> irqRouting() { return platform.interrupts.describe(); }
    @Override public int postCode() { return postCode; }

    public Platform platform() { return platform; }

    /** The slot of a device, for tests and tools that need the live instance. */
    public DeviceSlot slot(String deviceId) {
        synchronized (lock) { return slots.get(deviceId); }
    }

    public MachineDefinition definition() { return def; }

    @Override
    public List<DeviceSlotInfo> devices() {
        List<DeviceSlotInfo> out = new ArrayList<>();
        synchronized (lock) {
            for (DeviceSlot s : slots.values()) {
                FactoryHandle f = s.factory();
                out.add(new DeviceSlotInfo(s.id(), s.type(), s.isEmpty() ? "-" : s.instance().getClass().getName(),
                        f == null ? "-" : f.bundle(), s.isEmpty() ? "empty" : "active", s.isEmpty() ? "" : s.instance().describe()));
            }
        }
        return out;
    }

    @Override
    public DeviceState deviceState(String deviceId) {
        DeviceSlot s;
        synchronized (lock) { s = slots.get(deviceId); }
        if (s == null) throw new IllegalArgumentException("machine " + id + " has no device '" + deviceId + "'");
        if (s.isEmpty()) return carried.get(deviceId);
        DeviceState[] out = new DeviceState[1];
        whilePaused(() -> out[0] = s.instance().saveState());
        return out[0];
    }

    @Override
    public String consoleOutput(String backend) {
        BufferedCharBackend b = backends.get(backend);
        if (b == null) throw new IllegalArgumentException("machine " + id + " has no character backend '" + backend
                + "' (has: " + backends.keySet() + ")");
        return b.output();
    }

    @Override
    public void consoleInput(String backend, byte[] bytes) {
        BufferedCharBackend b = backends.get(backend);
        if (b == null) throw new IllegalArgumentException("machine " + id + " has no character backend '" + backend + "'");
        b.input(bytes);
    }

    @Override
    public long instructionsRetired() {
        long sum = 0;
        for (Vcpu v : vcpus) sum += v.instructionsRetired();
        return sum;
    }

    @Override
    public List<String> cpus() {
        List<String> out = new ArrayList<>();
        Vcpu[] v = vcpus;
        if (v.length == 0) out.add("(no vCPUs: the machine has not started)");
        for (int i = 0; i < v.length; i++) {
            Vcpu c = v[i];
            String[] d = new String[1];
            whilePaused(() -> d[0] = c.describe());
            out.add("cpu" + i + ": " + (c.halted() ? "halted" : "running") + ", " + c.instructionsRetired() + " instructions\n" + d[0]);
        }
        return out;
    }

    // ---------------------------------------------------------------- what devices and vCPUs see

    private final class Control implements Platform.Control {
        @Override public int cpuCount() { return def.cpus; }

        @Override
        public void requestReset() {
            resetRequested = true;
            wake();
        }

        @Override
        public void requestShutdown(int status) {
            exitStatus = status;
            stopRequested = true;
            LOG.info("machine {}: guest requested power-off, exit status {}", id, status);
            wake();
        }

        @Override public void postCode(int code) { postCode = code; }

        @Override public int currentCpu() { return currentCpu; }

        @Override public long ramBelow4g(long ramSize) { return lowMemory; }

        @Override
        public void sendInit(int cpuIndex) {
            Vcpu[] v = vcpus;
            if (cpuIndex >= 0 && cpuIndex < v.length) { v[cpuIndex].init(); wake(); }
        }

        @Override
        public void sendStartup(int cpuIndex, int vector) {
            Vcpu[] v = vcpus;
            if (cpuIndex >= 0 && cpuIndex < v.length) { v[cpuIndex].sipi(vector & 0xff); wake(); }
        }

        @Override
        public List<org.plugboard.api.firmware.FirmwareContributor> firmwareContributors() {
            List<org.plugboard.api.firmware.FirmwareContributor> out = new ArrayList<>();
            synchronized (lock) {
                for (DeviceSlot s : slots.values())
                    if (s.instance() instanceof org.plugboard.api.firmware.FirmwareContributor)
                        out.add((org.plugboard.api.firmware.FirmwareContributor) s.instance());
            }
            return out;
        }

        @Override
        public void setInterruptController(int cpuIndex, InterruptController c) {
            controllers[cpuIndex] = c;
            Vcpu[] v = vcpus;
            if (cpuIndex < v.length) v[cpuIndex].setInterruptController(c);
        }
    }

    private final class Host implements CpuHost {
        private final int index;

        Host(int index) {
            this.index = index;
        }

        @Override public int cpuIndex() { return index; }
        @Override public int cpuCount() { return def.cpus; }
        @Override public MemorySpace memory() { return platform.memory; }
        @Override public AddressSpace io() { return platform.io; }
        @Override public VirtualClock clock() { return platform.clock; }
        @Override public String model() { return cpuSpec.model(); }
        @Override public Map<String, String> options() { return cpuSpec.options(); }

        @Override
        public void shutdownRequested(String reason) {
            LOG.warn("machine {}: cpu{} shut down ({}): resetting", id, index, reason);
            resetRequested = true;
        }

        /** FERR# becomes the fabric line {@code cpuN.ferr}; the board decides where it goes (IRQ 13 on a PC). */
        @Override
        public void fpuError(boolean asserted) {
            platform.interrupts.line("cpu" + index + ".ferr").set(asserted);
        }
    }

    /** The machine as a platform setup sees it: its ports and memory, as a guest would. */
    private final class SetupTarget implements PlatformSetup.Target {
        @Override public AddressSpace io() { return platform.io; }
        @Override public MemorySpace memory() { return platform.memory; }
        @Override public Dma dma() { return platform.dma; }
        @Override public long ramBelow4g() { return lowMemory; }
        @Override public List<BootContext.MemoryRange> baseMemoryMap() { return MachineImpl.this.baseMemoryMap(); }

        @Override
        public List<PlatformSetup.Cpu> cpus() {
            List<PlatformSetup.Cpu> out = new ArrayList<>();
            for (int i = 0; i < vcpus.length; i++) out.add(new SetupCpu(i));
            return out;
        }
    }

    /**
     * One vCPU as a platform setup reaches it: its CPUID and MSRs, and memory accesses made as that
     * CPU (the machine's current CPU for their duration), so its own local APIC answers.
     */
    private final class SetupCpu implements PlatformSetup.Cpu {
        private final int index;

        SetupCpu(int index) {
            this.index = index;
        }

        @Override
        public int[] cpuid(int leaf, int subleaf) {
            return vcpus[index].cpuid(leaf, subleaf);
        }

        @Override
        public long readMsr(int msr) throws ConfigException {
            return vcpus[index].readMsr(msr).orElseThrow(() -> refused("RDMSR", msr));
        }

        @Override
        public void writeMsr(int msr, long value) throws ConfigException {
            if (!vcpus[index].writeMsr(msr, value)) throw refused("WRMSR", msr);
        }

        private ConfigException refused(String insn, int msr) {
            return new ConfigException("platform setup: cpu" + index + " faults on " + insn + " of MSR 0x"
                    + Integer.toHexString(msr) + " (cpu model " + def.cpuModel + ")");
        }

        @Override
        public long read(long address, int size) {
            int was = currentCpu;
            currentCpu = index;
            try {
                return platform.memory.page(address >>> 12).read(address, size);
            } finally {
                currentCpu = was;
            }
        }

        @Override
        public void write(long address, int size, long value) {
            int was = currentCpu;
            currentCpu = index;
            try {
                platform.memory.page(address >>> 12).write(address, size, value);
            } finally {
                currentCpu = was;
            }
        }
    }

    private final class Boot implements BootContext {
        @Override public byte[] kernel() { return kernel; }
        @Override public String kernelName() { return def.kernel; }
        @Override public String commandLine() { return def.append; }
        @Override public List<Module> initrds() { return initrds; }
        @Override public MemorySpace memory() { return platform.memory; }
        @Override public Dma dma() { return platform.dma; }

        @Override
        public boolean longMode() {
            return services.cpuEngine().map(e -> e.supportsLongMode(cpuSpec.model())).orElse(false);
        }

        @Override
        public List<MemoryRange> memoryMap() {
            return bootMemoryMap;
        }

        @Override
        public void setBootCpu(CpuRegisters registers) {
            vcpus[0].setRegisters(registers);
        }
    }
}
