package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.hpet.HpetFactory;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.testkit.DeviceTestKit;

/**
 * guests/hpet-ioapic on the x86 engine with Plugboard's APIC, IOAPIC and HPET: edge and level
 * delivery, remote IRR (cleared by EOI broadcast and by the IOAPIC's EOI register), masking, periodic and one-shot timers with legacy replacement routing off
 * and on. It prints what QEMU TCG prints with {@code -machine q35 -icount shift=0}
 * (expected-qemu.txt; see the program's header for runs without -icount).
 */
class HpetIoapicGuestTest {
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
            GuestProgram program = GuestProgram.named("hpet-ioapic");
            MultibootGuest guest = new MultibootGuest(kit, program.binary());
            guest.run();
            assertEquals(program.expectedQemu(), GuestProgram.linesFrom(guest.output(), "hpet-ioapic:"), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status");
            hpet.unplug();
            ioapic.unplug();
        }
    }
}
