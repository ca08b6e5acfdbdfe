package org.plugboard.chipset.piix.host;

import java.util.List;
import org.plugboard.chipset.piix.pci.IntxWiring;

/**
 * How the i440FX PC wires PCI interrupt pins to the PIIX3's PIRQA-D inputs: pin INTx of the
 * device in slot s reaches PIRQ[(s - 1 + x) mod 4], so slot 1 INTA is PIRQA and neighbouring
 * slots rotate (QEMU hw/i386/pc_piix.c, pc_pci_slot_get_pirq). The function number plays no part.
 */
public final class PcSlotSwizzle implements IntxWiring {
    /** The router inputs, as the fabric names them; the PIIX3 listens to these. */
    public static final List<String> PIRQ_LINES = List.of("pirq.A", "pirq.B", "pirq.C", "pirq.D");

    @Override
    public List<String> lines() {
        return PIRQ_LINES;
    }

    @Override
    public int lineFor(int bus, int devfn, int pin) {
        return ((devfn >> 3) - 1 + pin) & 3;
    }
}
