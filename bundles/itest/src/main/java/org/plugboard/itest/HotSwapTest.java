package org.plugboard.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.plugboard.api.bus.Region;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.machine.Machine;
import org.plugboard.api.machine.MachineManager;
import org.plugboard.machine.MachineImpl;

/**
 * Hot swap with real bundles: the sample device's bundle is updated, stopped and started, and a
 * higher-ranked factory comes and goes, all under a running guest that counts in RAM and writes
 * to the device.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HotSwapTest {
    static final String SAMPLE = "org.plugboard.sample-device";
    static final String DEFINITION = "machine none\nm 16M\nnodefaults\nclock deterministic\n"
            + "device sample-scratch,id=s0,iobase=0x700,mmio=0xfeb00000\n";

    @InjectBundleContext
    BundleContext ctx;

    @InjectService(timeout = 5000)
    MachineManager manager;

    private ServiceRegistration<CpuEngine> engine;
    private Machine machine;

    @BeforeEach
    void engine() {
        engine = ctx.registerService(CpuEngine.class, new TinyEngine(), null);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (machine != null) manager.destroy(machine.id());
        engine.unregister();
        Bundle sample = Bundles.bySymbolicName(ctx, SAMPLE);
        if (sample.getState() != Bundle.ACTIVE) sample.start();
    }

    private Machine runningGuest(String id) throws Exception {
        machine = manager.create(id, DEFINITION);
        Guests.counting(machine, 0x700);
        for (int i = 2; i < 8; i++) machine.io().write(0x700 + i, 1, 0x30 + i);
        machine.io().write(0x709, 1, 1); // start the device's tick timer
        machine.start();
        waitFor(() -> Guests.counter(machine) > 10_000, "the guest to run");
        return machine;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private void assertScratchIntact() {
        for (int i = 2; i < 8; i++) assertEquals(0x30 + i, machine.io().read(0x700 + i, 1), "scratch byte " + i);
    }

    private static List<Region> mappedRegions(Machine m) {
        List<Region> all = new ArrayList<>(((MachineImpl) m).platform().io.regions());
        all.addAll(((MachineImpl) m).platform().memory.regions());
        return all;
    }

    @Test
    void updatingTheDeviceBundleSwapsTheLiveInstanceKeepingItsState() throws Exception {
        Machine m = runningGuest("update");
        Bundle sample = Bundles.bySymbolicName(ctx, SAMPLE);
        ClassLoader oldLoader = sample.adapt(BundleWiring.class).getClassLoader();
        assertEquals('1', m.io().read(0x708, 1), "v1 reports tag 1");
        long ticksBefore = m.io().read(0x70c, 4);

        sample.update(new ByteArrayInputStream(Bundles.withHeader(sample, "X-Build-Tag", "v2")));

        ClassLoader newLoader = sample.adapt(BundleWiring.class).getClassLoader();
        assertNotSame(oldLoader, newLoader, "the update loaded the bundle's classes anew");
        long counted = Guests.counter(m);
        waitFor(() -> Guests.counter(m) > counted + 10_000, "the guest to keep running after the swap");
        m.pause();
        try {
            assertEquals('2', m.io().read(0x708, 1), "I/O dispatch reaches the new code");
            assertEquals('2', m.memory().read(0xfeb00008L, 1), "MMIO dispatch reaches the new code");
            assertScratchIntact();
            assertEquals(1, m.io().read(0x709, 1), "control register carried");
            assertTrue(m.io().read(0x70c, 4) >= ticksBefore, "tick count carried");
            Object instance = ((MachineImpl) m).slot("s0").instance();
            assertSame(newLoader, instance.getClass().getClassLoader());
            for (Region r : mappedRegions(m))
                assertNotSame(oldLoader, r.ops().getClass().getClassLoader(), "old code still mapped: " + r);
            assertSame(newLoader, ((MachineImpl) m).platform().io.handlerAt(0x700).ops().getClass().getClassLoader());
        } finally {
            m.resume();
        }
    }

    @Test
    void stoppingTheBundleEmptiesTheSlotAndStartingItRestoresTheDevice() throws Exception {
        Machine m = runningGuest("stopstart");
        Bundle sample = Bundles.bySymbolicName(ctx, SAMPLE);
        sample.stop();
        assertEquals("empty", m.devices().get(0).state());
        assertEquals(0xff, m.io().read(0x702, 1), "an unplugged device decodes nothing");
        assertTrue(mappedRegions(m).stream().noneMatch(r -> r.owner().equals("s0")), "no region of s0 left");
        sample.start();
        assertEquals("active", m.devices().get(0).state());
        m.pause();
        try {
            assertScratchIntact();
        } finally {
            m.resume();
        }
    }

    @Test
    void aHigherRankedFactoryTakesOverAndHandsBackWhenItLeaves() throws Exception {
        Machine m = runningGuest("ranking");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceFactory.TYPE, "sample-scratch");
        props.put(Constants.SERVICE_RANKING, 10);
        ServiceRegistration<DeviceFactory> quirk = ctx.registerService(DeviceFactory.class, new MirrorScratchFactory(), props);
        try {
            assertEquals('Q', m.io().read(0x708, 1), "the quirk implementation decodes the ports now");
            assertScratchIntact();
        } finally {
            quirk.unregister();
        }
        assertEquals('1', m.io().read(0x708, 1), "stock implementation back");
        m.pause();
        try {
            assertScratchIntact();
            assertEquals(1, m.io().read(0x709, 1), "state the quirk did not use survived the round trip");
        } finally {
            m.resume();
        }
    }

    @Test
    void aPausedMachineStopsAtAnInstructionBoundaryAndRetiresNothing() throws Exception {
        Machine m = runningGuest("pause");
        m.pause();
        assertEquals(Machine.State.PAUSED, m.state());
        long retired = m.instructionsRetired();
        long counter = Guests.counter(m);
        Thread.sleep(50);
        assertEquals(retired, m.instructionsRetired());
        assertEquals(counter, Guests.counter(m));
        m.resume();
        waitFor(() -> Guests.counter(m) > counter, "the guest to resume");
        assertFalse(m.state() == Machine.State.PAUSED);
    }
}
