package org.plugboard.apic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local APICs of all vCPUs and the APIC bus between them. Each vCPU gets a
 * {@link LocalApic} that drives {@code cpuN.intr} and sits in the vCPU's interrupt-controller
 * seat. In guest-physical memory it decodes:
 * <ul>
 *   <li>the MSI window 0xfee00000-0xfeefffff: a 32-bit write is an interrupt message (address
 *       bits 19:12 destination, bit 2 logical; data vector, delivery mode, trigger). IOAPICs and
 *       PCI devices reach the APICs this way.</li>
 *   <li>one 4 KiB register page per distinct IA32_APIC_BASE of the xAPIC-mode CPUs, above the
 *       window. A register access is answered by the APIC of the vCPU that makes it
 *       ({@code machine().currentCpu()}). Writes to the page's first 16 bytes (no register lives
 *       there) and writes by other agents are MSI writes, since a DMA write cannot be told apart
 *       from a CPU store.</li>
 * </ul>
 */
final class LocalApicDevice implements Device, ApicBus {
    static final String TYPE = "apic";
    private static final int STATE_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(LocalApicDevice.class);
    private static final int MSI_PRIORITY = 1;
    private static final int REGISTER_PAGE_PRIORITY = 2;
    private static final int PAGE_SIZE = 0x1000;
    /** Register offsets below this hold no register: writes there are MSI messages to APIC ID 0. */
    private static final int FIRST_REGISTER_OFFSET = 0x10;

    private final int version;
    private final String lint0Line;
    private final String lint1Line;
    private final long tscPerNano;

    private DeviceContext ctx;
    /** Held once: a register access asks it which vCPU is executing. */
    private DeviceContext.MachineControl machine;
    private LocalApic[] apics;
    private IrqLine[] eoiLines;
    private final Map<Long, Mapping> registerPages = new HashMap<>();
    private InterruptController extIntSource;
    private boolean warnedNoExtIntSource;

    LocalApicDevice(int version, String lint0Line, String lint1Line, long tscPerNano) {
        this.version = version;
        this.lint0Line = lint0Line;
        this.lint1Line = lint1Line;
        this.tscPerNano = tscPerNano;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        machine = ctx.machine();
        int n = machine.cpuCount();
        apics = new LocalApic[n];
        eoiLines = new IrqLine[256];
        for (int i = 0; i < n; i++) {
            apics[i] = new LocalApic(i, version, ctx.interrupts().line(ApicLines.intr(i)),
                    ctx.interrupts().line(ApicLines.nmi(i)), ctx.clock(), tscPerNano, this);
        }
        for (LocalApic a : apics) a.powerOn();
        ctx.memory().mapOverlapping(Region.of("msi", ctx.id(), InterruptMessage.MSI_SIZE, 4, 4, new MsiWindow()),
                InterruptMessage.MSI_BASE, MSI_PRIORITY);
        registerPagesChanged();
        ctx.interrupts().listen(lint0Line, new LintInput(0));
        ctx.interrupts().listen(lint1Line, new LintInput(1));
        for (LocalApic a : apics) machine.attachInterruptController(a.index(), a);
    }

    /**
     * Where ExtINT acknowledges go when a test wires the 8259 by hand; in a machine the 8259
     * offers its acknowledge on the LINT0 line (InterruptFabric.provideAcknowledge).
     */
    void connectExtIntSource(InterruptController source) {
        extIntSource = source;
    }

    @Override
    public void reset() {
        for (LocalApic a : apics) a.powerOn();
        registerPagesChanged();
    }

    LocalApic apic(int cpu) {
        return apics[cpu];
    }

    /** The APIC of the vCPU making the current access. */
    private LocalApic current() {
        int cpu = machine.currentCpu();
        return apics[cpu >= 0 && cpu < apics.length ? cpu : 0];
    }

    // --- the APIC bus ---

    @Override
    public void send(InterruptMessage m) {
        switch (m.shorthand()) {
            case InterruptMessage.SELF -> apics[m.sourceCpu()].receive(m);
            case InterruptMessage.ALL_INCLUDING_SELF -> { for (LocalApic a : apics) a.receive(m); }
            case InterruptMessage.ALL_EXCLUDING_SELF -> {
                for (LocalApic a : apics) if (a.index() != m.sourceCpu()) a.receive(m);
            }
            default -> {
                if (m.deliveryMode() == DeliveryMode.LOWEST_PRIORITY) {
                    LocalApic target = lowestPriority(m);
                    if (target != null) target.receive(m);
                } else {
                    for (LocalApic a : apics) if (a.matches(m)) a.receive(m);
                }
            }
        }
    }

    /** Lowest-priority arbitration: the addressed APIC with the lowest processor priority, the lowest index on a tie. */
    private LocalApic lowestPriority(InterruptMessage m) {
        LocalApic best = null;
        for (LocalApic a : apics) {
            if (a.hardwareEnabled() && a.matches(m) && (best == null || a.processorPriority() < best.processorPriority()))
                best = a;
        }
        return best;
    }

    @Override
    public void broadcastEoi(int vector) {
        IrqLine line = eoiLines[vector];
        if (line == null) line = eoiLines[vector] = ctx.interrupts().line(ApicLines.eoi(vector));
        line.pulse();
    }

    @Override
    public void init(int cpu) {
        machine.sendInit(cpu);
    }

    @Override
    public void startup(int cpu, int vector) {
        machine.sendStartup(cpu, vector);
    }

    @Override
    public int acknowledgeExtInt() {
        if (extIntSource != null) return extIntSource.acknowledge();
        int vector = ctx.interrupts().acknowledge(lint0Line);
        if (vector >= 0) return vector;
        if (!warnedNoExtIntSource) {
            warnedNoExtIntSource = true;
            LOG.warn("{}: ExtINT acknowledge with no 8259 connected behind LINT0; answering the spurious vector",
                    ctx.id());
        }
        return 0xff;
    }

    /** Maps one register page per distinct base in use and unmaps the pages no CPU uses any more. */
    @Override
    public void registerPagesChanged() {
        TreeSet<Long> wanted = new TreeSet<>();
        for (LocalApic a : apics) if (a.registerPage() >= 0) wanted.add(a.registerPage());
        registerPages.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) return false;
            e.getValue().unmap();
            return true;
        });
        for (long base : wanted) {
            if (!registerPages.containsKey(base)) {
                Region r = Region.of("lapic-registers", ctx.id(), PAGE_SIZE, 4, 4, new RegisterPage(base));
                registerPages.put(base, ctx.memory().mapOverlapping(r, base, REGISTER_PAGE_PRIORITY));
            }
        }
    }

    private void deliverMsi(long address, long data) {
        if (address >= InterruptMessage.MSI_BASE && address < InterruptMessage.MSI_BASE + InterruptMessage.MSI_SIZE)
            send(InterruptMessage.fromMsi(address, (int) data));
    }

    private final class MsiWindow implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return 0xffffffffL; // the window is write-only: reads see an undecoded bus
        }

        @Override
        public void write(long offset, int size, long value) {
            deliverMsi(InterruptMessage.MSI_BASE + offset, value);
        }
    }

    private final class RegisterPage implements RegionOps {
        private final long base;

        RegisterPage(long base) {
            this.base = base;
        }

        @Override
        public long read(long offset, int size) {
            LocalApic a = current();
            return a.registerPage() == base ? a.mmioRead((int) offset) & 0xffffffffL : 0xffffffffL;
        }

        @Override
        public void write(long offset, int size, long value) {
            LocalApic a = current();
            if (a.registerPage() == base && offset >= FIRST_REGISTER_OFFSET) a.mmioWrite((int) offset, (int) value);
            else deliverMsi(base + offset, value);
        }
    }

    private final class LintInput implements IrqListener {
        private final int pin;

        LintInput(int pin) {
            this.pin = pin;
        }

        @Override
        public void levelChanged(IrqLine line, boolean asserted) {
            for (LocalApic a : apics) a.lintChanged(pin, asserted);
        }

        @Override
        public String toString() {
            return "lapic LINT" + pin;
        }
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        DeviceState s = new DeviceState(TYPE, STATE_VERSION).putInt("cpus", apics.length);
        for (LocalApic a : apics) a.save(s);
        return s;
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        if (s.getInt("cpus") != apics.length)
            throw new IllegalArgumentException("apic state for " + s.getInt("cpus") + " vCPUs, machine has " + apics.length);
        for (LocalApic a : apics) a.restore(s);
        registerPagesChanged();
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (LocalApic a : apics) parts.add(a.describe());
        return String.join("; ", parts);
    }
}
