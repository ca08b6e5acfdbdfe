package org.plugboard.chipset.piix.pci;

import org.plugboard.api.bus.IrqLine;

/**
 * The INTx pin as the function drives it (its own level, before the command register's
 * INTx-disable bit). The gated level leaves through the fabric line of the same name.
 */
final class IntxPin implements IrqLine {
    private final String name;
    private final Runnable changed;
    private boolean level;

    IntxPin(String name, Runnable changed) {
        this.name = name;
        this.changed = changed;
    }

    @Override
    public String name() { return name; }

    @Override
    public void set(boolean asserted) {
        if (asserted == level) return;
        level = asserted;
        changed.run();
    }

    @Override
    public void pulse() {
        set(true);
        set(false);
    }

    @Override
    public boolean isAsserted() { return level; }
}
