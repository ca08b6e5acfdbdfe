package org.plugboard.itest;

import java.util.Map;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.DeviceState;

/**
 * A competing implementation of the sample-scratch type, as a quirk bundle would offer one: it
 * reads and writes the same state, but its tag register answers 'Q' and it has no timer.
 */
final class MirrorScratchFactory implements DeviceFactory {
    @Override public String type() { return "sample-scratch"; }
    @Override public String description() { return "test quirk for sample-scratch"; }
    @Override public Map<String, String> properties() { return Map.of("iobase", "", "mmio", "", "irq", ""); }

    @Override
    public Device create(DeviceConfig config) throws org.plugboard.api.device.ConfigException {
        return new Mirror((int) config.number("iobase", 0x700));
    }

    static final class Mirror implements Device {
        private final int iobase;
        private byte[] scratch = new byte[8];
        private DeviceState kept;

        Mirror(int iobase) {
            this.iobase = iobase;
        }

        @Override
        public void realize(DeviceContext ctx) {
            ctx.io().map(Region.of("mirror", ctx.id(), 16, 1, 1, new RegionOps() {
                @Override public long read(long o, int size) { return o < 8 ? scratch[(int) o] & 0xff : o == 8 ? 'Q' : 0; }
                @Override public void write(long o, int size, long v) { if (o < 8) scratch[(int) o] = (byte) v; }
            }), iobase);
        }

        @Override public void reset() { scratch = new byte[8]; }

        @Override
        public DeviceState saveState() {
            // carries the fields this implementation does not use, so swapping back loses nothing
            DeviceState s = new DeviceState("sample-scratch", 1).putBytes("scratch", scratch);
            s.putInt("control", kept == null ? 0 : kept.getInt("control"));
            s.putInt("ticks", kept == null ? 0 : kept.getInt("ticks"));
            s.putLong("next-tick", -1);
            return s;
        }

        @Override
        public void restoreState(DeviceState s) {
            s.expect("sample-scratch", 1, 1);
            scratch = s.getBytes("scratch");
            kept = s;
        }
    }
}
