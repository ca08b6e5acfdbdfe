package org.plugboard.hpet.piix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.plugboard.apic.MultibootGuest;
import org.plugboard.hpet.HpetFactory;
import org.plugboard.testkit.DeviceTestKit;

/**
 * src/test/guest/hpet-lookup.elf, the Mac OS X 10.6 HPET lookup, on the x86 engine: on the stock
 * PIIX machine it finds nothing (as on QEMU's pc machine); after this bundle's factory takes the
 * hpet slot and the guest is reset, it finds the HPET at 0xfed00000 (as on QEMU's q35 machine);
 * after the stock factory takes the slot back and another reset, nothing again.
 */
class HpetLookupGuestTest {
    private static final Path PROGRAM = Path.of("src", "test", "guest", "hpet-lookup.elf");
    private static final String BANNER = "hpet-lookup: 00:1f.0 RCBA, HPTC, HPET\r\n";

    @Test
    void notFoundOnStockPiixFoundOnceTheBundleIsStarted() throws Exception {
        StubPciHost host = new StubPciHost();
        try (DeviceTestKit kit = DeviceTestKit.builder(new HpetFactory()).build()) {
            kit.platform().setPciHost(host);
            host.mapConfigPorts(kit.io());
            MultibootGuest guest = new MultibootGuest(kit, PROGRAM);
            guest.run();
            assertEquals(BANNER + "HPET not found\r\n", guest.output(), guest.cpuState());
            assertEquals(Integer.valueOf(1), guest.exitCode());

            kit.swapTo(new PiixHpetPatchFactory(new HpetFactory())); // the bundle starts
            guest.reboot();
            guest.run();
            assertEquals(BANNER + "HPET found at 0xfed00000\r\n", guest.output(), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode());

            kit.swapTo(new HpetFactory()); // the bundle stops
            guest.reboot();
            guest.run();
            assertEquals(BANNER + "HPET not found\r\n", guest.output(), guest.cpuState());
        }
    }
}
