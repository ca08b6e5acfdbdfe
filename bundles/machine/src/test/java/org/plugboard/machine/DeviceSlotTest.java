package org.plugboard.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceState;

/** Plugging, unplugging and hot-swapping one device instance on a real platform. */
class DeviceSlotTest {
    private static final int PORT = BlinkerDevice.PORT;
    private final Platform platform = new Platform(1 << 20, ClockMode.DETERMINISTIC, 1, new Platform.Control() {
        @Override public int cpuCount() { return 1; }
        @Override public void requestReset() { }
        @Override public void requestShutdown(int exitStatus) { }
        @Override public void postCode(int code) { }
        @Override public void setInterruptController(int cpuIndex, InterruptController controller) { }
    });
    private final DeviceSlot slot = new DeviceSlot(platform, new DeviceConfig(BlinkerDevice.TYPE, "blink0", Map.of()));
    private final List<String> irqEdges = new ArrayList<>();

    @BeforeEach
    void plugVersion1() throws ConfigException {
        platform.interrupts.listen("isa.5", new IrqListener() {
            @Override
            public void levelChanged(IrqLine line, boolean asserted) { irqEdges.add(asserted ? "+" : "-"); }
        });
        slot.plug(handle(1));
        slot.reset();
        irqEdges.clear();
    }

    private static FactoryHandle handle(int version) {
        return FactoryHandle.of(BlinkerDevice.factory(version, false));
    }

    private BlinkerDevice device() {
        return (BlinkerDevice) slot.instance();
    }

    /** Advances virtual time, firing timers at their deadlines. */
    private void advance(long nanos) {
        long target = platform.clock.nanos() + nanos;
        while (platform.clock.nextDeadline() <= target) {
            platform.clock.advanceTo(platform.clock.nextDeadline());
            platform.clock.runDue();
        }
        platform.clock.advanceTo(target);
    }

    private long port(int offset) {
        return platform.io.read(PORT + offset, 1);
    }

    @Test
    void aSwapCarriesTheStateAndRemapsEveryRegionToTheNewInstance() {
        platform.io.write(PORT, 1, 0x42);
        advance(2500); // two ticks, the third armed for 3000
        BlinkerDevice old = device();

        String account = slot.swap(handle(2), null);

        BlinkerDevice fresh = device();
        assertNotSame(old, fresh);
        assertEquals(2, port(3), "the version register of the new code");
        assertEquals(0x42, port(0), "scratch carried");
        assertEquals(2, port(1), "tick count carried");
        assertSame(fresh.ports, platform.io.handlerAt(PORT), "the port table points at the new handler");
        assertEquals(0x242, platform.memory.read(BlinkerDevice.MMIO, 4), "the MMIO page too");
        assertEquals(List.of("blinker-v2", "blinker-v2"), owners(), "nothing of the old instance is left mapped");
        assertTrue(account.contains("unmapped 2 regions, 1 timers") && account.contains("state v1 (4 fields) restored"), account);
    }

    @Test
    void theOldInstancesTimersAreCancelledAndTheNewOneKeepsTheDeadline() {
        advance(2500);
        BlinkerDevice old = device();

        slot.swap(handle(2), null);

        assertFalse(old.timer.isArmed());
        assertEquals(3000, device().timer.deadline(), "re-armed for the same virtual instant");
        assertEquals(1, platform.clock.describeTimers().size(), platform.clock.describeTimers().toString());
        advance(1000);
        assertEquals(2, old.ticks, "the old instance no longer ticks");
        assertEquals(3, device().ticks);
    }

    @Test
    void theIrqLineKeepsItsLevelWithoutAGlitch() {
        platform.io.write(PORT + 2, 1, 1);
        IrqLine line = platform.interrupts.line("isa.5");
        assertTrue(line.isAsserted());

        slot.swap(handle(2), null);

        assertTrue(line.isAsserted());
        assertSame(line, device().irq, "the same line object is lent to the new instance");
        assertEquals(List.of("+"), irqEdges, "no deassertion while the device was away");
        platform.io.write(PORT + 2, 1, 0);
        assertEquals(List.of("+", "-"), irqEdges, "the new instance drives it");
    }

    @Test
    void anUnpluggedDeviceDrivesNoLineAndThePlugBackAssertsItAgain() {
        platform.io.write(PORT + 2, 1, 1);
        IrqLine line = platform.interrupts.line("isa.5");
        DeviceState saved = device().saveState();

        slot.swap(null, null);
        assertFalse(line.isAsserted(), "an empty slot must not hold the guest's interrupt line");

        slot.swap(handle(1), saved);
        assertTrue(line.isAsserted(), "the carried state asserts it again");
        assertEquals(List.of("+", "-", "+"), irqEdges);
    }

    @Test
    void swappingToNoFactoryEmptiesTheSlotAndAPlugBackRestoresTheCarriedState() {
        platform.io.write(PORT, 1, 0x17);
        DeviceState saved = device().saveState();

        String account = slot.swap(null, null);

        assertTrue(slot.isEmpty());
        assertTrue(account.contains("-> empty slot"), account);
        assertEquals(0xff, port(0), "unplugged: the port floats");
        assertEquals(0xffffffffL, platform.memory.read(BlinkerDevice.MMIO, 4));
        assertEquals(List.of(), platform.clock.describeTimers());
        assertEquals(List.of(), platform.io.entries());

        slot.swap(handle(1), saved);
        assertEquals(0x17, port(0));
    }

    @Test
    void aStateTheNewImplementationRefusesLeavesItReset() {
        slot.swap(handle(2), null);
        platform.io.write(PORT, 1, 0x99);

        String account = slot.swap(handle(1), null); // v1 reads only v1 states

        assertTrue(account.contains("state NOT restored") && account.contains("device reset"), account);
        assertEquals(0, port(0));
        assertEquals(1, port(3));
    }

    @Test
    void aReplacementThatFailsToRealizeLeavesAnEmptySlotAndNothingMapped() {
        String account = slot.swap(FactoryHandle.of(BlinkerDevice.factory(2, true)), null);

        assertTrue(slot.isEmpty());
        assertTrue(account.contains("FAILED") && account.contains("no window today"), account);
        assertNull(platform.io.handlerAt(PORT), "the half-realized instance's port mapping was released");
        assertEquals(List.of(), platform.io.entries());
    }

    @Test
    void aPlugThatConflictsNamesBothDevices() {
        DeviceSlot second = new DeviceSlot(platform, new DeviceConfig(BlinkerDevice.TYPE, "blink1", Map.of()));
        ConfigException e = assertThrows(ConfigException.class, () -> second.plug(handle(2)));
        assertTrue(e.getMessage().contains("blink1") && e.getMessage().contains("blinker-v1") && e.getMessage().contains("blinker-v2"),
                e.getMessage());
        assertEquals(List.of("blinker-v1", "blinker-v1"), owners(), "the loser left nothing behind");
        assertThrows(IllegalStateException.class, () -> slot.plug(handle(2)), "an occupied slot");
    }

    @Test
    void unplugReturnsTheLastStateAndReleasesEverything() {
        platform.io.write(PORT, 1, 5);
        DeviceState s = slot.unplug();
        assertEquals(5, s.getLong("scratch"));
        assertTrue(slot.isEmpty());
        assertNull(slot.factory());
        assertEquals(List.of(), platform.io.entries());
        assertNull(slot.unplug(), "nothing left to unplug");
    }

    private List<String> owners() {
        List<String> out = new ArrayList<>();
        platform.io.entries().forEach(e -> out.add(e.owner()));
        platform.memory.entries().forEach(e -> out.add(e.owner()));
        return out;
    }

}
