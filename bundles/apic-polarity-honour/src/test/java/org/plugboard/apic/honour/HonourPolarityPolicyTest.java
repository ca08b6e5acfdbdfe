package org.plugboard.apic.honour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.ConfigException;
import org.plugboard.apic.IoApicFactory;
import org.plugboard.testkit.DeviceTestKit;

/**
 * The policy on a live IOAPIC, bound and unbound the way SCR does when this bundle starts and
 * stops: a level-triggered ActiveLow entry with its line asserted delivers under the stock policy
 * and goes silent under this one.
 */
class HonourPolarityPolicyTest {
    private static final long IOAPIC = 0xfec00000L;
    private final List<Long> vectors = new ArrayList<>();

    @Test
    void truthTable() {
        HonourPolarityPolicy p = new HonourPolarityPolicy();
        assertTrue(p.pinAsserted(true, false));
        assertFalse(p.pinAsserted(false, false));
        assertFalse(p.pinAsserted(true, true), "ActiveLow: an asserted line looks deasserted");
        assertTrue(p.pinAsserted(false, true));
    }

    @Test
    void startingAndStoppingTheBundleSwitchesARunningIoapic() throws ConfigException {
        IoApicFactory factory = new IoApicFactory();
        try (DeviceTestKit kit = DeviceTestKit.builder(factory).build()) {
            kit.memory().map(Region.of("msi-recorder", "test", 0x100000, 4, 4, new RegionOps() {
                @Override public long read(long offset, int size) { return 0; }
                @Override public void write(long offset, int size, long value) { vectors.add(value & 0xff); }
            }), 0xfee00000L);
            kit.write(IOAPIC, 4, 0x10 + 2 * 9);
            kit.write(IOAPIC + 0x10, 4, 1 << 15 | 1 << 13 | 0x39); // level, ActiveLow, vector 0x39
            kit.interrupts().line("gsi.9").set(true); // the SCI is asserted
            assertEquals(List.of(0x39L), vectors, "stock: the line's logical level counts");

            HonourPolarityPolicy quirk = new HonourPolarityPolicy();
            factory.bindPolicy(quirk); // bundle started
            kit.settle();
            kit.write(IOAPIC + 0x40, 4, 0x39); // the guest's EOI
            assertEquals(1, vectors.size(), "honoured: the asserted line looks idle, the interrupt never comes again");

            factory.unbindPolicy(quirk); // bundle stopped
            kit.settle();
            assertEquals(List.of(0x39L, 0x39L), vectors, "stock again: the waiting level is delivered");
        }
    }
}
