package org.plugboard.pc.pic;

import org.plugboard.api.device.DeviceState;

/**
 * One 8259A programmable interrupt controller: the initialization sequence (ICW1..ICW4), the
 * mask, EOI and read/poll commands (OCW1..OCW3), rotating priorities, auto-EOI, special mask
 * and special fully nested mode. Inputs are edge- or level-triggered per the chipset's ELCR bits
 * (or all level with ICW1.LTIM). It knows nothing of its partner: {@link PicPair} wires the
 * cascade.
 */
final class Pic8259 {
    private static final int ICW1 = 0x10, ICW1_IC4 = 0x01, ICW1_SINGLE = 0x02, ICW1_LTIM = 0x08;
    private static final int OCW3 = 0x08, OCW3_READ = 0x02, OCW3_READ_ISR = 0x01, OCW3_POLL = 0x04,
            OCW3_SET_SMM = 0x60, OCW3_CHANGE_SMM = 0x40;
    private static final int ICW4_AEOI = 0x02, ICW4_SFNM = 0x10;

    /** Which initialization word the next data-port write is. */
    private enum Init { READY, ICW2, ICW3, ICW4 }

    private final boolean master;
    /** ELCR bits this chip's inputs may use (the timer, keyboard, cascade and FPU inputs are edge only). */
    private final int elcrMask;

    private int levels;     // current input levels
    private int edgeLatch;  // requests latched on rising edges
    private int isr;
    private int imr;
    private int elcr;
    private int vectorBase;
    private int icw3;
    private int lowestPriority = 7;
    private boolean levelTriggeredAll;
    private boolean singleMode;
    private boolean needIcw4;
    private boolean autoEoi;
    private boolean rotateOnAutoEoi;
    private boolean specialFullyNested;
    private boolean specialMask;
    private boolean readIsr;
    private boolean pollPending;
    private Init init = Init.READY;

    Pic8259(boolean master, int elcrMask) {
        this.master = master;
        this.elcrMask = elcrMask;
    }

    /** Power-on state; the ELCR belongs to the chipset and is cleared too. */
    void reset() {
        initialize(0);
        init = Init.READY;
        edgeLatch = 0;
        elcr = 0;
        vectorBase = 0;
    }

    private void initialize(int icw1) {
        imr = 0;
        isr = 0;
        edgeLatch = 0;
        lowestPriority = 7;
        specialMask = false;
        readIsr = false;
        pollPending = false;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialFullyNested = false;
        icw3 = 0;
        levelTriggeredAll = (icw1 & ICW1_LTIM) != 0;
        singleMode = (icw1 & ICW1_SINGLE) != 0;
        needIcw4 = (icw1 & ICW1_IC4) != 0;
        init = Init.ICW2;
    }

    // --- inputs ---

    void setInput(int pin, boolean level) {
        int bit = 1 << pin;
        boolean was = (levels & bit) != 0;
        if (level && !was) edgeLatch |= bit;
        levels = level ? levels | bit : levels & ~bit;
    }

    private int levelMode() {
        return levelTriggeredAll ? 0xff : elcr;
    }

    /** Interrupt requests: level inputs follow their line, edge inputs hold their latch until acknowledged. */
    int irr() {
        int level = levelMode();
        return (levels & level) | (edgeLatch & ~level);
    }

    // --- priority resolution ---

    /** Priority rank of a pin: 0 is the highest, given the current rotation. */
    private int rank(int pin) {
        return (pin - lowestPriority - 1) & 7;
    }

    /** The highest-priority pin set in {@code bits}, or -1. */
    private int highest(int bits) {
        for (int r = 0; r < 8; r++) {
            int pin = (r + lowestPriority + 1) & 7;
            if ((bits & (1 << pin)) != 0) return pin;
        }
        return -1;
    }

    /** In-service bits that block lower priorities (special mask and fully nested mode exempt some). */
    private int blockingInService() {
        int s = isr;
        if (specialMask) s &= ~imr;
        if (master && specialFullyNested) s &= ~cascadeInputs();
        return s;
    }

    /** The pin this chip would present at INTA now, or -1. */
    int pendingPin() {
        int req = highest(irr() & ~imr);
        if (req < 0) return -1;
        int inService = highest(blockingInService());
        if (inService >= 0 && rank(inService) <= rank(req)) return -1;
        return req;
    }

    boolean output() {
        return pendingPin() >= 0;
    }

    /** Pins wired to slaves (ICW3 of a master in cascade mode). */
    int cascadeInputs() {
        return master && !singleMode ? icw3 : 0;
    }

    int vectorBase() {
        return vectorBase;
    }

    /** The INTA cycle for {@code pin}: mark it in service (unless auto-EOI) and consume an edge request. */
    void acknowledge(int pin) {
        int bit = 1 << pin;
        if (autoEoi) {
            if (rotateOnAutoEoi) lowestPriority = pin;
        } else {
            isr |= bit;
        }
        edgeLatch &= ~bit;
    }

    // --- guest ports ---

    void writeCommand(int v) {
        if ((v & ICW1) != 0) {
            initialize(v);
        } else if ((v & OCW3) != 0) {
            if ((v & OCW3_READ) != 0) readIsr = (v & OCW3_READ_ISR) != 0;
            if ((v & OCW3_POLL) != 0) pollPending = true;
            if ((v & OCW3_CHANGE_SMM) != 0) specialMask = (v & OCW3_SET_SMM) == OCW3_SET_SMM;
        } else {
            writeOcw2(v);
        }
    }

    private void writeOcw2(int v) {
        int level = v & 7;
        switch (v >> 5) {
            case 0b001: endOfInterrupt(highest(isr), false); break;    // non-specific EOI
            case 0b011: endOfInterrupt(level, false); break;           // specific EOI
            case 0b101: endOfInterrupt(highest(isr), true); break;     // rotate on non-specific EOI
            case 0b111: endOfInterrupt(level, true); break;            // rotate on specific EOI
            case 0b100: rotateOnAutoEoi = true; break;
            case 0b000: rotateOnAutoEoi = false; break;
            case 0b110: lowestPriority = level; break;                 // set priority
            default: break;                                            // 010: no operation
        }
    }

    private void endOfInterrupt(int pin, boolean rotate) {
        if (pin < 0) return;
        isr &= ~(1 << pin);
        if (rotate) lowestPriority = pin;
    }

    void writeData(int v) {
        switch (init) {
            case ICW2:
                vectorBase = v & 0xf8;
                init = singleMode ? (needIcw4 ? Init.ICW4 : Init.READY) : Init.ICW3;
                break;
            case ICW3:
                icw3 = v;
                init = needIcw4 ? Init.ICW4 : Init.READY;
                break;
            case ICW4:
                autoEoi = (v & ICW4_AEOI) != 0;
                specialFullyNested = (v & ICW4_SFNM) != 0;
                init = Init.READY;
                break;
            default:
                imr = v;
                break;
        }
    }

    /** True after an OCW3 poll command: the next read is an interrupt acknowledge. */
    boolean pollPending() {
        return pollPending;
    }

    void clearPoll() {
        pollPending = false;
    }

    int readCommand() {
        return readIsr ? isr : irr();
    }

    int readData() {
        return imr;
    }

    int elcr() {
        return elcr;
    }

    void writeElcr(int v) {
        elcr = v & elcrMask;
    }

    String describe() {
        return String.format("base %02x irr %02x imr %02x isr %02x elcr %02x%s", vectorBase, irr(), imr, isr, elcr,
                init == Init.READY ? "" : " (initializing: " + init + " next)");
    }

    // --- state ---

    void save(DeviceState s, String p) {
        s.putInt(p + "levels", levels).putInt(p + "edgeLatch", edgeLatch).putInt(p + "isr", isr)
                .putInt(p + "imr", imr).putInt(p + "elcr", elcr).putInt(p + "vectorBase", vectorBase)
                .putInt(p + "icw3", icw3).putInt(p + "lowestPriority", lowestPriority)
                .putBoolean(p + "ltim", levelTriggeredAll).putBoolean(p + "single", singleMode)
                .putBoolean(p + "icw4", needIcw4).putBoolean(p + "autoEoi", autoEoi)
                .putBoolean(p + "rotateOnAutoEoi", rotateOnAutoEoi).putBoolean(p + "sfnm", specialFullyNested)
                .putBoolean(p + "specialMask", specialMask).putBoolean(p + "readIsr", readIsr)
                .putBoolean(p + "poll", pollPending).putString(p + "init", init.name());
    }

    void restore(DeviceState s, String p) {
        levels = s.getInt(p + "levels") & 0xff;
        edgeLatch = s.getInt(p + "edgeLatch") & 0xff;
        isr = s.getInt(p + "isr") & 0xff;
        imr = s.getInt(p + "imr") & 0xff;
        elcr = s.getInt(p + "elcr") & elcrMask;
        vectorBase = s.getInt(p + "vectorBase") & 0xf8;
        icw3 = s.getInt(p + "icw3") & 0xff;
        lowestPriority = s.getInt(p + "lowestPriority") & 7;
        levelTriggeredAll = s.getBoolean(p + "ltim");
        singleMode = s.getBoolean(p + "single");
        needIcw4 = s.getBoolean(p + "icw4");
        autoEoi = s.getBoolean(p + "autoEoi");
        rotateOnAutoEoi = s.getBoolean(p + "rotateOnAutoEoi");
        specialFullyNested = s.getBoolean(p + "sfnm");
        specialMask = s.getBoolean(p + "specialMask");
        readIsr = s.getBoolean(p + "readIsr");
        pollPending = s.getBoolean(p + "poll");
        try {
            init = Init.valueOf(s.getString(p + "init"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("8259 state: unknown initialization step " + s.getString(p + "init"), e);
        }
    }
}
