package org.plugboard.hpet.piix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.apic.GuestProgram;
import org.plugboard.apic.MultibootGuest;
import org.plugboard.hpet.HpetFactory;
import org.plugboard.testkit.DeviceTestKit;

/**
 * guests/hpet-lookup, the Mac OS X 10.6 HPET lookup, on the x86 engine: on the stock PIIX machine
 * it finds nothing (as on QEMU's pc machine, expected-qemu.txt); after this bundle's factory takes
 * the hpet slot and the guest is reset, it finds the HPET at 0xfed00000 (as on QEMU's q35 machine,
 * expected-qemu-q35.txt); after the stock factory takes the slot back and another reset, nothing
 * again. Also: the binary is what its source assembles to, and QEMU still prints both recordings.
 */
class HpetLookupGuestTest {
    private static final GuestProgram PROGRAM = GuestProgram.named("hpet-lookup");
    private static final String BANNER = "hpet-lookup:";

    private static List<String> lines(MultibootGuest guest) {
        return GuestProgram.linesFrom(guest.output(), BANNER);
    }

    @Test
    void notFoundOnStockPiixFoundOnceTheBundleIsStarted() throws Exception {
        StubPciHost host = new StubPciHost();
        try (DeviceTestKit kit = DeviceTestKit.builder(new HpetFactory()).build()) {
            kit.platform().setPciHost(host);
            host.mapConfigPorts(kit.io());
            MultibootGuest guest = new MultibootGuest(kit, PROGRAM.binary());
            guest.run();
            assertEquals(PROGRAM.expectedQemu(), lines(guest), guest.cpuState());
            assertEquals(Integer.valueOf(1), guest.exitCode());

            kit.swapTo(new PiixHpetPatchFactory(new HpetFactory())); // the bundle starts
            guest.reboot();
            guest.run();
            assertEquals(PROGRAM.expectedQemu("q35"), lines(guest), guest.cpuState());
            assertEquals(Integer.valueOf(0), guest.exitCode());

            kit.swapTo(new HpetFactory()); // the bundle stops
            guest.reboot();
            guest.run();
            assertEquals(PROGRAM.expectedQemu(), lines(guest), guest.cpuState());
        }
    }

    @Test
    void theRecordedQemuOutputsAreWhatQemuPrintsNow() throws Exception {
        assertEquals(PROGRAM.expectedQemu(), PROGRAM.runOnQemu(BANNER));
        assertEquals(PROGRAM.expectedQemu("q35"), PROGRAM.runOnQemu(BANNER, "-machine", "q35"));
    }

    @Test
    void theBinaryIsWhatTheSourceAssemblesTo() throws Exception {
        PROGRAM.assertBinaryMatchesSource();
    }
}
