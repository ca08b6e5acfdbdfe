package org.plugboard.chipset.piix.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The PC's rotation of INTA-D over PIRQA-D by slot (QEMU hw/i386/pc_piix.c, pc_pci_slot_get_pirq). */
class PcSlotSwizzleTest {
    private final PcSlotSwizzle swizzle = new PcSlotSwizzle();

    @Test
    void slotsRotateThePins() {
        assertEquals(0, swizzle.lineFor(0, 1 << 3, 0), "slot 1 INTA -> PIRQA");
        assertEquals(2, swizzle.lineFor(0, 3 << 3, 0), "slot 3 INTA -> PIRQC");
        assertEquals(1, swizzle.lineFor(0, 3 << 3, 3), "slot 3 INTD -> PIRQB");
        assertEquals(3, swizzle.lineFor(0, 0, 0), "slot 0 INTA -> PIRQD");
        assertEquals(2, swizzle.lineFor(0, (3 << 3) | 5, 0), "the function number plays no part");
    }
}
