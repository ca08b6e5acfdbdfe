package org.plugboard.chipset.piix.pci;

import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.pci.PciAttachment;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.api.pci.PciFunction;
import org.plugboard.bus.BusDma;

/**
 * One function plugged into a {@link PciBus}: relays configuration cycles to it, watches the
 * writes that move or gate its BARs and INTx, overlays the status register's interrupt bit
 * (the host knows the pin's level; the function's own config space does not have to) and gates
 * its DMA on the bus-master bit.
 */
public final class PciSlot implements PciAttachment {
    /** The status byte that holds the interrupt-status bit (bit 3). */
    private static final int INTERRUPT_STATUS_BYTE = PciConfig.STATUS;

    private final PciBus bus;
    private final String owner;
    private final PciFunction function;
    private final int devfn;
    private final int pin;
    private final IntxPin intx;
    private final IrqLine output;
    private final BarDecoder bars;
    private final Dma dma;
    private boolean outputAsserted;
    private boolean detached;

    PciSlot(PciBus bus, String owner, PciFunction function, int devfn) {
        this.bus = bus;
        this.owner = owner;
        this.function = function;
        this.devfn = devfn;
        int p = function.configRead(PciConfig.INT_PIN, 1);
        this.pin = p >= 1 && p <= 4 ? p - 1 : -1;
        // a function without a pin still gets a line name, but its pin never reaches the router
        String name = "pci." + address() + ".INT" + (char) ('A' + Math.max(pin, 0));
        this.intx = new IntxPin(name, this::updateIntx);
        this.output = bus.fabric().line(name);
        this.bars = new BarDecoder(function, bus.io(), bus.memory(), PciBus.BAR_PRIORITY);
        this.dma = new BusDma(bus.memory(), this::busMasterEnabled, owner + " (PCI " + address() + ")");
    }

    @Override public String owner() { return owner; }
    @Override public int bus() { return 0; }
    @Override public int devfn() { return devfn; }
    @Override public PciFunction function() { return function; }
    @Override public IrqLine intx() { return intx; }
    @Override public Dma busMaster() { return dma; }

    /** Where BAR {@code index} decodes now, or -1. */
    public long barAddress(int index) {
        return bars.decodedAt(index);
    }

    int configRead(int offset, int size) {
        int v;
        if (offset % size == 0) {
            v = function.configRead(offset, size);
        } else { // the function takes naturally aligned accesses only
            v = 0;
            for (int i = 0; i < size; i++) v |= (function.configRead(offset + i, 1) & 0xff) << (8 * i);
        }
        if (intx.isAsserted() && offset <= INTERRUPT_STATUS_BYTE && offset + size > INTERRUPT_STATUS_BYTE)
            v |= PciConfig.STATUS_INTX << (8 * (INTERRUPT_STATUS_BYTE - offset));
        return v;
    }

    void configWrite(int offset, int size, int value) {
        if (offset % size == 0) {
            function.configWrite(offset, size, value);
        } else {
            for (int i = 0; i < size; i++) function.configWrite(offset + i, 1, (value >>> (8 * i)) & 0xff);
        }
        if (touches(offset, size, PciConfig.COMMAND, 2) || touches(offset, size, PciConfig.BAR0, 24)
                || touches(offset, size, PciConfig.ROM_BAR, 4))
            refresh();
    }

    private static boolean touches(int offset, int size, int start, int length) {
        return offset < start + length && start < offset + size;
    }

    /** Re-decodes the BARs and the INTx gate from the function's config space as it is now. */
    public void refresh() {
        if (detached) return;
        bars.update();
        updateIntx();
    }

    private int command() {
        return function.configRead(PciConfig.COMMAND, 2);
    }

    private boolean busMasterEnabled() {
        return !detached && (command() & PciConfig.CMD_BUS_MASTER) != 0;
    }

    private void updateIntx() {
        boolean out = !detached && pin >= 0 && intx.isAsserted() && (command() & PciConfig.CMD_INTX_DISABLE) == 0;
        if (out == outputAsserted) return;
        outputAsserted = out;
        output.set(out);
        bus.pinChanged(this, pin, out);
    }

    @Override
    public void detach() {
        if (detached) return;
        detached = true;
        updateIntx();
        bars.unmapAll();
        bus.release(this);
    }

    @Override
    public String toString() {
        return address() + " " + owner;
    }
}
