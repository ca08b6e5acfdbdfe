package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.pc.pic.PicPairFactory;
import org.plugboard.testkit.DeviceTestKit;

/** The local APICs with an IOAPIC and the real 8259 on the same bus: line to vector to EOI and back. */
class InterruptRoutingTest {
    private static final long LAPIC = LocalApicTest.BASE, IOAPIC = IoApicTest.BASE;

    private DeviceTestKit kit;
    private DeviceSlot ioapic;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new ApicFactory()).cpus(2).build();
        ioapic = plug(new IoApicFactory(), "ioapic", Map.of());
        for (int cpu = 0; cpu < 2; cpu++) {
            kit.setCurrentCpu(cpu);
            kit.write(LAPIC + 0xf0, 4, 0x1ff);
        }
    }

    @AfterEach
    void tearDown() {
        ioapic.unplug();
        kit.close();
    }

    private DeviceSlot plug(DeviceFactory factory, String id, Map<String, String> props) throws ConfigException {
        DeviceSlot slot = new DeviceSlot(kit.platform(), new DeviceConfig(factory.type(), id, props));
        slot.plug(FactoryHandle.of(factory));
        slot.reset();
        return slot;
    }

    private void route(int pin, long low, int destination) {
        kit.write(IOAPIC, 4, 0x11 + 2 * pin);
        kit.write(IOAPIC + 0x10, 4, (long) destination << 24);
        kit.write(IOAPIC, 4, 0x10 + 2 * pin);
        kit.write(IOAPIC + 0x10, 4, low);
    }

    private void eoi(int cpu) {
        kit.setCurrentCpu(cpu);
        kit.write(LAPIC + 0xb0, 4, 0);
    }

    @Test
    void levelInterruptRoundTripThroughTheLocalApicEoi() {
        route(16, 1 << 15 | 0x61, 1); // PCI-style level pin to CPU 1
        kit.interrupts().line("gsi.16").set(true);
        assertTrue(kit.irq("cpu1.intr").isAsserted());
        assertFalse(kit.irq("cpu0.intr").isAsserted());
        InterruptController cpu1 = kit.interruptController(1);
        assertEquals(0x61, cpu1.acknowledge());
        eoi(1); // the device still asserts: the EOI broadcast clears remote IRR and the IOAPIC delivers again
        assertTrue(kit.irq("cpu1.intr").isAsserted());
        assertEquals(0x61, cpu1.acknowledge());
        kit.interrupts().line("gsi.16").set(false); // the handler quietened the device
        eoi(1);
        assertFalse(kit.irq("cpu1.intr").isAsserted());
    }

    @Test
    void edgeInterruptFromAnIsaLine() {
        route(4, 0x34, 0);
        kit.interrupts().line("isa.4").pulse();
        assertEquals(0x34, kit.interruptController(0).acknowledge());
        eoi(0);
        assertFalse(kit.irq("cpu0.intr").isAsserted());
    }

    @Test
    void extIntAcknowledgeIsAnsweredByThe8259BehindLint0() throws ConfigException {
        DeviceSlot pic = plug(new PicPairFactory(), "pic", Map.of("output", "lint0", "cpu", "-1"));
        ((LocalApicDevice) kit.device()).connectExtIntSource((InterruptController) pic.instance());
        kit.outb(0x20, 0x11); // ICW1..ICW4: vectors 0x08-0x0f, cascade on IR2, 8086 mode
        kit.outb(0x21, 0x08);
        kit.outb(0x21, 0x04);
        kit.outb(0x21, 0x01);
        kit.outb(0x21, 0xfd); // only IRQ1 unmasked
        kit.interrupts().line("isa.1").set(true);
        assertTrue(kit.irq("cpu0.intr").isAsserted(), "LINT0 is ExtINT on the BSP at power-on");
        assertFalse(kit.irq("cpu1.intr").isAsserted(), "an AP's LINT0 is masked");
        assertEquals(0x09, kit.interruptController(0).acknowledge(), "the 8259's vector");
        assertFalse(kit.irq("cpu0.intr").isAsserted(), "IRQ1 is in service in the 8259");
        kit.setCurrentCpu(0);
        kit.write(LAPIC + 0x350, 4, 0x10700);
        kit.outb(0x20, 0x20); // non-specific EOI to the 8259
        assertFalse(kit.irq("cpu0.intr").isAsserted(), "LINT0 masked");
        pic.unplug();
    }
}
