package org.plugboard.pc.reset;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * System control port A (0x92, "fast A20 and init"): bit 1 is the A20 gate, bit 0 a reset
 * strobe: writing it from 0 to 1 resets the machine. Both bits read back as written; the A20
 * state is reported, not applied (address masking belongs to the CPU side).
 */
final class Port92 implements Device, RegionOps {
    static final String TYPE = "port92";
    private static final int RESET = 0x01, A20 = 0x02;
    private final int iobase;
    private DeviceContext ctx;
    private int value;

    Port92(int iobase) {
        this.iobase = iobase;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        ctx.io().map(Region.of("port92", ctx.id(), 1, 1, 1, this), iobase);
    }

    @Override
    public void reset() {
        value = 0;
    }

    @Override
    public long read(long offset, int size) {
        return value;
    }

    @Override
    public void write(long offset, int size, long v) {
        int old = value;
        value = (int) v & (RESET | A20);
        if ((value & RESET) != 0 && (old & RESET) == 0) ctx.machine().requestReset();
    }

    boolean a20() {
        return (value & A20) != 0;
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, 1).putInt("value", value);
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, 1);
        value = s.getInt("value") & (RESET | A20);
    }

    @Override
    public String describe() {
        return "A20 " + (a20() ? "enabled" : "disabled") + " by port 0x" + Integer.toHexString(iobase);
    }
}
