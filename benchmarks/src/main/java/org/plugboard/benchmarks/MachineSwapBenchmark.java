package org.plugboard.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.device.ConfigException;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.machine.MachineImpl;
import org.plugboard.machine.MachineServices;
import org.plugboard.machine.definition.MachineDefinition;

/**
 * Pause time on a running machine whose vCPU is busy: {@link MachineImpl#whilePaused} with
 * nothing to do (stop every vCPU at an instruction boundary and let it go again), and a full
 * hot swap through {@link MachineImpl#swap} between two factories of the same type.
 * <p>
 * Before each call the vCPU is given time to run again: back to back, a pause that follows a
 * resume finds the machine thread still parked and costs almost nothing, which is not the
 * latency a swap sees. Sample mode, so the percentiles show the tail too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MachineSwapBenchmark {
    MachineImpl machine;
    boolean flip;

    @Setup
    public void setUp() throws ConfigException {
        MachineDefinition def = MachineDefinition.fromArgs(List.of("-machine", "none", "-m", "64M",
                "-device", BenchDevice.TYPE + ",id=com1"));
        machine = MachineImpl.build("bench", def, new Services());
        machine.start();
    }

    @TearDown
    public void tearDown() {
        machine.dispose();
    }

    /** Not timed: waits until the vCPU has finished a slice since the last pause. */
    @Setup(Level.Invocation)
    public void letTheGuestRun() {
        long before = machine.instructionsRetired();
        long giveUp = System.nanoTime() + 100_000_000L;
        while (machine.instructionsRetired() == before && System.nanoTime() < giveUp) Thread.onSpinWait();
    }

    @Benchmark
    public long whilePausedNothing() {
        return machine.whilePaused(() -> { });
    }

    /** Alternates between the factories with service ids 1 and 2, as a bundle update would. */
    @Benchmark
    public String swapOnRunningMachine() {
        flip = !flip;
        return machine.swap("com1", flip ? 2 : 1);
    }

    /** Two factories of the bench type, the spinning engine, and an empty board. */
    static final class Services implements MachineServices {
        private final List<FactoryHandle> factories = List.of(
                new FactoryHandle(BenchDevice.factory(), 1, 0, "bench.v1"),
                new FactoryHandle(BenchDevice.factory(), 2, 0, "bench.v2"));
        private final CpuEngine engine = new SpinEngine();

        @Override
        public Optional<FactoryHandle> bestFactory(String type) {
            return type.equals(BenchDevice.TYPE) ? Optional.of(factories.get(0)) : Optional.empty();
        }

        @Override
        public List<FactoryHandle> factories(String type) {
            return type.equals(BenchDevice.TYPE) ? factories : List.of();
        }

        @Override public List<String> types() { return List.of(BenchDevice.TYPE); }
        @Override public Optional<CpuEngine> cpuEngine() { return Optional.of(engine); }
        @Override public List<KernelLoader> kernelLoaders() { return List.of(); }
        @Override public Optional<String> board(String machineType) { return machineType.equals("none") ? Optional.of("") : Optional.empty(); }
    }

}
