package org.plugboard.pc.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

/**
 * Two identical kits driven in lockstep; one of them has its device hot-swapped. Every read is
 * made on both and must agree, so a swap that loses anything the guest can see fails the test.
 */
public final class SwapTwins implements AutoCloseable {
    private final DeviceTestKit plain;
    private final DeviceTestKit swapped;

    public SwapTwins(DeviceTestKit.Builder builder) throws ConfigException {
        plain = builder.build();
        swapped = builder.build();
    }

    public void outb(int port, int v) {
        plain.outb(port, v);
        swapped.outb(port, v);
    }

    public int inb(int port) {
        int v = plain.inb(port);
        assertEquals(v, swapped.inb(port), String.format("port 0x%x after a swap", port));
        return v;
    }

    public void advance(long nanos) {
        plain.advance(nanos);
        swapped.advance(nanos);
    }

    public void input(String backend, String text) {
        plain.charBackend(backend).input(text);
        swapped.charBackend(backend).input(text);
    }

    public void swap(DeviceFactory factory) {
        swapped.swapTo(factory);
    }

    /** Both lines at the same level with the same number of edges so far. */
    public void assertSameIrq(String line) {
        IrqProbe a = plain.irq(line);
        IrqProbe b = swapped.irq(line);
        assertEquals(a.isAsserted(), b.isAsserted(), line + " level after a swap");
        assertEquals(a.edges(), b.edges(), line + " edges after a swap");
    }

    public DeviceTestKit plain() { return plain; }

    public DeviceTestKit swapped() { return swapped; }

    @Override
    public void close() {
        plain.close();
        swapped.close();
    }
}
