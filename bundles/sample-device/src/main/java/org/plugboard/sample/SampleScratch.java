package org.plugboard.sample;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * Ports iobase+0..7: scratch bytes the guest writes and reads back. iobase+8: the last
 * character of the build tag, '1' for v1 (read-only), iobase+9: control (bit 0 starts a 1 ms tick that
 * pulses the IRQ and counts), iobase+0xc..0xf: the tick count (32-bit, read-only). The 4 KiB MMIO
 * window mirrors the scratch bytes at offsets 0..7 and the count at 0xc.
 */
public final class SampleScratch implements Device {
    static final long TICK_NANOS = 1_000_000;

    private final int iobase;
    private final long mmio;
    private final int irqNumber;
    private final String buildTag;
    private final byte[] scratch = new byte[8];
    private int control;
    private int ticks;
    private Timer timer;
    private IrqLine irq;
    private DeviceContext ctx;

    SampleScratch(int iobase, long mmio, int irq, String buildTag) {
        this.iobase = iobase;
        this.mmio = mmio;
        this.irqNumber = irq;
        this.buildTag = buildTag;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        irq = context.isaIrq(irqNumber);
        timer = context.clock().newTimer("tick", this::tick);
        RegionOps ops = new RegionOps() {
            @Override public long read(long offset, int size) { return readByte((int) offset); }
            @Override public void write(long offset, int size, long value) { writeByte((int) offset, (int) value); }
        };
        context.io().map(Region.of("scratch", context.id(), 16, 1, 1, ops), iobase);
        context.memory().map(Region.of("scratch-mmio", context.id(), 4096, 1, 1, ops), mmio);
    }

    private int readByte(int offset) {
        if (offset < 8) return scratch[offset] & 0xff;
        if (offset == 8) return buildTag.charAt(buildTag.length() - 1);
        if (offset == 9) return control;
        if (offset >= 0xc && offset < 0x10) return (ticks >>> (8 * (offset - 0xc))) & 0xff;
        return 0;
    }

    private void writeByte(int offset, int value) {
        if (offset < 8) scratch[offset] = (byte) value;
        else if (offset == 9) {
            boolean was = (control & 1) != 0;
            control = value & 1;
            if (!was && control == 1) timer.armAfter(TICK_NANOS);
            if (control == 0) timer.cancel();
        }
    }

    private void tick() {
        ticks++;
        irq.pulse();
        timer.armAt(ctx.clock().nanos() + TICK_NANOS);
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(scratch, (byte) 0);
        control = 0;
        ticks = 0;
        timer.cancel();
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(SampleScratchFactory.TYPE, 1).putBytes("scratch", scratch).putInt("control", control)
                .putInt("ticks", ticks).putLong("next-tick", timer.deadline());
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(SampleScratchFactory.TYPE, 1, 1);
        System.arraycopy(s.getBytes("scratch"), 0, scratch, 0, 8);
        control = s.getInt("control");
        ticks = s.getInt("ticks");
        long next = s.getLong("next-tick");
        if (next >= 0) timer.armAt(next);
        else timer.cancel();
    }

    @Override
    public String describe() {
        return String.format("build %s, control=%d, ticks=%d", buildTag, control, ticks);
    }

    /** Which build of the code this instance runs (for tests and the shell). */
    public String buildTag() {
        return buildTag;
    }
}
