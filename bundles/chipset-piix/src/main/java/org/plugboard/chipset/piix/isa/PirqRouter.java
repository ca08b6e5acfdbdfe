package org.plugboard.chipset.piix.isa;

import java.util.List;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;

/**
 * Routes the PIRQ inputs to ISA IRQ lines by the PIRQ route control registers: a value below 16
 * routes to that IRQ, anything else (bit 7, the power-on 0x80) disconnects the input (QEMU
 * hw/isa/piix.c treats every value of 16 and up as disabled). PIRQs routed to the same IRQ share
 * it (wire-OR). Only IRQ lines this router asserted are ever deasserted by it, so a re-route
 * never drops a level another ISA device holds.
 */
final class PirqRouter implements IrqListener {
    private static final int ISA_IRQS = 16;

    private final InterruptFabric fabric;
    private final List<String> inputNames;
    private final boolean[] levels;
    private final int[] routes;
    private final IrqLine[] isa = new IrqLine[ISA_IRQS];
    private int driven;

    PirqRouter(InterruptFabric fabric, List<String> inputNames) {
        this.fabric = fabric;
        this.inputNames = inputNames;
        this.levels = new boolean[inputNames.size()];
        this.routes = new int[inputNames.size()];
        java.util.Arrays.fill(routes, 0x80);
        for (int i = 0; i < ISA_IRQS; i++) isa[i] = fabric.line("isa." + i);
    }

    /** Starts following the inputs (their current levels arrive at once). */
    void listen() {
        for (String name : inputNames) fabric.listen(name, this);
    }

    /** Re-reads the inputs' levels from the fabric (after a restore). */
    void resample() {
        for (int i = 0; i < levels.length; i++) levels[i] = fabric.line(inputNames.get(i)).isAsserted();
        drive();
    }

    void setRoute(int input, int value) {
        routes[input] = value & 0xff;
    }

    /** Applies the routes and levels to the ISA lines. */
    void drive() {
        int want = 0;
        for (int i = 0; i < levels.length; i++)
            if (levels[i] && routes[i] < ISA_IRQS) want |= 1 << routes[i];
        int changed = want ^ driven;
        driven = want;
        for (int irq = 0; irq < ISA_IRQS; irq++)
            if ((changed & (1 << irq)) != 0) isa[irq].set((want & (1 << irq)) != 0);
    }

    @Override
    public void levelChanged(IrqLine line, boolean asserted) {
        int i = inputNames.indexOf(line.name());
        if (i < 0 || levels[i] == asserted) return;
        levels[i] = asserted;
        drive();
    }

    /** "PIRQA->IRQ11 (asserted), PIRQB off, ..." */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < routes.length; i++) {
            if (i > 0) b.append(", ");
            b.append("PIRQ").append((char) ('A' + i));
            b.append(routes[i] < ISA_IRQS ? "->IRQ" + routes[i] : " off");
            if (levels[i]) b.append(" (asserted)");
        }
        return b.toString();
    }
}
