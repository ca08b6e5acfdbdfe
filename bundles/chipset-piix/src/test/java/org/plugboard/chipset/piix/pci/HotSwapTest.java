package org.plugboard.chipset.piix.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.chipset.piix.ide.Piix3IdeFactory;
import org.plugboard.chipset.piix.pm.Piix4PmFactory;
import org.plugboard.chipset.piix.testing.ChipsetRig;
import org.plugboard.machine.FactoryHandle;

/**
 * Swapping a chipset function as the machine does (save, detach, create, realize, restore):
 * the new instance takes the same devfn and its BARs and base registers decode where the guest
 * left them, without the guest writing config again.
 */
class HotSwapTest {
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void ideBar4DecodesAgainAfterASwap() {
        rig.cfgWrite(1, 1, 0x20, 4, 0xc000);
        rig.cfgWrite(1, 1, 0x04, 2, 1);
        rig.outl(0xc004, 0x1000);
        String account = rig.slot("ide").swap(FactoryHandle.of(new Piix3IdeFactory()), null);
        assertTrue(account.contains("restored"), account);
        rig.platform.clock.runDue();
        assertEquals(0x70108086, rig.cfgRead(1, 1, 0, 4));
        assertEquals(0x1000, rig.inl(0xc004), "BAR4 decodes at 0xc000 with the PRD address carried over");
    }

    @Test
    void pmTimerKeepsDecodingAfterASwap() {
        rig.cfgWrite(1, 3, 0x40, 4, 0x601);
        rig.cfgWrite(1, 3, 0x80, 1, 1);
        rig.advanceTo(1_000_000_000L);
        rig.slot("pm").swap(FactoryHandle.of(new Piix4PmFactory()), null);
        rig.platform.clock.runDue();
        assertEquals(3_579_545, rig.inl(0x608));
    }
}
