package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.plugboard.testkit.DeviceTestKit;

/**
 * The guest program src/test/guest/applesmc-probe.elf runs Linux's probe sequence on Plugboard's
 * x86 engine against the emulated SMC, printing on COM1 and leaving through isa-debug-exit.
 * <p>
 * The same binary on QEMU 7.2 ({@code -device isa-applesmc,osk=<placeholder>}) prints
 * <pre>
 * applesmc-probe: AppleSMC at 0x300, Linux applesmc sequence
 * REV  = 01 13 0f 00 00 03
 * FAIL: reading #KEY (status 0x00, result 0x84)
 * </pre>
 * and exits with failure: QEMU's AppleSMC has no {@code #KEY} (result 0x84, no such key), and no
 * GET_KEY_BY_INDEX, GET_KEY_INFO or WRITE either, so Linux's driver cannot initialise on it.
 */
class GuestProbeOnPlugboardTest {
    private static final String EXPECTED = String.join("\r\n",
            "applesmc-probe: AppleSMC at 0x300, Linux applesmc sequence",
            "REV  = 01 13 0f 00 00 03",
            "#KEY = 22 keys",
            "binary search for 'FNum' (GET_KEY_BY_INDEX 0x12 + GET_KEY_INFO 0x13):",
            // lower bound; the guest keeps no cache, so the upper bound asks again
            "  [11] 'MSSD' type 'si8 ' size 1 attr 0xc0",
            "  [5] 'F0Mx' type 'fpe2' size 2 attr 0x80",
            "  [8] 'FS! ' type 'ui16' size 2 attr 0xc0",
            "  [7] 'FNum' type 'ui8 ' size 1 attr 0x80",
            "  [6] 'F0Tg' type 'fpe2' size 2 attr 0xc0",
            // upper bound
            "  [11] 'MSSD' type 'si8 ' size 1 attr 0xc0",
            "  [5] 'F0Mx' type 'fpe2' size 2 attr 0x80",
            "  [8] 'FS! ' type 'ui16' size 2 attr 0xc0",
            "  [7] 'FNum' type 'ui8 ' size 1 attr 0x80",
            "FNum = 1 (index 7)",
            "temperature keys: index 17 to 22 (exclusive), count 5)",
            "'TA0P' = 28 C",
            "F0Tg written, reads back 1500 rpm",
            "LKSB (write-only) read refused, result 0x85",
            "probe ok",
            "");

    private static void assertProbeSucceeded(ProbeGuest guest) {
        assertEquals(EXPECTED, guest.output(), guest.cpuState());
        assertEquals(Integer.valueOf(0), guest.exitCode(), "isa-debug-exit status");
    }

    @Test
    void theProbeRunsLinuxsSequenceOnTheEmulatedCpu() throws Exception {
        try (DeviceTestKit kit = SmcKits.withPlaceholderOsk()) {
            ProbeGuest guest = new ProbeGuest(kit);
            guest.run(1_000_000, checkpoint -> { });
            assertProbeSucceeded(guest);
        }
    }

    @Test
    void aKeyTheGuestWroteReadsBackAfterASwapUnderTheRunningGuest() throws Exception {
        try (DeviceTestKit kit = SmcKits.withPlaceholderOsk()) {
            ProbeGuest guest = new ProbeGuest(kit);
            String[] account = {null};
            guest.run(1_000_000, checkpoint -> {
                if (checkpoint == ProbeGuest.CHECKPOINT_WRITTEN && account[0] == null)
                    account[0] = kit.swapTo(new AppleSmcFactory());
            });
            assertTrue(account[0] != null && account[0].contains("restored") && !account[0].contains("NOT"),
                    "swapped between the guest's write and its read-back: " + account[0]);
            assertProbeSucceeded(guest);
        }
    }

    @Test
    void theProbeSurvivesASwapEveryFewHundredInstructions() throws Exception {
        try (DeviceTestKit kit = SmcKits.withPlaceholderOsk()) {
            ProbeGuest guest = new ProbeGuest(kit);
            int[] swaps = {0};
            // 397 instructions: a prime, so the swaps land at ever different points of the protocol
            guest.run(397, checkpoint -> {
                String account = kit.swapTo(new AppleSmcFactory());
                assertTrue(account.contains("restored") && !account.contains("NOT"), account);
                swaps[0]++;
            });
            assertTrue(swaps[0] > 100, "swapped " + swaps[0] + " times");
            assertProbeSucceeded(guest);
        }
    }
}
