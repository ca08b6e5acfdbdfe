package org.plugboard.pc.debug;

import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.CharBackend;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * The Bochs/QEMU debug console (port 0xe9): bytes written go to a character backend without any
 * UART set-up; a read returns a fixed value (0xe9) so a guest can detect the port.
 */
final class DebugConsole implements Device, RegionOps {
    static final String TYPE = "isa-debugcon";
    private final int iobase;
    private final String chardev;
    private final int readback;
    private CharBackend backend;
    private long written;

    DebugConsole(int iobase, String chardev, int readback) {
        this.iobase = iobase;
        this.chardev = chardev;
        this.readback = readback;
    }

    @Override
    public void realize(DeviceContext ctx) {
        backend = ctx.charBackend(chardev).orElse(null);
        ctx.io().map(Region.of("debugcon", ctx.id(), 1, 1, 1, this), iobase);
    }

    @Override
    public long read(long offset, int size) {
        return readback;
    }

    @Override
    public void write(long offset, int size, long value) {
        written++;
        if (backend != null) backend.write((int) value & 0xff);
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
        return String.format("port 0x%x -> %s, %d bytes written", iobase,
                backend == null ? chardev + " (absent: output dropped)" : chardev, written);
    }
}
