package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * guests/lapic-timer on the x86 engine with Plugboard's APIC: the LVT timer in one-shot,
 * periodic and TSC-deadline mode. QEMU TCG drops {@code +tsc-deadline}, so there the program
 * reports the mode not advertised; Plugboard's qemu64 says the same, and with
 * {@code qemu64,+tsc-deadline} it runs the deadline steps instead of that line.
 */
class LapicTimerGuestTest {
    private static final GuestProgram PROGRAM = GuestProgram.named("lapic-timer");
    private static final String BANNER = "lapic-timer:";
    private static final String NOT_ADVERTISED = "tsc-deadline: not advertised";

    private static List<String> run(String cpuModel) throws Exception {
        try (DeviceTestKit kit = DeviceTestKit.builder(new ApicFactory()).build()) {
            MultibootGuest guest = new MultibootGuest(kit, PROGRAM.binary(), cpuModel);
            guest.run();
            assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status\n" + guest.output() + guest.cpuState());
            return GuestProgram.linesFrom(guest.output(), BANNER);
        }
    }

    @Test
    void periodicOneShotAndMaskedTimerAsOnQemu() throws Exception {
        assertEquals(PROGRAM.expectedQemu(), run("qemu64"));
    }

    @Test
    void tscDeadlineModeRunsWhereTheCpuAdvertisesIt() throws Exception {
        List<String> expected = new ArrayList<>(PROGRAM.expectedQemu());
        int at = expected.indexOf(NOT_ADVERTISED);
        expected.remove(at);
        expected.addAll(at, List.of(
                "tsc-deadline: 1 interrupt, not before the deadline, MSR cleared",
                "tsc-deadline: writing 0 disarms",
                "tsc-deadline: a deadline already passed fires at once",
                "tsc-deadline: follows a WRMSR to IA32_TSC"));
        assertEquals(expected, run("qemu64,+tsc-deadline"));
    }
}
