package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.ConfigException;
import org.plugboard.apic.policy.PolarityPolicy;
import org.plugboard.testkit.DeviceTestKit;

/** The IOAPIC through IOREGSEL/IOWIN, with the messages it sends recorded in the 0xfee00000 window. */
class IoApicTest {
    static final long BASE = 0xfec00000L;
    private static final long EDGE = 0, LEVEL = 1 << 15, ACTIVE_LOW = 1 << 13, MASKED = 1 << 16, REMOTE_IRR = 1 << 14;
    /** Honours the polarity bit, as the quirk bundle does. */
    static final PolarityPolicy HONOUR = (asserted, activeLow) -> asserted != activeLow;

    private IoApicFactory factory;
    private DeviceTestKit kit;
    private final List<long[]> messages = new ArrayList<>();

    /** One MSI write as the window saw it: {address, data}. */
    private final class Recorder implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return 0;
        }

        @Override
        public void write(long offset, int size, long value) {
            messages.add(new long[] {InterruptMessage.MSI_BASE + offset, value});
        }
    }

    @BeforeEach
    void setUp() throws ConfigException {
        factory = new IoApicFactory();
        kit = DeviceTestKit.builder(factory).build();
        kit.memory().map(Region.of("msi-recorder", "test", InterruptMessage.MSI_SIZE, 4, 4, new Recorder()),
                InterruptMessage.MSI_BASE);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private long reg(int index) {
        kit.write(BASE, 4, index);
        return kit.read(BASE + 0x10, 4);
    }

    private void setReg(int index, long value) {
        kit.write(BASE, 4, index);
        kit.write(BASE + 0x10, 4, value & 0xffffffffL);
    }

    private long entry(int pin) {
        return reg(0x10 + 2 * pin) | reg(0x11 + 2 * pin) << 32;
    }

    private void route(int pin, long low, int destination) {
        setReg(0x11 + 2 * pin, (long) destination << 24);
        setReg(0x10 + 2 * pin, low);
    }

    private long[] onlyMessage() {
        assertEquals(1, messages.size(), "messages sent");
        long[] m = messages.get(0);
        messages.clear();
        return m;
    }

    @Test
    void identificationRegisters() {
        assertEquals(0x00170020, reg(1), "version 0x20, 24 entries");
        assertEquals(0, reg(0));
        setReg(0, 0x0f000000 | 0x00ffffff);
        assertEquals(0x0f000000, reg(0), "four ID bits");
        assertEquals(0x0f000000, reg(2), "arbitration ID follows");
        setReg(1, 0);
        assertEquals(0x00170020, reg(1), "read-only");
        assertEquals(0, reg(0x40), "beyond the table");
    }

    @Test
    void redirectionEntriesResetMaskedAndKeepReadOnlyBits() {
        for (int pin = 0; pin < IoApic.PINS; pin++) assertEquals(MASKED, entry(pin));
        route(3, 0x1ffff | REMOTE_IRR | 1 << 12, 0xab);
        assertEquals(0xab00000000000000L | 0x1afff, entry(3), "delivery status and remote IRR are read-only");
    }

    @Test
    void oddAccessSizesAndReservedOffsets() {
        kit.write(BASE, 1, 1);
        assertEquals(0x20, kit.read(BASE + 0x10, 1));
        assertEquals(0x17, kit.read(BASE + 0x12, 1));
        assertEquals(1, kit.read(BASE, 4), "IOREGSEL reads back");
        assertEquals(0, kit.read(BASE + 0x20, 4), "nothing at 0x20");
        kit.write(BASE + 0x20, 4, 0x12345678);
        assertEquals(0x00170020, kit.read(BASE + 0x10, 4));
    }

    @Test
    void edgePinDeliversOnRisingEdgeOnly() {
        route(5, 0x35, 1);
        kit.interrupts().line("isa.5").pulse();
        long[] m = onlyMessage();
        assertEquals(0xfee01000L, m[0]);
        assertEquals(0x35, m[1]);
        kit.interrupts().line("gsi.5").set(true);
        onlyMessage();
        kit.interrupts().line("isa.5").set(true);
        assertTrue(messages.isEmpty(), "pin 5 was already asserted by gsi.5");
        route(5, MASKED | 0x35, 1);
        kit.interrupts().line("gsi.5").set(false);
        kit.interrupts().line("isa.5").set(false);
        kit.interrupts().line("isa.5").pulse();
        route(5, 0x35, 1);
        assertTrue(messages.isEmpty(), "an edge on a masked pin is lost");
    }

    @Test
    void isaIrq0ArrivesOnPin2() {
        route(2, 0x30, 0);
        kit.interrupts().line("isa.0").pulse();
        assertEquals(0x30, onlyMessage()[1]);
        kit.interrupts().line("gsi.2").pulse();
        assertEquals(0x30, onlyMessage()[1]);
        route(0, 0x31, 0);
        kit.interrupts().line("isa.0").pulse();
        assertEquals(0x30, onlyMessage()[1], "isa.0 reaches pin 2, never pin 0");
    }

    @Test
    void logicalDestinationsAndDeliveryModes() {
        route(7, 0x47 | 1 << 8 | 1 << 11 | LEVEL, 0x03);
        kit.interrupts().line("gsi.7").set(true);
        long[] m = onlyMessage();
        assertEquals(0xfee03004L, m[0], "logical destination 3");
        assertEquals(0xc147, m[1], "lowest priority, level, asserted");
    }

    @Test
    void levelPinHoldsRemoteIrrUntilEoi() {
        route(10, LEVEL | 0x3a, 0);
        kit.interrupts().line("gsi.10").set(true);
        onlyMessage();
        assertEquals(REMOTE_IRR, entry(10) & REMOTE_IRR);
        kit.advance(1000);
        assertTrue(messages.isEmpty(), "no repeat while remote IRR is set");
        kit.interrupts().line(ApicLines.eoi(0x3a)).pulse();
        assertEquals(0x803a, onlyMessage()[1] & 0x80ff, "still asserted: delivered again after the EOI broadcast");
        kit.interrupts().line("gsi.10").set(false);
        kit.write(BASE + 0x40, 4, 0x3a); // the explicit EOI register
        assertTrue(messages.isEmpty());
        assertEquals(0, entry(10) & REMOTE_IRR);
        kit.write(BASE + 0x40, 4, 0x3b);
        kit.interrupts().line(ApicLines.eoi(0x3b)).pulse();
        assertTrue(messages.isEmpty(), "EOI of a vector no entry waits for");
    }

    @Test
    void maskedLevelInterruptIsDeliveredWhenUnmasked() {
        route(11, MASKED | LEVEL | 0x3b, 0);
        kit.interrupts().line("gsi.11").set(true);
        assertTrue(messages.isEmpty());
        route(11, LEVEL | 0x3b, 0);
        onlyMessage();
        route(11, MASKED | LEVEL | 0x3b, 0);
        route(11, LEVEL | 0x3b, 0);
        assertTrue(messages.isEmpty(), "remote IRR still set");
    }

    @Test
    void version11HasNoEoiRegister() throws ConfigException {
        try (DeviceTestKit old = DeviceTestKit.builder(new IoApicFactory()).property("version", "0x11").build()) {
            old.write(BASE, 4, 1);
            assertEquals(0x00170011, old.read(BASE + 0x10, 4));
        }
    }

    // --- polarity ---

    @Test
    void stockPolicyIgnoresThePolarityBit() {
        route(9, ACTIVE_LOW | LEVEL | 0x39, 0);
        assertTrue(messages.isEmpty(), "idle line: nothing");
        kit.interrupts().line("gsi.9").set(true);
        onlyMessage();
    }

    @Test
    void honouringPolicyTurnsAnAssertedActiveLowLineIntoSilence() {
        factory.bindPolicy(HONOUR);
        kit.settle();
        route(9, ACTIVE_LOW | EDGE | 0x39, 0);
        assertEquals(1, messages.size(), "an idle active-low line looks asserted: the entry fires at once");
        messages.clear();
        kit.interrupts().line("gsi.9").set(true);
        assertTrue(messages.isEmpty(), "the device's request looks like a deassertion");
        route(9, EDGE | 0x39, 0);
        onlyMessage();
    }

    @Test
    void policyChangesSwitchTheLiveDevice() {
        route(9, ACTIVE_LOW | LEVEL | 0x39, 0);
        kit.interrupts().line("gsi.9").set(true);
        onlyMessage();
        kit.write(BASE + 0x40, 4, 0x39);
        onlyMessage();
        factory.bindPolicy(HONOUR);
        kit.settle();
        kit.write(BASE + 0x40, 4, 0x39);
        assertTrue(messages.isEmpty(), "under the honouring policy the asserted line looks idle");
        factory.unbindPolicy(HONOUR);
        kit.settle();
        onlyMessage();
    }

    @Test
    void greedyRebindKeepsTheNewPolicy() {
        PolarityPolicy other = (asserted, activeLow) -> asserted;
        factory.bindPolicy(HONOUR);
        factory.bindPolicy(other);
        factory.unbindPolicy(HONOUR);
        kit.settle();
        route(9, ACTIVE_LOW | LEVEL | 0x39, 0);
        kit.interrupts().line("gsi.9").set(true);
        onlyMessage();
    }

    @Test
    void tableAndRemoteIrrSurviveAHotSwap() {
        route(10, LEVEL | 0x3a, 2);
        kit.interrupts().line("gsi.10").set(true);
        onlyMessage();
        kit.swapTo(new IoApicFactory());
        assertEquals(0x020000000000c03aL, entry(10));
        assertTrue(messages.isEmpty());
        kit.write(BASE + 0x40, 4, 0x3a);
        assertEquals(0xfee02000L, onlyMessage()[0], "the new instance heard the line and redelivers");
    }
}
