package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * src/test/guest/lapic-timer.elf on the x86 engine with Plugboard's APIC. The program prints the
 * same lines on QEMU 7.2 TCG ({@code qemu-system-i386 -kernel lapic-timer.elf -device
 * isa-debug-exit,iobase=0xf4,iosize=4}, after SeaBIOS) and writes 0 to isa-debug-exit there too.
 */
class LapicTimerGuestTest {
    private static final String EXPECTED = String.join("\r\n",
            "lapic-timer: local APIC timer",
            "periodic: 10 interrupts",
            "current count within initial and moving",
            "one-shot: 1 interrupt, count 0",
            "masked: no interrupt",
            "EOI with nothing in service: harmless",
            "timer ok",
            "");

    @Test
    void periodicOneShotAndMaskedTimerAsOnQemu() throws Exception {
        try (DeviceTestKit kit = DeviceTestKit.builder(new ApicFactory()).build()) {
            MultibootGuest guest = new MultibootGuest(kit, Path.of("src", "test", "guest", "lapic-timer.elf"));
            guest.run();
            assertEquals(EXPECTED, guest.output(), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status");
        }
    }
}
