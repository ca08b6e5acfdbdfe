package org.plugboard.chipset.piix.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory.TestPciDevice;

/** INTx as the host handles it: the named fabric line, the disable bit, the status bit, wire-OR. */
class IntxTest {
    private ChipsetRig rig;
    private TestPciDevice slot3;
    private TestPciDevice slot7;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.plug(new TestPciDeviceFactory(), "a", "devfn", String.valueOf(3 << 3));
        rig.plug(new TestPciDeviceFactory(), "b", "devfn", String.valueOf(7 << 3)); // (7-1+0)&3 = 2: PIRQC too
        rig.resetAll();
        slot3 = (TestPciDevice) rig.device("a");
        slot7 = (TestPciDevice) rig.device("b");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void thePinDrivesItsNamedLineAndTheStatusBit() {
        assertEquals("pci.00:03.0.INTA", slot3.attachment.intx().name());
        slot3.attachment.intx().set(true);
        assertTrue(rig.irq("pci.00:03.0.INTA").isAsserted());
        assertEquals(0x08, rig.cfgRead(3, 0, 0x06, 2) & 0x08);
        slot3.attachment.intx().set(false);
        assertFalse(rig.irq("pci.00:03.0.INTA").isAsserted());
        assertEquals(0, rig.cfgRead(3, 0, 0x06, 2) & 0x08);
    }

    @Test
    void theDisableBitGatesTheLineButNotTheStatusBit() {
        slot3.attachment.intx().set(true);
        rig.cfgWrite(3, 0, 0x04, 2, 0x400);
        assertFalse(rig.irq("pci.00:03.0.INTA").isAsserted());
        assertFalse(rig.irq("pirq.C").isAsserted());
        assertEquals(0x08, rig.cfgRead(3, 0, 0x06, 1) & 0x08, "interrupt status still shows the pin");
        rig.cfgWrite(3, 0, 0x04, 2, 0);
        assertTrue(rig.irq("pci.00:03.0.INTA").isAsserted());
        assertTrue(rig.irq("pirq.C").isAsserted());
    }

    @Test
    void pinsSharingAPirqAreWireOred() {
        slot3.attachment.intx().set(true);
        slot7.attachment.intx().set(true);
        slot3.attachment.intx().set(false);
        assertTrue(rig.irq("pirq.C").isAsserted(), "slot 7 still holds PIRQC");
        slot7.attachment.intx().set(false);
        assertFalse(rig.irq("pirq.C").isAsserted());
    }

    @Test
    void unpluggingAnAssertingFunctionReleasesItsPirq() {
        slot3.attachment.intx().set(true);
        rig.slot("a").unplug();
        assertFalse(rig.irq("pirq.C").isAsserted());
    }
}
