package org.plugboard.pc.debug;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * QEMU's isa-debug-exit: a write of {@code v} (of any width up to 4 bytes, at any offset) powers
 * the machine off with exit status {@code (v << 1) | 1}, so a test guest's status can never be
 * mistaken for a clean 0. Reads return 0.
 */
final class DebugExit implements Device, RegionOps {
    static final String TYPE = "isa-debug-exit";
    private final int iobase;
    private final int iosize;
    private DeviceContext ctx;

    DebugExit(int iobase, int iosize) {
        this.iobase = iobase;
        this.iosize = iosize;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        ctx.io().map(Region.of("debug-exit", ctx.id(), iosize, 1, 4, this), iobase);
    }

    @Override
    public long read(long offset, int size) {
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        ctx.machine().requestShutdown((int) ((value << 1) | 1));
    }

    @Override
    public void reset() {
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, 1);
    }

    @Override
    public void restoreState(DeviceState state) {
        state.expect(TYPE, 1, 1);
    }

    @Override
    public String describe() {
        return String.format("exit port 0x%x..0x%x", iobase, iobase + iosize - 1);
    }
}
