package org.plugboard.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.machine.Machine;
import org.plugboard.machine.definition.MachineDefinition;

/** A machine assembled from a definition, run by a tiny test engine, paused and hot-swapped. */
class MachineImplTest {
    private static final String BOARD = "board null-dev,id=chipset\ndefault null-dev,id=serial-port\n";
    private final Services services = new Services();
    private MachineImpl machine;

    @AfterEach
    void dispose() {
        if (machine != null) machine.dispose();
    }

    private MachineImpl build(String... args) throws ConfigException {
        machine = MachineImpl.build("vm0", MachineDefinition.fromArgs(List.of(args)), services);
        return machine;
    }

    private List<String> deviceIds() {
        return machine.devices().stream().map(Machine.DeviceSlotInfo::id).toList();
    }

    @Test
    void boardDefaultAndUserDevicesArePluggedInThatOrder() throws ConfigException {
        build("-machine", "test", "-device", "test-blinker,id=b0", "-device", "null-dev");
        assertEquals(List.of("chipset", "serial-port", "b0", "null-dev.1"), deviceIds());
    }

    @Test
    void nodefaultsLeavesOutOnlyTheDefaults() throws ConfigException {
        build("-machine", "test", "-nodefaults");
        assertEquals(List.of("chipset"), deviceIds());
    }

    @Test
    void badDefinitionsNameWhatIsWrong() {
        assertMessage("unknown machine type 'q99'", "-machine", "q99");
        assertMessage("unknown device type 'e1001' for device e1001.1", "-machine", "test", "-device", "e1001");
        assertMessage("known types: null-dev, test-blinker", "-machine", "test", "-device", "e1001");
        assertMessage("device b0 (test-blinker): unknown property 'irq'", "-machine", "test", "-device", "test-blinker,id=b0,irq=5");
        assertMessage("two devices have the id 'chipset'", "-machine", "test", "-device", "null-dev,id=chipset");
    }

    private void assertMessage(String expected, String... args) {
        ConfigException e = assertThrows(ConfigException.class, () -> build(args));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void withoutACpuEngineTheMachineRefusesToStart() throws ConfigException {
        services.engine = null;
        build("-machine", "test");
        IllegalStateException e = assertThrows(IllegalStateException.class, machine::start);
        assertTrue(e.getMessage().contains("no CpuEngine service is present"), e.getMessage());
        assertEquals(Machine.State.CREATED, machine.state());
    }

    @Test
    void whilePausedRunsWithTheVcpuStoppedAndLetsItGoAfterwards() throws Exception {
        build("-machine", "test");
        machine.start();
        awaitProgress();

        long[] during = new long[2];
        Machine.State[] state = new Machine.State[1];
        machine.whilePaused(() -> {
            state[0] = machine.state();
            during[0] = machine.instructionsRetired();
            sleep(20);
            during[1] = machine.instructionsRetired();
        });

        assertEquals(Machine.State.PAUSED, state[0]);
        assertEquals(during[0], during[1], "no instruction retired during the pause");
        assertEquals(Machine.State.RUNNING, machine.state());
        awaitProgress();
    }

    @Test
    void aSwapOnARunningMachineCarriesStateToTheOtherFactory() throws Exception {
        build("-machine", "test", "-device", "test-blinker,id=b0");
        machine.start();
        machine.whilePaused(() -> machine.io().write(BlinkerDevice.PORT, 1, 0x42));

        String line = machine.swap("b0", 2);

        assertTrue(line.contains("b0 (test-blinker)") && line.contains("restored") && line.contains("paused"), line);
        long[] regs = new long[2];
        machine.whilePaused(() -> {
            regs[0] = machine.io().read(BlinkerDevice.PORT, 1);
            regs[1] = machine.io().read(BlinkerDevice.PORT + 3, 1);
        });
        assertEquals(0x42, regs[0]);
        assertEquals(2, regs[1], "the version-2 implementation decodes the ports now");
        assertEquals("v2-bundle", machine.devices().get(2).bundle());
    }

    @Test
    void withNoFactoryLeftTheSlotIsEmptyAndItsStateWaitsForTheNextFactory() throws ConfigException {
        build("-machine", "test", "-device", "test-blinker,id=b0");
        machine.io().write(BlinkerDevice.PORT, 1, 0x17);
        List<FactoryHandle> blinkers = services.factories.remove("test-blinker");

        machine.factoriesChanged("test-blinker");

        Machine.DeviceSlotInfo b0 = machine.devices().get(2);
        assertEquals("empty", b0.state());
        assertEquals(0xff, machine.io().read(BlinkerDevice.PORT, 1));
        assertEquals(0x17, machine.deviceState("b0").getLong("scratch"), "the carried state");

        services.factories.put("test-blinker", blinkers);
        machine.factoriesChanged("test-blinker");
        assertEquals(0x17, machine.io().read(BlinkerDevice.PORT, 1));
    }

    @Test
    void ferrAndIgnneAreFabricLinesOfTheCpu() throws Exception {
        build("-machine", "test");
        machine.start();
        TestEngine engine = (TestEngine) services.engine;
        machine.whilePaused(() -> engine.host.fpuError(true));
        assertTrue(machine.platform().interrupts.line("cpu0.ferr").isAsserted(), "FERR# drives cpu0.ferr");
        machine.whilePaused(() -> machine.platform().interrupts.line("cpu0.ignne").set(true));
        assertTrue(engine.ignne, "cpu0.ignne drives the vCPU's IGNNE#");
        machine.whilePaused(() -> {
            engine.host.fpuError(false);
            machine.platform().interrupts.line("cpu0.ignne").set(false);
        });
        assertFalse(machine.platform().interrupts.line("cpu0.ferr").isAsserted());
        assertFalse(engine.ignne);
    }

    /** Was a bug: the engine got the whole -cpu string as its model, so no engine option could be given. */
    @Test
    void cpuSplitsIntoTheModelWithItsFeaturesAndTheEngineOptions() throws Exception {
        build("-machine", "test", "-cpu", "qemu64,+ssse3,tsc-deadline=on,unknown-msr=ignore,compile-threshold=0,-lm");
        machine.start();
        TestEngine engine = (TestEngine) services.engine;
        assertEquals("qemu64,+ssse3,tsc-deadline=on,-lm", engine.host.model());
        assertEquals(Map.of("unknown-msr", "ignore", "compile-threshold", "0"), engine.host.options());
    }

    /** Was a bug: the thread parked but state() stayed RUNNING, so resume() did nothing. */
    @Test
    void aPauseRequestedOnTheMachineThreadCanBeResumed() throws Exception {
        build("-machine", "test");
        machine.start();
        machine.platform().clock.post(machine::pause); // e.g. a debug device or a breakpoint hook
        for (int i = 0; i < 2500 && machine.state() != Machine.State.PAUSED; i++) Thread.sleep(2);
        assertEquals(Machine.State.PAUSED, machine.state());

        machine.resume();
        awaitProgress();
    }

    private void awaitProgress() throws InterruptedException {
        long before = machine.instructionsRetired();
        for (int i = 0; i < 2500 && machine.instructionsRetired() == before; i++) Thread.sleep(2); // generous: shared CI cores
        assertTrue(machine.instructionsRetired() > before, "the vCPU runs");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A device that takes nothing, for board lines. */
    private static final class NullDevice implements Device {
        @Override public void realize(DeviceContext context) { }
        @Override public void reset() { }
        @Override public DeviceState saveState() { return new DeviceState("null-dev", 1); }
        @Override public void restoreState(DeviceState state) { }
    }

    private static FactoryHandle nullFactory() {
        return FactoryHandle.of(new DeviceFactory() {
            @Override public String type() { return "null-dev"; }
            @Override public String description() { return "nothing"; }
            @Override public Map<String, String> properties() { return Map.of(); }
            @Override public Device create(DeviceConfig config) { return new NullDevice(); }
        });
    }

    /** The framework as a machine sees it: two blinker factories (service ids 1 and 2), a test board. */
    private static final class Services implements MachineServices {
        final Map<String, List<FactoryHandle>> factories = new TreeMap<>(Map.of(
                "test-blinker", List.of(new FactoryHandle(BlinkerDevice.factory(1, false), 1, 0, "v1-bundle"),
                        new FactoryHandle(BlinkerDevice.factory(2, false), 2, 0, "v2-bundle")),
                "null-dev", List.of(nullFactory())));
        CpuEngine engine = new TestEngine();

        @Override
        public Optional<FactoryHandle> bestFactory(String type) {
            return factories(type).stream().findFirst();
        }

        @Override public List<FactoryHandle> factories(String type) { return factories.getOrDefault(type, List.of()); }
        @Override public List<String> types() { return new ArrayList<>(factories.keySet()); }
        @Override public Optional<CpuEngine> cpuEngine() { return Optional.ofNullable(engine); }
        @Override public List<KernelLoader> kernelLoaders() { return List.of(); }
        @Override public Optional<String> board(String type) { return type.equals("test") ? Optional.of(BOARD) : Optional.empty(); }
    }

    /** A vCPU that only counts instructions, checking for an exit request between them. */
    private static final class TestEngine implements CpuEngine {
        /** The last vCPU's host, and the IGNNE# level the machine gave it. */
        volatile CpuHost host;
        volatile boolean ignne;

        @Override public String name() { return "test-counter"; }

        @Override
        public Vcpu create(CpuHost host) {
            this.host = host;
            return new Vcpu() {
                private volatile boolean exit;
                private volatile long retired;

                @Override
                public Exit run(long max) {
                    for (long i = 0; i < max; i++) {
                        if (exit) { exit = false; retired += i; return Exit.REQUESTED; }
                    }
                    retired += max;
                    return Exit.BUDGET;
                }

                @Override public void requestExit() { exit = true; }
                @Override public long instructionsRetired() { return retired; }
                @Override public boolean halted() { return false; }
                @Override public void reset() { }
                @Override public void setIntr(boolean asserted) { }
                @Override public void nmi() { }
                @Override public void init() { }
                @Override public void sipi(int vector) { }
                @Override public void setIgnne(boolean asserted) { ignne = asserted; }
                @Override public void setInterruptController(InterruptController controller) { }
                @Override public CpuRegisters registers() { return new CpuRegisters(); }
                @Override public void setRegisters(CpuRegisters registers) { }
                @Override public DeviceState saveState() { return new DeviceState("test-cpu", 1); }
                @Override public void restoreState(DeviceState state) { }
                @Override public String describe() { return "counting"; }
            };
        }
    }
}
