package org.plugboard.pc.support;

import java.util.function.Consumer;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;

/**
 * Follows the HPET's legacy-replacement line: while it is asserted the HPET drives IRQ 0 and
 * IRQ 8, and the PIT and the RTC must not (on real chipsets their outputs are cut off).
 */
public final class LegacyReplacement implements IrqListener {
    /** The line the HPET asserts while its LEG_RT_CNF bit is set. */
    public static final String LINE = "hpet.legacy-replacement";

    private final Consumer<Boolean> gate;

    public LegacyReplacement(Consumer<Boolean> gate) {
        this.gate = gate;
    }

    @Override
    public void levelChanged(IrqLine line, boolean asserted) {
        gate.accept(asserted);
    }

    @Override
    public void pulsed(IrqLine line) {
        // a pulse is no lasting route change
    }
}
