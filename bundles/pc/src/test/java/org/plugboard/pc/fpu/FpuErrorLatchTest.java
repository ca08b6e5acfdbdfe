package org.plugboard.pc.fpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

class FpuErrorLatchTest {

    @Test
    void ferrRaisesIrq13AndPortF0LowersItAndAssertsIgnne() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new FpuErrorLatchFactory()).build()) {
            IrqLine ferr = kit.interrupts().line("cpu0.ferr");
            IrqProbe irq13 = kit.isaIrq(13), ignne = kit.irq("cpu0.ignne");
            ferr.set(true);
            assertTrue(irq13.isAsserted(), "FERR# raises IRQ 13");
            assertFalse(ignne.isAsserted());
            kit.outb(0xf0, 0x00);
            assertFalse(irq13.isAsserted(), "the write to 0xF0 lowers IRQ 13");
            assertTrue(ignne.isAsserted(), "and asserts IGNNE# while FERR# is asserted");
            assertEquals(0xff, kit.inb(0xf0));
            ferr.set(false);
            assertFalse(ignne.isAsserted(), "FERR# gone (the x87 cleared its exception): IGNNE# released");
            assertFalse(irq13.isAsserted());
            ferr.set(true);
            assertEquals(2, irq13.risingEdges(), "the next error raises IRQ 13 again");
        }
    }

    @Test
    void portF0WithoutFerrOnlyLowersTheIrq() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new FpuErrorLatchFactory()).build()) {
            kit.outb(0xf0, 0x00);
            assertFalse(kit.irq("cpu0.ignne").isAsserted(), "no FERR#: nothing to ignore");
            assertFalse(kit.isaIrq(13).isAsserted());
        }
    }

    @Test
    void irqStaysRaisedUntilThePortWriteEvenIfFerrDrops() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new FpuErrorLatchFactory()).build()) {
            IrqLine ferr = kit.interrupts().line("cpu0.ferr");
            ferr.set(true);
            ferr.set(false);
            assertTrue(kit.isaIrq(13).isAsserted(), "IRQ 13 is latched, as on QEMU");
            kit.outb(0xf0, 0x00);
            assertFalse(kit.isaIrq(13).isAsserted());
        }
    }

    @Test
    void stateSurvivesSwapAndResetClearsIt() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new FpuErrorLatchFactory()).build()) {
            IrqLine ferr = kit.interrupts().line("cpu0.ferr");
            ferr.set(true);
            kit.outb(0xf0, 0x00);
            kit.swapTo(new FpuErrorLatchFactory());
            assertTrue(kit.irq("cpu0.ignne").isAsserted(), "IGNNE# survives the swap");
            ferr.set(false);
            assertFalse(kit.irq("cpu0.ignne").isAsserted(), "the new instance follows FERR#");
            ferr.set(true);
            assertTrue(kit.isaIrq(13).isAsserted());
            kit.reset();
            assertFalse(kit.isaIrq(13).isAsserted());
            assertFalse(kit.irq("cpu0.ignne").isAsserted());
        }
    }
}
