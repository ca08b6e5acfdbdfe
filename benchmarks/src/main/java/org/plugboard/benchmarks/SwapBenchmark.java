package org.plugboard.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.machine.Platform;

/**
 * The work a hot swap does while the vCPUs stand still ({@link DeviceSlot#swap}: save, detach,
 * create, realize, restore), on a platform populated like a PC so that the table rebuilds see a
 * realistic number of mappings. The pause itself is measured by {@link MachineSwapBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SwapBenchmark {
    DeviceSlot slot;
    FactoryHandle oldBundle, newBundle;
    boolean flip;

    @Setup
    public void setUp() throws ConfigException {
        Platform platform = new Platform(64 << 20, ClockMode.DETERMINISTIC, 1, new NoControl());
        populate(platform);
        oldBundle = FactoryHandle.of(BenchDevice.factory());
        newBundle = FactoryHandle.of(BenchDevice.factory());
        slot = new DeviceSlot(platform, new DeviceConfig(BenchDevice.TYPE, "com1", Map.of()));
        slot.plug(oldBundle);
        slot.reset();
    }

    /** The fixed parts of a PC: RAM, firmware, legacy ports, IOAPIC and LAPIC windows. */
    static void populate(Platform p) {
        p.memory.mapRam("ram-below-4g", "machine", 0, 0, p.ram.size(), false, 0);
        p.memory.mapRom("bios", "firmware", 0xfffe0000L, new byte[128 << 10], 1);
        p.memory.map(Handlers.registers("ioapic", 0x20, 4, 4), 0xfec00000L);
        p.memory.map(Handlers.registers("lapic", MemorySpace.PAGE_SIZE, 4, 4), 0xfee00000L);
        int[][] ports = {{0x00, 16}, {0x20, 2}, {0x40, 4}, {0x60, 1}, {0x64, 1}, {0x70, 2}, {0x80, 1}, {0x92, 1},
                {0xa0, 2}, {0xc0, 32}, {0xcf8, 8}, {0x402, 1}, {0x4d0, 2}, {0xb000, 64}};
        for (int[] r : ports) p.io.map(Handlers.registers("pc", r[1], 1, 4), r[0]);
    }

    /** Each call moves the device to the other bundle, as stop/start of a bundle would. */
    @Benchmark
    public String swap() {
        flip = !flip;
        return slot.swap(flip ? newBundle : oldBundle, null);
    }

    /** A platform with one vCPU and nobody behind the machine controls. */
    static class NoControl implements Platform.Control {
        @Override public int cpuCount() { return 1; }
        @Override public void requestReset() { }
        @Override public void requestShutdown(int exitStatus) { }
        @Override public void postCode(int code) { }
        @Override public void setInterruptController(int cpuIndex, InterruptController controller) { }
    }
}
