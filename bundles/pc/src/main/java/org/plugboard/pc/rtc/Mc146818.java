package org.plugboard.pc.rtc;

import org.plugboard.pc.support.LegacyReplacement;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.pc.support.CrystalClock;

/**
 * The MC146818 real-time clock and its 128 bytes of CMOS RAM behind the index/data ports
 * 0x70/0x71. Time is kept as "the calendar second shown at divider origin" plus whole virtual
 * seconds since then, so nothing ticks: the time registers are produced when read, and the
 * periodic, alarm and update-ended flags of register C are worked out for the span since they
 * were last looked at. A clock timer is armed only for the next event whose interrupt is enabled
 * and not already flagged, and IRQ 8 is held while register C has an enabled flag.
 */
final class Mc146818 implements Device, RegionOps {
    static final String TYPE = "mc146818rtc";
    private static final int STATE_VERSION = 1;

    private static final int REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d;
    private static final int A_UIP = 0x80, A_DIVIDER = 0x70, A_RATE = 0x0f;
    private static final int B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_SQWE = 0x08;
    private static final int C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10, C_FLAGS = 0x70;
    private static final int D_VRT = 0x80;
    /** Divider bits 000..010 run the chain (QEMU accepts all three time bases); 11x hold it in reset. */
    private static final int DIVIDER_RUNNING_MAX = 0x20;

    private static final long SECOND = 1_000_000_000L;
    /** UIP rises this long before each update (244 us at 32.768 kHz). */
    private static final long UIP_LEAD = 244_000;
    /** Taking the divider out of reset starts the first update half a second later. */
    private static final long FIRST_UPDATE_AFTER_RESTART = SECOND / 2;
    private static final long SECONDS_PER_DAY = 86_400;

    private final int iobase;
    private final int irq;
    private final LongSupplier initialCalendar;
    private final long below4g; // -1: as the machine maps RAM
    private final CrystalClock oscillator = new CrystalClock(32_768);

    private VirtualClock clock;
    private IrqLine line;
    private boolean legacyReplaced;
    private Timer timer;
    private final byte[] cmos = new byte[128];
    private int index;
    private boolean nmiMasked;
    private long origin;            // virtual time the divider chain's phase starts from
    private long calendarAtOrigin;  // the calendar second shown at origin while updates run
    private int dayOfWeekOffset;
    private long flagsCheckedUntil; // register C holds every event up to this virtual time

    Mc146818(int iobase, int irq, LongSupplier initialCalendar, long below4g) {
        this.iobase = iobase;
        this.irq = irq;
        this.initialCalendar = initialCalendar;
        this.below4g = below4g;
    }

    @Override
    public void realize(DeviceContext ctx) {
        clock = ctx.clock();
        line = ctx.isaIrq(irq);
        // the HPET's legacy replacement route takes IRQ 8 over: the RTC's output is cut off
        ctx.interrupts().listen(LegacyReplacement.LINE, new LegacyReplacement(gated -> {
            legacyReplaced = gated;
            updateIrq();
        }));
        timer = clock.newTimer(ctx.id() + ".rtc", this::timerFired);
        ctx.io().map(Region.of("rtc", ctx.id(), 2, 1, 1, this), iobase);
        powerOn(ctx.machine().ramSize(), below4g >= 0 ? below4g : ctx.machine().ramBelow4g(), ctx.machine().cpuCount());
    }

    /** A fresh battery: the time from the configured base and the memory fields for this machine. */
    private void powerOn(long ramSize, long ramBelow4g, int cpus) {
        long now = clock.nanos();
        Arrays.fill(cmos, (byte) 0);
        cmos[REG_A] = 0x26; // 32.768 kHz time base, 1024 Hz periodic rate
        cmos[REG_B] = 0x02; // 24-hour, BCD
        cmos[REG_D] = (byte) D_VRT;
        PcCmosLayout.fill(cmos, ramSize, ramBelow4g, cpus);
        origin = now;
        calendarAtOrigin = initialCalendar.getAsLong();
        dayOfWeekOffset = 0;
        flagsCheckedUntil = now;
    }

    /** A machine reset clears the interrupt enables and flags; time and NVRAM survive on the battery. */
    @Override
    public void reset() {
        long now = clock.nanos();
        accumulateFlags(now);
        cmos[REG_B] &= ~(B_PIE | B_AIE | B_UIE | B_SQWE);
        cmos[REG_C] = 0;
        updateIrq();
        reschedule(now);
    }

    // --- ports ---

    @Override
    public long read(long offset, int size) {
        return offset == 0 ? 0xff : readRegister(index);
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) value & 0xff;
        if (offset == 0) {
            index = v & 0x7f;
            nmiMasked = (v & 0x80) != 0; // bit 7 of the index port gates NMI on a PC; recorded, not applied
        } else {
            writeRegister(index, v);
        }
    }

    private static boolean isTimeRegister(int i) {
        return i == RegisterFormat.SECONDS || i == RegisterFormat.MINUTES || i == RegisterFormat.HOURS
                || (i >= RegisterFormat.DAY_OF_WEEK && i <= RegisterFormat.YEAR) || i == RegisterFormat.CENTURY;
    }

    private int readRegister(int i) {
        long now = clock.nanos();
        if (isTimeRegister(i)) {
            if (updatesRunning()) format().store(calendar(now), dayOfWeekOffset, cmos);
            return cmos[i] & 0xff;
        }
        switch (i) {
            case REG_A:
                return (cmos[REG_A] & ~A_UIP) | (updateInProgress(now) ? A_UIP : 0);
            case REG_C: {
                accumulateFlags(now);
                int v = registerC();
                cmos[REG_C] = 0; // reading C acknowledges every flag
                updateIrq();
                reschedule(now);
                return v;
            }
            case REG_D:
                return D_VRT;
            default:
                return cmos[i] & 0xff;
        }
    }

    private void writeRegister(int i, int v) {
        long now = clock.nanos();
        accumulateFlags(now); // events so far count under the old settings
        if (isTimeRegister(i)) {
            if (updatesRunning()) {
                freeze(now);
                cmos[i] = (byte) v;
                thaw(now);
            } else {
                cmos[i] = (byte) v;
            }
        } else if (i == REG_A) {
            boolean dividerWasRunning = dividerRunning();
            if (updatesRunning()) freeze(now);
            cmos[REG_A] = (byte) (v & ~A_UIP);
            if (!dividerWasRunning && dividerRunning()) origin = now - FIRST_UPDATE_AFTER_RESTART;
            if (updatesRunning()) thaw(now);
        } else if (i == REG_B) {
            boolean wasRunning = updatesRunning();
            if (wasRunning) freeze(now); // the registers keep the time in the format it was shown in
            cmos[REG_B] = (byte) ((v & B_SET) != 0 ? v & ~B_UIE : v); // SET clears UIE
            if (!wasRunning && updatesRunning()) thaw(now);
        } else if (i != REG_C && i != REG_D) { // C and D are read-only
            cmos[i] = (byte) v;
        }
        updateIrq();
        reschedule(now);
    }

    // --- time keeping ---

    private RegisterFormat format() {
        return new RegisterFormat(cmos[REG_B] & 0xff);
    }

    private boolean dividerRunning() {
        return (cmos[REG_A] & A_DIVIDER) <= DIVIDER_RUNNING_MAX;
    }

    private boolean updatesRunning() {
        return dividerRunning() && (cmos[REG_B] & B_SET) == 0;
    }

    private long elapsedSeconds(long t) {
        return Math.floorDiv(t - origin, SECOND);
    }

    private long calendar(long t) {
        return calendarAtOrigin + elapsedSeconds(t);
    }

    /** Updates stop: the registers now hold the time. */
    private void freeze(long now) {
        format().store(calendar(now), dayOfWeekOffset, cmos);
    }

    /** Updates resume from what the registers hold, keeping the divider's phase. */
    private void thaw(long now) {
        RegisterFormat f = format();
        long shown = f.load(cmos);
        dayOfWeekOffset = f.dayOfWeekOffset(shown, cmos);
        calendarAtOrigin = shown - elapsedSeconds(now);
    }

    private boolean updateInProgress(long now) {
        return updatesRunning() && Math.floorMod(now - origin, SECOND) >= SECOND - UIP_LEAD;
    }

    // --- flags and interrupts ---

    private int rate() {
        return cmos[REG_A] & A_RATE;
    }

    /** The periodic interrupt period in 32.768 kHz cycles: rates 1 and 2 repeat 8 and 9. */
    private long periodCycles() {
        int rs = rate();
        return 1L << (rs <= 2 ? rs + 6 : rs - 1);
    }

    private long periodicTicks(long t) {
        return oscillator.cyclesAt(t - origin) / periodCycles();
    }

    private void accumulateFlags(long now) {
        long from = flagsCheckedUntil;
        if (now <= from) return;
        flagsCheckedUntil = now;
        int flags = 0;
        if (dividerRunning() && rate() != 0 && periodicTicks(now) > periodicTicks(from)) flags |= C_PF;
        if (updatesRunning()) {
            long k1 = elapsedSeconds(from);
            long k2 = elapsedSeconds(now);
            if (k2 > k1) {
                flags |= C_UF;
                if (alarmBetween(k1, k2)) flags |= C_AF;
            }
        }
        cmos[REG_C] |= flags;
    }

    /** Whether an update after second k1, up to second k2, showed a time the alarm matches. */
    private boolean alarmBetween(long k1, long k2) {
        RegisterFormat f = format();
        long last = Math.min(k2, k1 + SECONDS_PER_DAY);
        for (long k = k1 + 1; k <= last; k++) if (f.alarmMatches(calendarAtOrigin + k, cmos)) return true;
        return false;
    }

    private int registerC() {
        int flags = cmos[REG_C] & C_FLAGS;
        return flags | ((flags & cmos[REG_B] & C_FLAGS) != 0 ? C_IRQF : 0);
    }

    private void updateIrq() {
        line.set((registerC() & C_IRQF) != 0 && !legacyReplaced);
    }

    /** Arms the timer for the next event that would raise an interrupt not already raised. */
    private void reschedule(long now) {
        int b = cmos[REG_B], c = cmos[REG_C];
        long next = Long.MAX_VALUE;
        if ((b & B_PIE) != 0 && (c & C_PF) == 0 && dividerRunning() && rate() != 0) {
            long tick = (oscillator.cyclesAt(now - origin) / periodCycles() + 1) * periodCycles();
            next = origin + oscillator.nanosAt(tick);
        }
        if ((b & B_UIE) != 0 && (c & C_UF) == 0 && updatesRunning())
            next = Math.min(next, origin + (elapsedSeconds(now) + 1) * SECOND);
        if ((b & B_AIE) != 0 && (c & C_AF) == 0 && updatesRunning()) {
            long k0 = elapsedSeconds(now);
            RegisterFormat f = format();
            for (long k = k0 + 1; k <= k0 + SECONDS_PER_DAY; k++) {
                if (f.alarmMatches(calendarAtOrigin + k, cmos)) {
                    next = Math.min(next, origin + k * SECOND);
                    break;
                }
            }
        }
        if (next == Long.MAX_VALUE) timer.cancel();
        else timer.armAt(next);
    }

    private void timerFired() {
        long now = clock.nanos();
        accumulateFlags(now);
        updateIrq();
        reschedule(now);
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, STATE_VERSION)
                .putBytes("cmos", cmos).putInt("index", index).putBoolean("nmiMasked", nmiMasked)
                .putLong("origin", origin).putLong("calendarAtOrigin", calendarAtOrigin)
                .putInt("dayOfWeekOffset", dayOfWeekOffset).putLong("flagsCheckedUntil", flagsCheckedUntil);
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        byte[] saved = s.getBytes("cmos");
        if (saved.length != cmos.length) throw new IllegalArgumentException("RTC state: CMOS of " + saved.length + " bytes");
        System.arraycopy(saved, 0, cmos, 0, cmos.length);
        index = s.getInt("index") & 0x7f;
        nmiMasked = s.getBoolean("nmiMasked");
        origin = s.getLong("origin");
        calendarAtOrigin = s.getLong("calendarAtOrigin");
        dayOfWeekOffset = s.getInt("dayOfWeekOffset");
        flagsCheckedUntil = s.getLong("flagsCheckedUntil");
        updateIrq();
        reschedule(clock.nanos());
    }

    @Override
    public String describe() {
        long now = clock.nanos();
        String time = updatesRunning()
                ? LocalDateTime.ofEpochSecond(calendar(now), 0, ZoneOffset.UTC).toString()
                : "stopped (" + ((cmos[REG_B] & B_SET) != 0 ? "SET" : "divider reset") + ")";
        int b = cmos[REG_B];
        return String.format("%s, %s %s, periodic %s, IRQ %d %s", time, (b & 0x02) != 0 ? "24h" : "12h",
                (b & 0x04) != 0 ? "binary" : "BCD", rate() == 0 ? "off" : (32768 / periodCycles()) + " Hz",
                irq, line.isAsserted() ? "asserted" : "idle");
    }
}
