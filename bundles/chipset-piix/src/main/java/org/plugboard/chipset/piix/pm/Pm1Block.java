package org.plugboard.chipset.piix.pm;

import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;

/**
 * The ACPI fixed-hardware registers at the PM base: PM1_STS (+0, write-1-to-clear), PM1_EN
 * (+2), PM1_CNT (+4) and PM_TMR (+8); the rest of the 64-byte block reads all ones. Byte,
 * word and dword accesses at any offset reach the matching register bytes; a partial write
 * leaves the other bytes alone. Semantics as QEMU's hw/acpi/core.c:
 * <ul>
 *   <li>TMR_STS is set when the timer passes its next overflow point; after reset that point is
 *       0, so TMR_STS reads 1 until cleared (acpi_pm_tmr_reset). Clearing it moves the point to
 *       the next bit-23 transition; a one-shot timer fires there while TMR_EN is set.</li>
 *   <li>The SCI is asserted while an enabled status bit (timer, global, power button, RTC) is
 *       set, whatever SCI_EN says (acpi_update_sci does not look at it).</li>
 *   <li>Writing SLP_EN starts the sleep state SLP_TYP names; SLP_EN itself reads back 0.</li>
 * </ul>
 */
final class Pm1Block implements RegionOps {
    static final int SIZE = 64;
    static final int TMR_STS = 0x0001, GBL_STS = 0x0020, PWRBTN_STS = 0x0100, RTC_STS = 0x0400;
    static final int TMR_EN = 0x0001, PWRBTN_EN = 0x0100;
    static final int SCI_EN = 0x0001, SLP_EN = 0x2000;
    private static final int SCI_SOURCES = TMR_STS | GBL_STS | PWRBTN_STS | RTC_STS;
    private static final int STS = 0, EN = 2, CNT = 4, TMR = 8, TMR_END = 12;

    /** What a sleep request asks of the machine. */
    interface SleepHandler {
        void sleep(int slpTyp);
    }

    private final VirtualClock clock;
    private final Timer overflowTimer;
    private final Runnable sciChanged;
    private final SleepHandler sleepHandler;
    private int status;
    private int enable;
    private int control;
    private long overflowTicks;

    Pm1Block(VirtualClock clock, Timer overflowTimer, Runnable sciChanged, SleepHandler sleepHandler) {
        this.clock = clock;
        this.overflowTimer = overflowTimer;
        this.sciChanged = sciChanged;
        this.sleepHandler = sleepHandler;
    }

    void reset() {
        status = 0;
        enable = 0;
        control = 0;
        overflowTicks = 0;
        overflowTimer.cancel();
    }

    /** PM1_STS as the guest reads it now (the timer bit latched if the overflow point passed). */
    int status() {
        if (PmTimer.ticksAt(clock.nanos()) >= overflowTicks) status |= TMR_STS;
        return status;
    }

    int enable() { return enable; }

    int control() { return control; }

    /**
     * Whether these registers assert the SCI now. Also re-arms the overflow timer: it runs only
     * while the timer event is enabled and not yet latched (QEMU acpi_update_sci).
     */
    boolean evaluateSci() {
        int sts = status();
        if ((enable & TMR_EN) != 0 && (sts & TMR_STS) == 0) overflowTimer.armAt(PmTimer.nanosAt(overflowTicks));
        else overflowTimer.cancel();
        return (sts & enable & SCI_SOURCES) != 0;
    }

    /** ACPI enable/disable through the APM control port sets or clears SCI_EN. */
    void setSciEnabled(boolean on) {
        control = on ? control | SCI_EN : control & ~SCI_EN;
    }

    /** The power button was pressed: latched if its event is enabled (acpi_pm1_evt_power_down). */
    void powerButton() {
        if ((enable & PWRBTN_EN) != 0) {
            status |= PWRBTN_STS;
            sciChanged.run();
        }
    }

    @Override
    public long read(long offset, int size) {
        int sts = status(), en = enable, cnt = control;
        int timer = PmTimer.valueAt(clock.nanos());
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | byteAt((int) offset + i, sts, en, cnt, timer);
        return v;
    }

    private static int byteAt(int o, int sts, int en, int cnt, int timer) {
        if (o < EN) return (sts >> (8 * (o - STS))) & 0xff;
        if (o < CNT) return (en >> (8 * (o - EN))) & 0xff;
        if (o < CNT + 2) return (cnt >> (8 * (o - CNT))) & 0xff;
        if (o >= TMR && o < TMR_END) return (timer >>> (8 * (o - TMR))) & 0xff;
        return 0xff;
    }

    @Override
    public void write(long offset, int size, long value) {
        int stsClear = 0, enMask = 0, enValue = 0, cntMask = 0, cntValue = 0;
        for (int i = 0; i < size; i++) {
            int o = (int) offset + i;
            int b = (int) (value >>> (8 * i)) & 0xff;
            if (o < EN) stsClear |= b << (8 * (o - STS));
            else if (o < CNT) { enMask |= 0xff << (8 * (o - EN)); enValue |= b << (8 * (o - EN)); }
            else if (o < CNT + 2) { cntMask |= 0xff << (8 * (o - CNT)); cntValue |= b << (8 * (o - CNT)); }
        }
        if (stsClear != 0) clearStatus(stsClear);
        enable = (enable & ~enMask) | (enValue & enMask);
        if (cntMask != 0) writeControl((control & ~cntMask) | (cntValue & cntMask));
        sciChanged.run();
    }

    private void clearStatus(int bits) {
        int sts = status();
        // acknowledging the overflow moves the next one to the following bit-23 transition
        if ((sts & bits & TMR_STS) != 0) overflowTicks = PmTimer.nextOverflow(PmTimer.ticksAt(clock.nanos()));
        status = sts & ~bits;
    }

    private void writeControl(int value) {
        control = value & ~SLP_EN;
        if ((value & SLP_EN) != 0) sleepHandler.sleep((value >> 10) & 7);
    }

    long overflowTicks() { return overflowTicks; }

    void restore(int status, int enable, int control, long overflowTicks) {
        this.status = status;
        this.enable = enable;
        this.control = control;
        this.overflowTicks = overflowTicks;
    }
}
