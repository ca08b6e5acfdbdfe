package org.plugboard.pc.fpu;

import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * The chipset's coprocessor-error logic (MS-DOS compatible x87 error reporting): FERR# from the
 * boot CPU ({@code cpu0.ferr}) raises ISA IRQ 13; a write to port 0xF0 lowers IRQ 13 and, while
 * FERR# is asserted, asserts IGNNE# ({@code cpu0.ignne}) so the error handler's own x87 code runs
 * on. IGNNE# is released when FERR# goes away (the x87 cleared its exception). Port 0xF0 reads
 * 0xFF, as on QEMU.
 */
final class FpuErrorLatch implements Device, RegionOps {
    static final String TYPE = "fpu-error";
    static final String FERR = "cpu0.ferr", IGNNE = "cpu0.ignne";
    private final int iobase, irq;
    private IrqLine irqLine, ignne;
    private InterruptFabric.Registration ferrListener;
    private boolean ferr;

    FpuErrorLatch(int iobase, int irq) {
        this.iobase = iobase;
        this.irq = irq;
    }

    @Override
    public void realize(DeviceContext context) {
        irqLine = context.isaIrq(irq);
        ignne = context.interrupts().line(IGNNE);
        context.io().map(Region.of(TYPE, context.id(), 1, 1, 1, this), iobase);
        ferrListener = context.interrupts().listen(FERR, new IrqListener() {
            @Override
            public void levelChanged(IrqLine line, boolean asserted) {
                ferrChanged(asserted);
            }
        });
    }

    private void ferrChanged(boolean asserted) {
        ferr = asserted;
        if (asserted) irqLine.set(true);
        else ignne.set(false);
    }

    @Override
    public void reset() {
        irqLine.set(false);
        ignne.set(false);
    }

    @Override
    public long read(long offset, int size) {
        return 0xff;
    }

    @Override
    public void write(long offset, int size, long value) {
        irqLine.set(false);
        if (ferr) ignne.set(true);
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, 1).putBoolean("irq", irqLine.isAsserted()).putBoolean("ignne", ignne.isAsserted());
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, 1);
        irqLine.set(s.getBoolean("irq", false));
        ignne.set(s.getBoolean("ignne", false));
    }

    @Override
    public void close() {
        if (ferrListener != null) ferrListener.remove();
    }

    @Override
    public String describe() {
        return "FERR# " + (ferr ? "asserted" : "clear") + ", IRQ " + irq + (irqLine.isAsserted() ? " raised" : " low")
                + ", IGNNE# " + (ignne.isAsserted() ? "asserted" : "clear") + " (port 0x" + Integer.toHexString(iobase) + ")";
    }
}
