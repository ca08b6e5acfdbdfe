package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.hpet.HpetFactory;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.testkit.DeviceTestKit;

/**
 * src/test/guest/hpet-ioapic.elf on the x86 engine with Plugboard's APIC, IOAPIC and HPET: edge
 * and level delivery, remote IRR, masking and legacy replacement routing. The same binary prints
 * the same lines on QEMU 7.2 TCG with {@code -machine q35 -icount shift=0} and writes 0 to
 * isa-debug-exit there too (see the program's header for runs without -icount).
 */
class HpetIoapicGuestTest {
    private static final String EXPECTED = String.join("\r\n",
            "hpet-ioapic: HPET interrupts through the IOAPIC",
            "HPET capabilities 8086a201, period 00989680 fs, IOAPIC version 00170020",
            "timer 0 periodic, GSI 2, edge: 5 interrupts",
            "legacy replacement: timer 1 on IRQ8 once, timer 0 on IRQ0 once",
            "level, GSI 20: remote IRR set, line still asserted at EOI delivered again, 2 interrupts",
            "masked level interrupt delivered when unmasked",
            "hpet-ioapic ok",
            "");

    private static DeviceSlot plug(DeviceTestKit kit, DeviceFactory factory) throws Exception {
        DeviceSlot slot = new DeviceSlot(kit.platform(), new DeviceConfig(factory.type(), factory.type(), Map.of()));
        slot.plug(FactoryHandle.of(factory));
        slot.reset();
        return slot;
    }

    @Test
    void hpetInterruptsThroughTheIoapicAsOnQemu() throws Exception {
        try (DeviceTestKit kit = DeviceTestKit.builder(new ApicFactory()).build()) {
            DeviceSlot ioapic = plug(kit, new IoApicFactory());
            DeviceSlot hpet = plug(kit, new HpetFactory());
            MultibootGuest guest = new MultibootGuest(kit, Path.of("src", "test", "guest", "hpet-ioapic.elf"));
            guest.run();
            assertEquals(EXPECTED, guest.output(), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status");
            hpet.unplug();
            ioapic.unplug();
        }
    }
}
