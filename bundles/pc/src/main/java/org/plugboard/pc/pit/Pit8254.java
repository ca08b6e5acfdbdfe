package org.plugboard.pc.pit;

import org.plugboard.pc.support.LegacyReplacement;

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
 * The 8254 programmable interval timer of a PC: three counters clocked at 1.193182 MHz, counter
 * 0's OUT wired to ISA IRQ 0, counter 2's gate and OUT (and the speaker enable and refresh toggle)
 * at port 0x61. Counts are computed from virtual time; a clock timer is armed only for the next
 * change of counter 0's OUT, so the IRQ line follows OUT at the cycle it changes.
 */
final class Pit8254 implements Device {
    static final String TYPE = "i8254";
    private static final int STATE_VERSION = 1;
    static final long INPUT_HZ = 1_193_182;
    /** DRAM refresh requests toggle port 0x61 bit 4 every 15.085 us on an AT. */
    private static final long REFRESH_TOGGLE_NANOS = 15_085;

    private final int iobase;
    private final int irq;
    private final int speakerPort;
    private final CrystalClock crystal = new CrystalClock(INPUT_HZ);
    private final PitCounter[] counters = {new PitCounter(), new PitCounter(), new PitCounter()};

    private VirtualClock clock;
    private IrqLine irqLine;
    private boolean legacyReplaced;
    private Timer outputTimer;
    private long armedCycle;
    private boolean speakerData;
    private int port61Reserved; // bits 2-3 (parity/IOCHK check enables) read back as written

    Pit8254(int iobase, int irq, int speakerPort) {
        this.iobase = iobase;
        this.irq = irq;
        this.speakerPort = speakerPort;
    }

    @Override
    public void realize(DeviceContext ctx) {
        clock = ctx.clock();
        irqLine = ctx.isaIrq(irq);
        outputTimer = clock.newTimer(ctx.id() + ".out0", this::counter0Changes);
        // the HPET's legacy replacement route takes IRQ 0 over: the PIT's output is cut off
        ctx.interrupts().listen(LegacyReplacement.LINE, new LegacyReplacement(gated -> {
            legacyReplaced = gated;
            followCounter0(cycle());
        }));
        ctx.io().map(Region.of("pit", ctx.id(), 4, 1, 1, new PitPorts()), iobase);
        if (speakerPort >= 0) ctx.io().map(Region.of("speaker", ctx.id(), 1, 1, 1, new SpeakerPort()), speakerPort);
    }

    @Override
    public void reset() {
        long now = cycle();
        for (int i = 0; i < 3; i++) counters[i].reset(i != 2, now); // counter 2's gate comes from port 0x61
        speakerData = false;
        port61Reserved = 0;
        followCounter0(now);
    }

    private long cycle() {
        return crystal.cyclesAt(clock.nanos());
    }

    // --- IRQ 0 ---

    /** Sets IRQ 0 to counter 0's OUT at {@code at} and arms the timer for its next change. */
    private void followCounter0(long at) {
        PitCounter c0 = counters[0];
        irqLine.set(c0.out(at) && !legacyReplaced);
        long next = c0.nextOutputChange(at);
        if (next < 0) {
            outputTimer.cancel();
        } else {
            armedCycle = next;
            outputTimer.armAt(crystal.nanosAt(next));
        }
    }

    /** The timer fired: OUT changed at the armed cycle (or later, if the guest already looked past it). */
    private void counter0Changes() {
        followCounter0(Math.max(armedCycle, counters[0].lastCycle()));
    }

    // --- ports ---

    private final class PitPorts implements RegionOps {
        @Override
        public long read(long offset, int size) {
            if (offset == 3) return 0xff; // the control word register is write-only
            return counters[(int) offset].readByte(cycle());
        }

        @Override
        public void write(long offset, int size, long value) {
            int v = (int) value & 0xff;
            long now = cycle();
            if (offset == 3) controlWord(v, now);
            else counters[(int) offset].writeByte(v, now);
            if (offset != 2) followCounter0(now);
        }
    }

    private void controlWord(int v, long now) {
        int select = v >>> 6;
        if (select == 3) { // read-back: bit 5 low latches counts, bit 4 low latches status
            for (int i = 0; i < 3; i++) {
                if ((v & (2 << i)) == 0) continue;
                if ((v & 0x10) == 0) counters[i].latchStatus(now);
                if ((v & 0x20) == 0) counters[i].latchCount(now);
            }
            return;
        }
        int rw = (v >>> 4) & 3;
        if (rw == 0) counters[select].latchCount(now);
        else counters[select].control(rw, (v >>> 1) & 7, (v & 1) != 0, now);
    }

    private final class SpeakerPort implements RegionOps {
        @Override
        public long read(long offset, int size) {
            long now = clock.nanos();
            PitCounter c2 = counters[2];
            return (c2.gate() ? 0x01 : 0) | (speakerData ? 0x02 : 0) | port61Reserved
                    | ((now / REFRESH_TOGGLE_NANOS) & 1) << 4 | (c2.out(crystal.cyclesAt(now)) ? 0x20 : 0);
        }

        @Override
        public void write(long offset, int size, long value) {
            counters[2].setGate((value & 0x01) != 0, cycle());
            speakerData = (value & 0x02) != 0;
            port61Reserved = (int) value & 0x0c;
        }
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        DeviceState s = new DeviceState(TYPE, STATE_VERSION)
                .putBoolean("speakerData", speakerData).putInt("port61", port61Reserved);
        for (int i = 0; i < 3; i++) counters[i].save(s, "counter" + i + ".");
        return s;
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        speakerData = s.getBoolean("speakerData");
        port61Reserved = s.getInt("port61") & 0x0c;
        for (int i = 0; i < 3; i++) counters[i].restore(s, "counter" + i + ".");
        followCounter0(Math.max(cycle(), counters[0].lastCycle()));
    }

    @Override
    public String describe() {
        long now = cycle();
        return "0: " + counters[0].describe(now) + "; 1: " + counters[1].describe(now) + "; 2: "
                + counters[2].describe(now) + (speakerData ? ", speaker on" : "");
    }
}
