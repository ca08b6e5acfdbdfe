package org.plugboard.machine;

import java.util.Map;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.DeviceState;

/**
 * A small device for swap tests, in two "implementations" (versions 1 and 2) that differ only in
 * what their version register reads. It decodes four ports (0 scratch, 1 tick count, 2 IRQ level,
 * 3 version), an MMIO window whose dword 0 mirrors scratch and version, counts ticks of a periodic
 * timer and drives {@code isa.5}.
 */
class BlinkerDevice implements Device {
    static final String TYPE = "test-blinker";
    static final int PORT = 0x510;
    static final long MMIO = 0xfed40000L;
    static final long PERIOD = 1000;

    final int version;
    final Region ports;
    final Region window;
    long scratch;
    long ticks;
    boolean level;
    Timer timer;
    IrqLine irq;

    BlinkerDevice(int version) {
        this.version = version;
        ports = Region.of("regs", "blinker-v" + version, 4, 1, 1, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return switch ((int) offset) {
                    case 0 -> scratch;
                    case 1 -> ticks;
                    case 2 -> level ? 1 : 0;
                    default -> version;
                };
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0) scratch = value;
                if (offset == 2) setLevel(value != 0);
            }
        });
        window = Region.of("window", "blinker-v" + version, 0x100, 4, 4, new RegionOps() {
            @Override
            public long read(long offset, int size) { return offset == 0 ? scratch | version << 8 : 0; }

            @Override
            public void write(long offset, int size, long value) { }
        });
    }

    private void setLevel(boolean on) {
        level = on;
        irq.set(on);
    }

    @Override
    public void realize(DeviceContext context) {
        irq = context.isaIrq(5);
        context.io().map(ports, PORT);
        context.memory().map(window, MMIO);
        timer = context.clock().newTimer("tick", () -> {
            ticks++;
            timer.armAfter(PERIOD);
        });
    }

    @Override
    public void reset() {
        scratch = 0;
        ticks = 0;
        setLevel(false);
        timer.armAfter(PERIOD);
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, version).putLong("scratch", scratch).putLong("ticks", ticks)
                .putBoolean("level", level).putLong("deadline", timer.deadline());
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, version);
        scratch = s.getLong("scratch");
        ticks = s.getLong("ticks");
        setLevel(s.getBoolean("level"));
        long deadline = s.getLong("deadline");
        if (deadline >= 0) timer.armAt(deadline);
        else timer.cancel();
    }

    /** Makes instances of one version; {@code failRealize} makes one that throws halfway through realize. */
    static DeviceFactory factory(int version, boolean failRealize) {
        return new DeviceFactory() {
            @Override public String type() { return TYPE; }
            @Override public String description() { return "swap-test device v" + version; }
            @Override public Map<String, String> properties() { return Map.of(); }

            @Override
            public Device create(DeviceConfig config) throws ConfigException {
                if (!failRealize) return new BlinkerDevice(version);
                return new BlinkerDevice(version) {
                    @Override
                    public void realize(DeviceContext context) {
                        context.io().map(ports, PORT);
                        throw new IllegalStateException("no window today");
                    }
                };
            }
        };
    }
}
