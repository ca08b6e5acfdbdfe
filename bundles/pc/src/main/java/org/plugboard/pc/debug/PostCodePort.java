package org.plugboard.pc.debug;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * Port 0x80: firmware writes its power-on self-test progress codes here; the machine shows the
 * last one. Reads float high (0xff) as on a PC with no POST card.
 */
final class PostCodePort implements Device, RegionOps {
    static final String TYPE = "port80";
    private final int iobase;
    private DeviceContext ctx;
    private int lastCode = -1;

    PostCodePort(int iobase) {
        this.iobase = iobase;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        ctx.io().map(Region.of("post", ctx.id(), 1, 1, 1, this), iobase);
    }

    @Override
    public long read(long offset, int size) {
        return 0xff;
    }

    @Override
    public void write(long offset, int size, long value) {
        lastCode = (int) value & 0xff;
        ctx.machine().postCode(lastCode);
    }

    @Override
    public void reset() {
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, 1).putInt("lastCode", lastCode);
    }

    @Override
    public void restoreState(DeviceState state) {
        state.expect(TYPE, 1, 1);
        lastCode = state.getInt("lastCode");
    }

    @Override
    public String describe() {
        return lastCode < 0 ? "no POST code yet" : String.format("last POST code 0x%02x", lastCode);
    }
}
