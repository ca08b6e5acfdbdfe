package org.plugboard.apic;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.TimeStampCounter;
import org.plugboard.api.device.DeviceState;

/**
 * One vCPU's local APIC: its registers (reached through the xAPIC page or the x2APIC MSRs), the
 * IRR/ISR/TMR priority logic, the LVT inputs and the timer. It drives the vCPU's INTR line and
 * answers the CPU's interrupt acknowledge as that vCPU's {@link InterruptController}.
 */
final class LocalApic implements InterruptController {
    static final int MSR_APIC_BASE = 0x1b;
    static final int MSR_TSC_DEADLINE = 0x6e0;
    static final int MSR_X2APIC_FIRST = 0x800;
    static final int MSR_X2APIC_LAST = 0x8ff;

    static final long BASE_BSP = 1L << 8;
    static final long BASE_X2APIC = 1L << 10;
    static final long BASE_ENABLE = 1L << 11;
    static final long BASE_ADDRESS_MASK = 0xffffff000L;
    static final long DEFAULT_BASE = 0xfee00000L;

    // register numbers (offset >> 4 in the xAPIC page, MSR - 0x800 in x2APIC mode)
    private static final int ID = 0x02, VERSION = 0x03, TPR = 0x08, APR = 0x09, PPR = 0x0a, EOI = 0x0b, RRD = 0x0c,
            LDR = 0x0d, DFR = 0x0e, SVR = 0x0f, ISR = 0x10, TMR = 0x18, IRR = 0x20, ESR = 0x28, LVT_CMCI = 0x2f,
            ICR_LOW = 0x30, ICR_HIGH = 0x31, LVT_FIRST = 0x32, LVT_LAST = 0x37, INITIAL_COUNT = 0x38,
            CURRENT_COUNT = 0x39, DCR = 0x3e, SELF_IPI = 0x3f;

    // LVT slots: the six entries from 0x320 in register order, then CMCI
    static final int LVT_TIMER = 0, LVT_THERMAL = 1, LVT_PERF = 2, LVT_LINT0 = 3, LVT_LINT1 = 4, LVT_ERROR = 5,
            LVT_CMCI_SLOT = 6;
    private static final int[] LVT_WRITABLE = {0x700ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff, 0x107ff};
    private static final int LVT_MASKED = 1 << 16;
    private static final int LVT_RESET = LVT_MASKED;
    /** LINT0 as firmware leaves it on the BSP: ExtINT, unmasked (virtual-wire mode), so the 8259 works with the APIC on. */
    private static final int LINT0_VIRTUAL_WIRE = DeliveryMode.EXTINT << 8;

    private static final int SVR_ENABLE = 1 << 8;
    private static final int SVR_EOI_SUPPRESS = 1 << 12;
    private static final int VERSION_EOI_SUPPRESS = 1 << 24;

    // error status bits
    static final int ESR_SEND_ILLEGAL_VECTOR = 1 << 5;
    static final int ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6;
    static final int ESR_ILLEGAL_REGISTER = 1 << 7;

    private final int index;
    private final int version;
    private final IrqLine intr;
    private final IrqLine nmi;
    private final ApicBus bus;
    private final ApicTimer timer;

    private int id;
    private long apicBase;
    private int tpr;
    private int ldr;
    private int dfr;
    private int svr;
    private final VectorSet irr = new VectorSet();
    private final VectorSet isr = new VectorSet();
    private final VectorSet tmr = new VectorSet();
    private int esr;
    private int pendingErrors;
    private long icr;
    private final int[] lvt = new int[7];
    /** An ExtINT message (IOAPIC or IPI) waiting for the INTA cycle. */
    private boolean extIntMessage;
    private final boolean[] lintLevel = new boolean[2];

    LocalApic(int index, int version, IrqLine intr, IrqLine nmi, VirtualClock clock, long tscPerNano, ApicBus bus) {
        this.index = index;
        this.version = version;
        this.intr = intr;
        this.nmi = nmi;
        this.bus = bus;
        this.timer = new ApicTimer(clock, "lapic" + index + ".timer", tscPerNano, this::timerExpired);
    }

    int index() { return index; }

    /** Power-on: enabled at 0xfee00000, software-disabled; CPU 0 is the BSP. */
    void powerOn() {
        id = index;
        apicBase = DEFAULT_BASE | BASE_ENABLE | (index == 0 ? BASE_BSP : 0);
        initReset();
        if (index == 0) lvt[LVT_LINT0] = LINT0_VIRTUAL_WIRE;
        updateIntr();
    }

    /** INIT (and hardware disable): every register back to its power-up value except the APIC ID. */
    private void initReset() {
        tpr = 0;
        ldr = 0;
        dfr = 0xffffffff;
        svr = 0xff;
        irr.clearAll();
        isr.clearAll();
        tmr.clearAll();
        esr = 0;
        pendingErrors = 0;
        icr = 0;
        java.util.Arrays.fill(lvt, LVT_RESET);
        timer.reset();
        extIntMessage = false;
    }

    // --- mode ---

    boolean hardwareEnabled() { return (apicBase & BASE_ENABLE) != 0; }

    boolean x2apic() { return (apicBase & BASE_X2APIC) != 0; }

    private boolean softwareEnabled() { return (svr & SVR_ENABLE) != 0; }

    /** The guest-physical base of the register page, or -1 while the xAPIC page is not decoded. */
    long registerPage() {
        return hardwareEnabled() && !x2apic() ? apicBase & BASE_ADDRESS_MASK : -1;
    }

    private int maxLvt() {
        return version >>> 16 & 0xff;
    }

    // --- priorities ---

    int processorPriority() {
        int isrv = isr.highest();
        int isrClass = isrv < 0 ? 0 : isrv & 0xf0;
        return (tpr & 0xf0) >= isrClass ? tpr : isrClass;
    }

    private int arbitrationPriority() {
        int irrv = Math.max(irr.highest(), 0);
        int isrv = Math.max(isr.highest(), 0);
        if ((tpr & 0xf0) >= (irrv & 0xf0) && (tpr & 0xf0) >= (isrv & 0xf0)) return tpr;
        return Math.max(tpr & 0xf0, Math.max(irrv & 0xf0, isrv & 0xf0));
    }

    /** The vector the CPU would take now, or -1. */
    private int deliverableVector() {
        if (!hardwareEnabled() || !softwareEnabled()) return -1;
        int v = irr.highest();
        return v >= 0 && (v & 0xf0) > (processorPriority() & 0xf0) ? v : -1;
    }

    /** True when the INTA cycle should go to the 8259: LINT0 in ExtINT mode (or no APIC at all), or an ExtINT message. */
    private boolean extIntPending() {
        if (!hardwareEnabled()) return lintLevel[0];
        int lint0 = lvt[LVT_LINT0];
        return extIntMessage || lintLevel[0] && (lint0 & LVT_MASKED) == 0 && (lint0 >>> 8 & 7) == DeliveryMode.EXTINT;
    }

    private void updateIntr() {
        intr.set(deliverableVector() >= 0 || extIntPending());
    }

    // --- accepting interrupts ---

    /** A fixed interrupt arrives: latched in the IRR, TMR bit per trigger mode. */
    private void accept(int vector, boolean levelTriggered) {
        if (vector < 16) {
            error(ESR_RECEIVE_ILLEGAL_VECTOR);
            return;
        }
        irr.set(vector);
        if (levelTriggered) tmr.set(vector);
        else tmr.clear(vector);
        updateIntr();
    }

    private void error(int bits) {
        pendingErrors |= bits;
        int entry = lvt[LVT_ERROR];
        // an illegal error vector is not delivered (it would only report itself again)
        if ((entry & LVT_MASKED) == 0 && (entry & 0xff) >= 16) accept(entry & 0xff, false);
    }

    /** A message from the APIC bus addressed to this APIC. */
    void receive(InterruptMessage m) {
        if (!hardwareEnabled()) return;
        switch (m.deliveryMode()) {
            case DeliveryMode.FIXED, DeliveryMode.LOWEST_PRIORITY -> accept(m.vector(), m.levelTriggered());
            case DeliveryMode.NMI -> nmi.pulse();
            case DeliveryMode.INIT -> {
                initReset();
                updateIntr();
                bus.init(index);
            }
            case DeliveryMode.STARTUP -> bus.startup(index, m.vector());
            case DeliveryMode.EXTINT -> {
                extIntMessage = true;
                updateIntr();
            }
            default -> { } // SMI and reserved modes: no SMM pin to raise, the message is dropped
        }
    }

    boolean matches(InterruptMessage m) {
        int dest = m.destination();
        if (!m.logical()) return dest == m.broadcastId() || dest == physicalId();
        if (x2apic()) {
            if (dest == 0xffffffff) return true;
            int myLdr = x2apicLdr();
            return (myLdr >>> 16) == (dest >>> 16) && (myLdr & dest & 0xffff) != 0;
        }
        int dest8 = dest & 0xff;
        int logicalId = ldr >>> 24;
        if ((dfr >>> 28) == 0xf) return (logicalId & dest8) != 0; // flat model: one bit per APIC
        return dest8 == 0xff || (logicalId >>> 4) == (dest8 >>> 4) && (logicalId & dest8 & 0xf) != 0; // cluster model
    }

    private int physicalId() {
        return x2apic() ? index : id;
    }

    private int x2apicLdr() {
        return (index >>> 4) << 16 | 1 << (index & 0xf);
    }

    // --- LINT pins ---

    void lintChanged(int pin, boolean asserted) {
        boolean rising = asserted && !lintLevel[pin];
        lintLevel[pin] = asserted;
        if (rising) {
            if (!hardwareEnabled()) {
                if (pin == 1) nmi.pulse(); // without an APIC, LINT1 is the NMI pin
            } else {
                signalLvt(LVT_LINT0 + pin);
            }
        }
        updateIntr();
    }

    /** An LVT source fired: delivers per the entry's mode unless masked (ExtINT is followed as a level instead). */
    private void signalLvt(int slot) {
        int entry = lvt[slot];
        if ((entry & LVT_MASKED) != 0) return;
        int mode = slot == LVT_TIMER || slot == LVT_ERROR ? DeliveryMode.FIXED : entry >>> 8 & 7;
        switch (mode) {
            case DeliveryMode.FIXED -> accept(entry & 0xff, false);
            case DeliveryMode.NMI -> nmi.pulse();
            case DeliveryMode.INIT -> {
                initReset();
                bus.init(index);
            }
            default -> { } // ExtINT is a level (see extIntPending); SMI has no pin
        }
    }

    private void timerExpired() {
        signalLvt(LVT_TIMER);
    }

    // --- the CPU side ---

    @Override
    public int acknowledge() {
        int v = deliverableVector();
        if (v >= 0) {
            irr.clear(v);
            isr.set(v);
            updateIntr();
            return v;
        }
        if (extIntPending()) {
            extIntMessage = false;
            int vector = bus.acknowledgeExtInt();
            updateIntr();
            return vector;
        }
        updateIntr();
        // the request went away (TPR raised) between INTR and INTA: the spurious vector, nothing set in service
        return softwareEnabled() ? svr & 0xff : -1;
    }

    @Override
    public void setTaskPriority(int cr8) {
        tpr = (cr8 & 0xf) << 4;
        updateIntr();
    }

    @Override
    public int taskPriority() {
        return tpr >>> 4;
    }

    private void endOfInterrupt() {
        int v = isr.highest();
        if (v < 0) return; // nothing in service: the write changes nothing
        isr.clear(v);
        boolean suppressed = (version & VERSION_EOI_SUPPRESS) != 0 && (svr & SVR_EOI_SUPPRESS) != 0;
        if (tmr.contains(v) && !suppressed) bus.broadcastEoi(v);
        updateIntr();
    }

    private void sendIpi(long command, boolean wide) {
        icr = command;
        int vector = (int) command & 0xff;
        int mode = (int) (command >>> 8) & 7;
        boolean levelTriggered = (command & 1 << 15) != 0;
        boolean assertLevel = (command & 1 << 14) != 0;
        if ((mode == DeliveryMode.FIXED || mode == DeliveryMode.LOWEST_PRIORITY) && vector < 16) {
            error(ESR_SEND_ILLEGAL_VECTOR);
            return;
        }
        // INIT level de-assert only resynchronises arbitration IDs, which this model does not have
        if (mode == DeliveryMode.INIT && levelTriggered && !assertLevel) return;
        int destination = wide ? (int) (command >>> 32) : (int) (command >>> 56) & 0xff;
        bus.send(new InterruptMessage(destination, (command & 1 << 11) != 0, mode, vector, levelTriggered, assertLevel,
                (int) (command >>> 18) & 3, index, wide));
    }

    // --- registers ---

    /** A 32-bit read at {@code offset} in the xAPIC page. */
    int mmioRead(int offset) {
        if ((offset & 0xf) != 0) return 0; // the 12 bytes after each register are not decoded
        return readRegister(offset >>> 4);
    }

    void mmioWrite(int offset, int value) {
        if ((offset & 0xf) != 0) return;
        writeRegister(offset >>> 4, value & 0xffffffffL);
    }

    private int readRegister(int reg) {
        if (reg >= ISR && reg < ISR + 8) return isr.word(reg - ISR);
        if (reg >= TMR && reg < TMR + 8) return tmr.word(reg - TMR);
        if (reg >= IRR && reg < IRR + 8) return irr.word(reg - IRR);
        if (reg >= LVT_FIRST && reg <= LVT_LAST) return lvt[reg - LVT_FIRST];
        switch (reg) {
            case ID: return x2apic() ? index : id << 24;
            case VERSION: return version;
            case TPR: return tpr;
            case APR: return arbitrationPriority();
            case PPR: return processorPriority();
            case EOI: case RRD: case SELF_IPI: return 0;
            case LDR: return x2apic() ? x2apicLdr() : ldr;
            case DFR: return dfr;
            case SVR: return svr;
            case ESR: return esr;
            case LVT_CMCI: return maxLvt() >= 6 ? lvt[LVT_CMCI_SLOT] : illegalRegister();
            case ICR_LOW: return (int) icr & ~(1 << 12); // delivery is immediate: the status bit is always idle
            case ICR_HIGH: return (int) (icr >>> 32);
            case INITIAL_COUNT: return (int) timer.initialCount();
            case CURRENT_COUNT: return (int) timer.currentCount();
            case DCR: return timer.divideConfig();
            default: return illegalRegister();
        }
    }

    private int illegalRegister() {
        error(ESR_ILLEGAL_REGISTER);
        return 0;
    }

    private void writeRegister(int reg, long value) {
        int v = (int) value;
        if (reg >= LVT_FIRST && reg <= LVT_LAST) {
            writeLvt(reg - LVT_FIRST, v);
            return;
        }
        switch (reg) {
            case ID -> { if (!x2apic()) id = v >>> 24; }
            case TPR -> { tpr = v & 0xff; updateIntr(); }
            case EOI -> endOfInterrupt();
            case LDR -> { if (!x2apic()) ldr = v & 0xff000000; }
            case DFR -> { if (!x2apic()) dfr = v | 0x0fffffff; }
            case SVR -> writeSvr(v);
            case ESR -> { esr = pendingErrors; pendingErrors = 0; }
            case LVT_CMCI -> { if (maxLvt() >= 6) writeLvt(LVT_CMCI_SLOT, v); else error(ESR_ILLEGAL_REGISTER); }
            case ICR_LOW -> sendIpi((icr & 0xffffffff00000000L) | (v & 0xffffffffL), false);
            case ICR_HIGH -> icr = (icr & 0xffffffffL) | (long) v << 32;
            case INITIAL_COUNT -> timer.writeInitialCount(v & 0xffffffffL);
            case DCR -> timer.writeDivideConfig(v);
            case SELF_IPI -> { if (x2apic()) accept(v & 0xff, false); }
            case VERSION, APR, PPR, RRD, CURRENT_COUNT -> { } // read-only
            default -> {
                if (reg < ISR || reg >= IRR + 8) error(ESR_ILLEGAL_REGISTER); // ISR/TMR/IRR writes are ignored
            }
        }
    }

    private void writeSvr(int v) {
        int writable = 0x3ff | ((version & VERSION_EOI_SUPPRESS) != 0 ? SVR_EOI_SUPPRESS : 0);
        svr = v & writable;
        if (!softwareEnabled()) for (int i = 0; i < lvt.length; i++) lvt[i] |= LVT_MASKED;
        updateIntr();
    }

    private void writeLvt(int slot, int v) {
        int entry = v & LVT_WRITABLE[slot];
        if (!softwareEnabled()) entry |= LVT_MASKED; // a software-disabled APIC keeps every LVT masked
        // the read-only status bits (remote IRR, delivery status) are never set: delivery is immediate
        lvt[slot] = entry;
        if (slot == LVT_TIMER) timer.setMode(entry >>> 17 & 3);
        updateIntr();
    }

    // --- MSRs ---

    @Override
    public boolean handlesMsr(int msr) {
        if (msr == MSR_APIC_BASE || msr == MSR_TSC_DEADLINE) return true;
        if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST || !x2apic()) return false;
        // registers that do not exist in x2APIC mode are left to the CPU, which faults
        int reg = msr - MSR_X2APIC_FIRST;
        return switch (reg) {
            case ID, VERSION, TPR, PPR, EOI, LDR, SVR, ESR, ICR_LOW, INITIAL_COUNT, CURRENT_COUNT, DCR, SELF_IPI -> true;
            case LVT_CMCI -> maxLvt() >= 6;
            default -> reg >= ISR && reg < IRR + 8 || reg >= LVT_FIRST && reg <= LVT_LAST;
        };
    }

    @Override
    public void useTimeStampCounter(TimeStampCounter tsc) {
        timer.useTimeStampCounter(tsc);
    }

    @Override
    public long readMsr(int msr) {
        if (msr == MSR_APIC_BASE) return apicBase;
        if (msr == MSR_TSC_DEADLINE) return timer.tscDeadline();
        int reg = msr - MSR_X2APIC_FIRST;
        if (reg == ICR_LOW) return icr;
        return readRegister(reg) & 0xffffffffL;
    }

    @Override
    public void writeMsr(int msr, long value) {
        if (msr == MSR_APIC_BASE) {
            writeApicBase(value);
        } else if (msr == MSR_TSC_DEADLINE) {
            timer.writeTscDeadline(value);
        } else {
            int reg = msr - MSR_X2APIC_FIRST;
            if (reg == ICR_LOW) sendIpi(value, true);
            else writeRegister(reg, value);
        }
    }

    /**
     * IA32_APIC_BASE: bit 11 enables the APIC, bit 10 selects x2APIC, bits 35:12 move the page.
     * Transitions the architecture forbids (x2APIC without enable, x2APIC back to xAPIC) are
     * ignored, since an interrupt controller cannot make the WRMSR fault.
     */
    private void writeApicBase(long value) {
        boolean enable = (value & BASE_ENABLE) != 0;
        boolean x2 = (value & BASE_X2APIC) != 0;
        if (x2 && !enable) return;
        if (x2apic() && enable && !x2) return;
        boolean wasEnabled = hardwareEnabled();
        apicBase = (value & (BASE_ADDRESS_MASK | BASE_ENABLE | BASE_X2APIC)) | (apicBase & BASE_BSP);
        if (wasEnabled && !enable) initReset();
        bus.registerPagesChanged();
        updateIntr();
    }

    // --- state ---

    void save(DeviceState s) {
        String p = "cpu" + index + ".";
        s.putInt(p + "id", id).putLong(p + "apicBase", apicBase).putInt(p + "tpr", tpr).putInt(p + "ldr", ldr)
                .putInt(p + "dfr", dfr).putInt(p + "svr", svr).putLongs(p + "irr", irr.toLongs())
                .putLongs(p + "isr", isr.toLongs()).putLongs(p + "tmr", tmr.toLongs()).putInt(p + "esr", esr)
                .putInt(p + "pendingErrors", pendingErrors).putLong(p + "icr", icr)
                .putLongs(p + "lvt", java.util.Arrays.stream(lvt).asLongStream().toArray())
                .putBoolean(p + "extIntMessage", extIntMessage);
        timer.save(s, p + "timer.");
    }

    void restore(DeviceState s) {
        String p = "cpu" + index + ".";
        id = s.getInt(p + "id");
        apicBase = s.getLong(p + "apicBase");
        tpr = s.getInt(p + "tpr");
        ldr = s.getInt(p + "ldr");
        dfr = s.getInt(p + "dfr");
        svr = s.getInt(p + "svr");
        irr.load(s.getLongs(p + "irr"));
        isr.load(s.getLongs(p + "isr"));
        tmr.load(s.getLongs(p + "tmr"));
        esr = s.getInt(p + "esr");
        pendingErrors = s.getInt(p + "pendingErrors");
        icr = s.getLong(p + "icr");
        long[] saved = s.getLongs(p + "lvt");
        for (int i = 0; i < lvt.length; i++) lvt[i] = (int) saved[i];
        extIntMessage = s.getBoolean(p + "extIntMessage");
        timer.restore(s, p + "timer.");
        updateIntr();
    }

    String describe() {
        return String.format("cpu%d: %s id=%d base=%x svr=%03x tpr=%02x isr=%d irr=%d timer %s", index,
                !hardwareEnabled() ? "disabled" : x2apic() ? "x2apic" : "xapic", physicalId(),
                apicBase & BASE_ADDRESS_MASK, svr, tpr, isr.highest(), irr.highest(), timer.describe());
    }
}
