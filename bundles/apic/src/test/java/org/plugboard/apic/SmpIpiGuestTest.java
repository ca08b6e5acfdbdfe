package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * guests/smp-ipi on four x86-engine vCPUs with Plugboard's APIC: INIT/SIPI start-up of the APs,
 * directed and broadcast IPIs, and IPIs back to the BSP, printing what QEMU TCG prints with
 * {@code -smp 4} (expected-qemu.txt).
 */
class SmpIpiGuestTest {
    @Test
    void fourCpusStartAndExchangeIpisAsOnQemu() throws Exception {
        GuestProgram program = GuestProgram.named("smp-ipi");
        try (DeviceTestKit kit = DeviceTestKit.builder(new ApicFactory()).cpus(4).build()) {
            MultibootGuest guest = new MultibootGuest(kit, program.binary());
            guest.run();
            assertEquals(program.expectedQemu(), GuestProgram.linesFrom(guest.output(), "smp-ipi:"), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status");
        }
    }
}
