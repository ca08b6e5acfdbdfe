package org.plugboard.benchmarks;

import java.util.Map;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.DeviceState;

/**
 * A device of the size swaps are about: three port regions, a sub-page MMIO window, a periodic
 * timer and an IRQ line, with a handful of state fields.
 */
final class BenchDevice implements Device {
    static final String TYPE = "bench-device";

    private final Handlers.Registers uart = new Handlers.Registers(8);
    private Timer timer;
    private IrqLine irq;
    private long ticks;

    @Override
    public void realize(DeviceContext context) {
        context.io().map(Region.of("uart", context.id(), 8, 1, 1, uart), 0x3f8);
        context.io().map(Handlers.registers(context.id(), 8, 1, 1), 0x2f8);
        context.io().map(Handlers.registers(context.id(), 2, 1, 2), 0x510);
        context.memory().map(Handlers.registers(context.id(), 0x400, 4, 8), 0xfed00000L);
        irq = context.isaIrq(4);
        timer = context.clock().newTimer("tick", () -> {
            ticks++;
            timer.armAfter(1_000_000);
        });
    }

    @Override
    public void reset() {
        ticks = 0;
        irq.set(false);
        timer.armAfter(1_000_000);
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, 1).putBytes("regs", uart.regs).putLong("ticks", ticks)
                .putBoolean("irq", irq.isAsserted()).putLong("deadline", timer.deadline());
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, 1);
        System.arraycopy(s.getBytes("regs"), 0, uart.regs, 0, uart.regs.length);
        ticks = s.getLong("ticks");
        irq.set(s.getBoolean("irq"));
        long deadline = s.getLong("deadline");
        if (deadline >= 0) timer.armAt(deadline);
    }

    /** A factory; two of them stand for the old and the new bundle of a swap. */
    static DeviceFactory factory() {
        return new DeviceFactory() {
            @Override public String type() { return TYPE; }
            @Override public String description() { return "benchmark device"; }
            @Override public Map<String, String> properties() { return Map.of(); }
            @Override public Device create(DeviceConfig config) { return new BenchDevice(); }
        };
    }
}
