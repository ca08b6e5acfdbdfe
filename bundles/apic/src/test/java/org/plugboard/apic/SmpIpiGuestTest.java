package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * src/test/guest/smp-ipi.elf on four x86-engine vCPUs with Plugboard's APIC: INIT/SIPI start-up
 * of the APs, directed and broadcast IPIs, and IPIs back to the BSP. The same binary prints the
 * same lines on QEMU 7.2 TCG with {@code -smp 4} and writes 0 to isa-debug-exit there too.
 */
class SmpIpiGuestTest {
    private static final String EXPECTED = String.join("\r\n",
            "smp-ipi: INIT/SIPI start-up and IPIs",
            "APs started: 3",
            "directed IPI taken by APIC IDs 1, 2, 3",
            "broadcast IPI taken by every AP, replies from APIC IDs 1, 2, 3",
            "smp ok",
            "");

    @Test
    void fourCpusStartAndExchangeIpisAsOnQemu() throws Exception {
        try (DeviceTestKit kit = DeviceTestKit.builder(new ApicFactory()).cpus(4).build()) {
            MultibootGuest guest = new MultibootGuest(kit, Path.of("src", "test", "guest", "smp-ipi.elf"));
            guest.run();
            assertEquals(EXPECTED, guest.output(), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status");
        }
    }
}
