package org.plugboard.hpet;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareContributor;

/**
 * The High Precision Event Timer block (IA-PC HPET 1.0a): a 64-bit main counter at 100 MHz and
 * 3..32 comparators, at 0xfed00000 (1 KiB, 32- and 64-bit accesses).
 * <p>
 * Interrupts: a timer drives the fabric line {@code gsi.R} for its route R (routes limited by the
 * {@code intcap} bitmap), or sends its FSB message as an MSI write. With legacy replacement on,
 * timer 0 drives {@code isa.0} (IOAPIC pin 2) and timer 1 {@code isa.8}, and the line
 * {@value #LEGACY_GATE_LINE} is asserted: the PIT and the RTC follow it to disconnect their own
 * outputs. Level-triggered timers hold their line while their status bit is set; edge-triggered
 * ones pulse it.
 */
final class Hpet implements Device, FirmwareContributor {
    static final String TYPE = "hpet";
    /** Asserted while legacy replacement routing is on: the 8254 and the RTC must not drive IRQ0/IRQ8. */
    static final String LEGACY_GATE_LINE = "hpet.legacy-replacement";
    static final long SIZE = 0x400;
    private static final int STATE_VERSION = 1;

    private static final int CAPABILITIES = 0x000, CONFIG = 0x010, STATUS = 0x020, MAIN_COUNTER = 0x0f0,
            TIMER_BASE = 0x100, TIMER_STRIDE = 0x20;
    private static final int TIMER_CONFIG = 0x00, TIMER_COMPARATOR = 0x08, TIMER_FSB = 0x10;
    private static final long ENABLE = 1, LEGACY = 2;
    /** Vendor 8086, revision 1, 64-bit counter, legacy replacement capable. */
    private static final long ID_BITS = 0x8086a001L;

    private final long base;
    private final int timerCount;
    private final long routeCapability;
    private final boolean fsbCapable;

    private DeviceContext ctx;
    private MainCounter counter;
    private HpetTimer[] timers;
    /** The line each timer drives now (null while it drives none), to release it when the route changes. */
    private IrqLine[] drivenLines;
    private IrqLine legacyGate;
    private long config;
    private long status;

    Hpet(long base, int timerCount, long routeCapability, boolean fsbCapable) {
        this.base = base;
        this.timerCount = timerCount;
        this.routeCapability = routeCapability;
        this.fsbCapable = fsbCapable;
    }

    /** The low dword of the capabilities register, which the ACPI HPET table repeats as the block ID. */
    long blockId() {
        return ID_BITS | (long) (timerCount - 1) << 8;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        counter = new MainCounter(ctx.clock());
        timers = new HpetTimer[timerCount];
        drivenLines = new IrqLine[timerCount];
        for (int i = 0; i < timerCount; i++) timers[i] = new HpetTimer(i, this, ctx.clock(), routeCapability, fsbCapable);
        legacyGate = ctx.interrupts().line(LEGACY_GATE_LINE);
        ctx.memory().map(Region.of("hpet", ctx.id(), SIZE, 4, 8, new Registers()), base);
        reset();
    }

    @Override
    public void reset() {
        config = 0;
        status = 0;
        counter.restore(false, 0, ctx.clock().nanos());
        for (HpetTimer t : timers) t.reset();
        updateLines();
    }

    MainCounter counter() {
        return counter;
    }

    private boolean enabled() {
        return (config & ENABLE) != 0;
    }

    // --- interrupts ---

    /** A comparator matched: level timers latch their status bit, edge timers send one edge or message. */
    void timerFired(HpetTimer t) {
        if (t.levelTriggered() && !t.fsbDelivery()) {
            status |= 1L << t.index();
            updateLine(t);
        } else if (t.interruptEnabled()) { // FSB messages are edges whatever the trigger bit says
            if (t.fsbDelivery()) ctx.dma().postedWrite(t.fsbRoute() >>> 32, (int) t.fsbRoute());
            else lineFor(t).pulse();
        }
    }

    private IrqLine lineFor(HpetTimer t) {
        if ((config & LEGACY) != 0 && t.index() < 2) return ctx.isaIrq(t.index() == 0 ? 0 : 8);
        return ctx.interrupts().line("gsi." + t.route());
    }

    /** Drives a level timer's line from its status bit, moving it when the route changed. */
    private void updateLine(HpetTimer t) {
        boolean asserted = enabled() && t.levelTriggered() && t.interruptEnabled() && !t.fsbDelivery()
                && (status & 1L << t.index()) != 0;
        IrqLine want = asserted ? lineFor(t) : null;
        IrqLine held = drivenLines[t.index()];
        if (held != null && held != want) held.set(false);
        if (want != null) want.set(true);
        drivenLines[t.index()] = want;
    }

    private void updateLines() {
        for (HpetTimer t : timers) updateLine(t);
        legacyGate.set((config & LEGACY) != 0);
    }

    // --- registers ---

    private long read64(int offset) {
        if (offset >= TIMER_BASE) {
            int n = (offset - TIMER_BASE) / TIMER_STRIDE;
            if (n >= timerCount) return 0;
            switch ((offset - TIMER_BASE) % TIMER_STRIDE) {
                case TIMER_CONFIG: return timers[n].readConfig();
                case TIMER_COMPARATOR: return timers[n].readComparator();
                case TIMER_FSB: return timers[n].readFsbRoute();
                default: return 0;
            }
        }
        switch (offset) {
            case CAPABILITIES: return blockId() | MainCounter.PERIOD_FS << 32;
            case CONFIG: return config;
            case STATUS: return status;
            case MAIN_COUNTER: return counter.value();
            default: return 0;
        }
    }

    /** Writes the bits of {@code mask} (a 32-bit access writes one half of the 64-bit register). */
    private void write64(int offset, long value, long mask) {
        if (offset >= TIMER_BASE) {
            int n = (offset - TIMER_BASE) / TIMER_STRIDE;
            if (n >= timerCount) return;
            HpetTimer t = timers[n];
            switch ((offset - TIMER_BASE) % TIMER_STRIDE) {
                case TIMER_CONFIG -> { t.writeConfig(value, mask); updateLine(t); }
                case TIMER_COMPARATOR -> t.writeComparator(value, mask);
                case TIMER_FSB -> t.writeFsbRoute(value, mask);
                default -> { }
            }
            return;
        }
        switch (offset) {
            case CONFIG -> writeConfig((config & ~mask) | (value & mask));
            case STATUS -> {
                status &= ~(value & mask); // write 1 to clear
                updateLines();
            }
            case MAIN_COUNTER -> {
                counter.set((counter.value() & ~mask) | (value & mask));
                for (HpetTimer t : timers) t.reschedule();
            }
            default -> { } // capabilities are read-only; the rest is reserved
        }
    }

    private void writeConfig(long value) {
        config = value & (ENABLE | LEGACY);
        counter.setRunning(enabled());
        for (HpetTimer t : timers) t.reschedule();
        updateLines();
    }

    private final class Registers implements RegionOps {
        @Override
        public long read(long offset, int size) {
            long v = read64((int) offset & ~7);
            if (size == 8) return v;
            return (offset & 4) != 0 ? v >>> 32 : v & 0xffffffffL;
        }

        @Override
        public void write(long offset, int size, long value) {
            int shift = size == 8 ? 0 : (int) (offset & 4) * 8;
            long mask = size == 8 ? -1L : 0xffffffffL << shift;
            write64((int) offset & ~7, value << shift, mask);
        }
    }

    // --- firmware ---

    @Override
    public void contribute(FirmwareBuilder builder) {
        builder.acpiTable(HpetFirmware.table(blockId(), base));
        builder.acpiNode(FirmwareBuilder.AcpiScope.SYSTEM_BUS, HpetFirmware.deviceNode(base, SIZE));
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        DeviceState s = new DeviceState(TYPE, STATE_VERSION).putInt("timers", timerCount).putLong("config", config)
                .putLong("status", status).putBoolean("counter.running", counter.running())
                .putLong("counter.countAtBase", counter.countAtBase()).putLong("counter.baseNanos", counter.baseNanos());
        for (HpetTimer t : timers) t.save(s);
        return s;
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        if (s.getInt("timers") != timerCount)
            throw new IllegalArgumentException("hpet state has " + s.getInt("timers") + " timers, this one " + timerCount);
        config = s.getLong("config");
        status = s.getLong("status");
        counter.restore(s.getBoolean("counter.running"), s.getLong("counter.countAtBase"), s.getLong("counter.baseNanos"));
        for (HpetTimer t : timers) t.restore(s);
        updateLines();
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(String.format("%s%s counter=%x status=%x", enabled() ? "running" : "halted",
                (config & LEGACY) != 0 ? " legacy" : "", counter.value(), status));
        for (HpetTimer t : timers) b.append("; ").append(t.describe());
        return b.toString();
    }
}
