package org.plugboard.apic;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.apic.policy.PolarityPolicy;

/**
 * The I/O APIC: 24 pins with a redirection table, reached through IOREGSEL (offset 0x00) and
 * IOWIN (0x10), plus the EOI register (0x40) of version 0x20. Pin N follows the fabric line
 * {@code gsi.N} (offset by {@code gsi-base}) and, unless {@code isa-lines=off}, the ISA line of the
 * same number, with ISA IRQ0 on pin 2 as the MADT's interrupt source override says (ISA line 2 is
 * the AT cascade and is not routed). Messages go to the local APICs as MSI-format writes into
 * the 0xfee00000 window; level-triggered entries hold remote IRR until the EOI broadcast
 * (fabric lines {@code apic.eoi.16}..{@code apic.eoi.255}) or the EOI register names their vector.
 * <p>
 * The pin logic sees a line through the {@link PolarityPolicy} in force, which can change while
 * the machine runs.
 */
final class IoApic implements Device {
    static final String TYPE = "ioapic";
    static final int PINS = 24;
    private static final int STATE_VERSION = 1;

    private static final int REG_ID = 0x00, REG_VERSION = 0x01, REG_ARBITRATION = 0x02, REG_TABLE = 0x10;
    private static final int IOREGSEL = 0x00, IOWIN = 0x10, EOI = 0x40;

    // redirection entry bits
    private static final long DEST_LOGICAL = 1L << 11;
    private static final long DELIVERY_STATUS = 1L << 12;
    private static final long ACTIVE_LOW = 1L << 13;
    private static final long REMOTE_IRR = 1L << 14;
    private static final long LEVEL = 1L << 15;
    private static final long MASKED = 1L << 16;
    private static final long WRITABLE = 0xff00000000000000L | MASKED | LEVEL | ACTIVE_LOW | DEST_LOGICAL | 0x7ff;

    private static final int FROM_GSI = 1, FROM_ISA = 2;

    private final long base;
    private final int version;
    private final int gsiBase;
    private final boolean isaLines;
    private final IoApicFactory.PolicySource policySource;

    private DeviceContext ctx;
    private PolarityPolicy policy = PolarityPolicy.LOGICAL;
    private final long[] table = new long[PINS];
    /** Which inputs (gsi line, ISA line) assert each pin, as logical levels. */
    private final int[] sources = new int[PINS];
    /** What the pin logic saw last: the line level through the polarity policy. */
    private final boolean[] pinLevel = new boolean[PINS];
    private int id;
    private int select;
    private volatile boolean closed;

    IoApic(long base, int id, int version, int gsiBase, boolean isaLines, IoApicFactory.PolicySource policySource) {
        this.base = base;
        this.id = id;
        this.version = version;
        this.gsiBase = gsiBase;
        this.isaLines = isaLines;
        this.policySource = policySource;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        policy = policySource.current();
        resetTable();
        ctx.memory().map(Region.of("ioapic", ctx.id(), 0x1000, 4, 4, new Registers()), base);
        for (int pin = 0; pin < PINS; pin++) ctx.interrupts().listen("gsi." + (gsiBase + pin), new Input(pin, FROM_GSI));
        if (isaLines) {
            for (int irq = 0; irq < 16; irq++)
                if (irq != 2) ctx.interrupts().listen("isa." + irq, new Input(irq == 0 ? 2 : irq, FROM_ISA));
        }
        // every vector a level entry may use; EOIs of vectors no entry waits for change nothing
        for (int vector = 16; vector < 256; vector++)
            ctx.interrupts().listen(ApicLines.eoi(vector), new EoiInput(vector));
        policySource.register(this);
    }

    @Override
    public void close() {
        closed = true;
        policySource.unregister(this);
    }

    @Override
    public void reset() {
        resetTable();
    }

    private void resetTable() {
        java.util.Arrays.fill(table, MASKED);
        select = 0;
        for (int pin = 0; pin < PINS; pin++) pinLevel[pin] = policy.pinAsserted(sources[pin] != 0, false);
    }

    // --- inputs ---

    private void inputChanged(int pin, int source, boolean asserted) {
        sources[pin] = asserted ? sources[pin] | source : sources[pin] & ~source;
        evaluate(pin);
    }

    /** Recomputes what the pin logic sees and acts on a change: an edge delivers, a level services. */
    private void evaluate(int pin) {
        boolean now = policy.pinAsserted(sources[pin] != 0, (table[pin] & ACTIVE_LOW) != 0);
        boolean before = pinLevel[pin];
        pinLevel[pin] = now;
        if ((table[pin] & LEVEL) != 0) service(pin);
        else if (now && !before && (table[pin] & MASKED) == 0) deliver(pin); // an edge on a masked pin is lost
    }

    /** A level-triggered pin that is asserted, unmasked and not waiting for EOI is delivered. */
    private void service(int pin) {
        long e = table[pin];
        if ((e & LEVEL) != 0 && (e & (MASKED | REMOTE_IRR)) == 0 && pinLevel[pin]) deliver(pin);
    }

    private void deliver(int pin) {
        long e = table[pin];
        boolean level = (e & LEVEL) != 0;
        if (level) table[pin] |= REMOTE_IRR;
        ctx.dma().postedWrite(InterruptMessage.msiAddress((int) (e >>> 56), (e & DEST_LOGICAL) != 0),
                InterruptMessage.msiData((int) e & 0xff, (int) (e >>> 8) & 7, level));
    }

    /** The guest completed {@code vector}: the level entries waiting on it may fire again. */
    private void endOfInterrupt(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long e = table[pin];
            if ((e & REMOTE_IRR) != 0 && (e & 0xff) == vector) {
                table[pin] = e & ~REMOTE_IRR;
                service(pin);
            }
        }
    }

    /** A new polarity policy (a quirk bundle came or went); called from any thread, applied on the machine thread. */
    void policyChanged(PolarityPolicy next) {
        ctx.clock().post(() -> {
            if (closed) return; // swapped out meanwhile: the successor read the policy at realize
            policy = next;
            for (int pin = 0; pin < PINS; pin++) evaluate(pin);
        });
    }

    // --- registers ---

    private long readRegister(int index) {
        switch (index) {
            case REG_ID: return (long) id << 24;
            case REG_VERSION: return version | (PINS - 1) << 16;
            case REG_ARBITRATION: return (long) id << 24;
            default:
                int entry = index - REG_TABLE;
                if (entry < 0 || entry >= 2 * PINS) return 0;
                long e = table[entry >> 1];
                return (entry & 1) == 0 ? e & 0xffffffffL : e >>> 32;
        }
    }

    private void writeRegister(int index, long value) {
        if (index == REG_ID) {
            id = (int) (value >>> 24) & 0xf;
            return;
        }
        int entry = index - REG_TABLE;
        if (entry < 0 || entry >= 2 * PINS) return; // version, arbitration and unused registers are read-only
        int pin = entry >> 1;
        long old = table[pin];
        long written = (entry & 1) == 0 ? (old & 0xffffffff00000000L) | value : (old & 0xffffffffL) | value << 32;
        long next = (written & WRITABLE) | (old & (REMOTE_IRR | DELIVERY_STATUS));
        if ((next & LEVEL) == 0) next &= ~REMOTE_IRR; // an edge entry has no remote IRR
        table[pin] = next;
        evaluate(pin); // the polarity may have changed what the pin sees; unmasking services a waiting level
    }

    private final class Registers implements RegionOps {
        @Override
        public long read(long offset, int size) {
            if (offset == IOREGSEL) return select;
            if (offset == IOWIN) return readRegister(select);
            return 0;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == IOREGSEL) select = (int) value & 0xff;
            else if (offset == IOWIN) writeRegister(select, value & 0xffffffffL);
            else if (offset == EOI && version >= 0x20) endOfInterrupt((int) value & 0xff);
        }
    }

    private final class Input implements IrqListener {
        private final int pin;
        private final int source;

        Input(int pin, int source) {
            this.pin = pin;
            this.source = source;
        }

        @Override
        public void levelChanged(IrqLine line, boolean asserted) {
            inputChanged(pin, source, asserted);
        }

        @Override
        public String toString() {
            return "ioapic pin " + pin;
        }
    }

    private final class EoiInput implements IrqListener {
        private final int vector;

        EoiInput(int vector) {
            this.vector = vector;
        }

        @Override
        public void levelChanged(IrqLine line, boolean asserted) {
            if (asserted) endOfInterrupt(vector);
        }

        @Override
        public void pulsed(IrqLine line) {
            endOfInterrupt(vector);
        }

        @Override
        public String toString() {
            return "ioapic EOI " + vector;
        }
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, STATE_VERSION).putInt("id", id).putInt("select", select).putLongs("table", table);
    }

    /** Line levels are not state: the listeners re-learned them at realize; only the pins' view is recomputed. */
    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        id = s.getInt("id");
        select = s.getInt("select");
        System.arraycopy(s.getLongs("table"), 0, table, 0, PINS);
        for (int pin = 0; pin < PINS; pin++)
            pinLevel[pin] = policy.pinAsserted(sources[pin] != 0, (table[pin] & ACTIVE_LOW) != 0);
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(String.format("id %d, version 0x%02x at 0x%x", id, version, base));
        for (int pin = 0; pin < PINS; pin++) {
            long e = table[pin];
            if ((e & MASKED) == 0)
                b.append(String.format("; pin %d -> vector 0x%02x %s%s", pin, e & 0xff, (e & LEVEL) != 0 ? "level" : "edge",
                        (e & REMOTE_IRR) != 0 ? " (remote IRR)" : ""));
        }
        return b.toString();
    }
}
