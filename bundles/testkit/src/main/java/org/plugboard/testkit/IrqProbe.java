package org.plugboard.testkit;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;

/** Watches one IRQ line: its level, how often it rose, how often it was pulsed. */
public final class IrqProbe implements IrqListener {
    private final IrqLine line;
    private int risingEdges;
    private int pulses;

    IrqProbe(IrqLine line) {
        this.line = line;
    }

    @Override
    public void levelChanged(IrqLine l, boolean asserted) {
        if (asserted) risingEdges++;
    }

    @Override
    public void pulsed(IrqLine l) {
        pulses++;
    }

    public boolean isAsserted() { return line.isAsserted(); }

    /** Deassert-to-assert transitions of the level, since the probe was made or {@link #clear()}ed. */
    public int risingEdges() { return risingEdges; }

    /** {@link IrqLine#pulse()} calls seen. */
    public int pulses() { return pulses; }

    /** Rising edges plus pulses: every interrupt an edge-triggered controller would latch. */
    public int edges() { return risingEdges + pulses; }

    public void clear() {
        risingEdges = 0;
        pulses = 0;
    }

    @Override
    public String toString() { return "probe(" + line.name() + ")"; }
}
