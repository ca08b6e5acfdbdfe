package org.plugboard.chipset.piix.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.DeviceState;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory;
import org.plugboard.chipset.piix.testing.TestPciDeviceFactory.TestPciDevice;

/**
 * INTA of a function in slot 3 reaches PIRQC ((3 - 1 + 0) mod 4, QEMU pc_pci_slot_get_pirq)
 * and from there the ISA IRQ the PIIX3's route register 0x62 names.
 */
class PirqRoutingTest {
    private static final int PIRQC_ROUTE = 0x62;
    private ChipsetRig rig;
    private TestPciDevice card;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.plug(new TestPciDeviceFactory(), "card", "devfn", String.valueOf(3 << 3));
        rig.resetAll();
        card = (TestPciDevice) rig.device("card");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private void route(int value) {
        rig.cfgWrite(1, 0, PIRQC_ROUTE, 1, value);
    }

    @Test
    void powerOnRoutesAreOffSoNothingReachesIsa() {
        card.attachment.intx().set(true);
        assertTrue(rig.irq("pirq.C").isAsserted());
        for (int irq = 0; irq < 16; irq++) assertFalse(rig.irq("isa." + irq).isAsserted(), "isa." + irq);
    }

    @Test
    void anAssertedPinReachesTheRoutedIrq() {
        route(11);
        card.attachment.intx().set(true);
        assertTrue(rig.irq("isa.11").isAsserted());
        card.attachment.intx().set(false);
        assertFalse(rig.irq("isa.11").isAsserted());
    }

    @Test
    void reroutingWhileAssertedMovesTheLevel() {
        route(11);
        card.attachment.intx().set(true);
        route(10);
        assertFalse(rig.irq("isa.11").isAsserted());
        assertTrue(rig.irq("isa.10").isAsserted());
    }

    @Test
    void bit7DisconnectsThePirq() {
        route(10);
        card.attachment.intx().set(true);
        route(0x8a);
        assertFalse(rig.irq("isa.10").isAsserted());
        route(0x0a);
        assertTrue(rig.irq("isa.10").isAsserted());
    }

    @Test
    void twoPirqsOnOneIrqShareIt() {
        route(11);
        rig.cfgWrite(1, 0, 0x60, 1, 11); // PIRQA -> 11 as well
        rig.platform.interrupts.line("pirq.A").set(true);
        card.attachment.intx().set(true);
        rig.platform.interrupts.line("pirq.A").set(false);
        assertTrue(rig.irq("isa.11").isAsserted(), "PIRQC still holds IRQ 11");
    }

    @Test
    void reroutingLeavesLevelsOtherDevicesHoldAlone() {
        rig.platform.interrupts.line("isa.5").set(true); // some ISA card
        route(5);
        route(0x80);
        assertTrue(rig.irq("isa.5").isAsserted());
    }

    @Test
    void routesAndLevelsSurviveAStateRoundTrip() {
        route(9);
        card.attachment.intx().set(true);
        DeviceState s = rig.device("isa").saveState();
        rig.device("isa").reset();
        assertFalse(rig.irq("isa.9").isAsserted());
        rig.device("isa").restoreState(s);
        assertTrue(rig.irq("isa.9").isAsserted());
        assertEquals(9, rig.cfgRead(1, 0, PIRQC_ROUTE, 1));
    }
}
