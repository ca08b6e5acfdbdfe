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
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.apic.ApicFactory;
import org.plugboard.apic.IoApicFactory;
import org.plugboard.machine.DeviceSlot;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.machine.Platform;

/**
 * Interrupt delivery from a device's line to the CPU with the real {@code ioapic} and {@code apic}
 * devices on one platform: the line rises, the IOAPIC sends the message, the LAPIC sets the IRR
 * and raises the vCPU's INTR, and the vCPU's interrupt acknowledge (the INTA cycle the engine runs
 * when it takes the interrupt) returns the vector. One op is the whole round, including the
 * guest's EOI through the LAPIC page and the line dropping again, so the next op starts clean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InterruptDeliveryBenchmark {
    private static final long LAPIC = 0xfee00000L, IOAPIC = 0xfec00000L;
    private static final int EDGE_PIN = 20, LEVEL_PIN = 21, EDGE_VECTOR = 0x50, LEVEL_VECTOR = 0x51;

    Platform platform;
    InterruptController cpu0;
    IrqLine edgeLine, levelLine;

    @Setup
    public void setUp() throws ConfigException {
        platform = new Platform(16 << 20, ClockMode.DETERMINISTIC, 1, new SwapBenchmark.NoControl() {
            @Override public void setInterruptController(int cpuIndex, InterruptController c) { cpu0 = c; }
        });
        plug(new ApicFactory());
        plug(new IoApicFactory());
        platform.memory.write(LAPIC + 0xf0, 4, 0x1ff); // software enable, spurious vector 0xff
        route(EDGE_PIN, EDGE_VECTOR);
        route(LEVEL_PIN, LEVEL_VECTOR | 1 << 15);
        edgeLine = platform.interrupts.line("gsi." + EDGE_PIN);
        levelLine = platform.interrupts.line("gsi." + LEVEL_PIN);
        if (edgeInterrupt() != EDGE_VECTOR || levelInterrupt() != LEVEL_VECTOR || cpu0.acknowledge() != 0xff)
            throw new IllegalStateException("the interrupts do not arrive as routed");
    }

    private void plug(DeviceFactory factory) throws ConfigException {
        DeviceSlot slot = new DeviceSlot(platform, new DeviceConfig(factory.type(), factory.type(), Map.of()));
        slot.plug(FactoryHandle.of(factory));
        slot.reset();
    }

    /** Redirection entry of {@code pin}: the low dword given, to APIC ID 0. */
    private void route(int pin, int low) {
        platform.memory.write(IOAPIC, 4, 0x11 + 2 * pin);
        platform.memory.write(IOAPIC + 0x10, 4, 0);
        platform.memory.write(IOAPIC, 4, 0x10 + 2 * pin);
        platform.memory.write(IOAPIC + 0x10, 4, low);
    }

    /** Edge-triggered pin: rise, acknowledge, EOI, fall. */
    @Benchmark
    public int edgeInterrupt() {
        edgeLine.set(true);
        int vector = cpu0.acknowledge();
        platform.memory.write(LAPIC + 0xb0, 4, 0);
        edgeLine.set(false);
        return vector;
    }

    /**
     * Level-triggered pin with remote IRR: rise, acknowledge, the handler quiets the device (the
     * line falls), EOI, which the LAPIC broadcasts to the IOAPIC to clear remote IRR.
     */
    @Benchmark
    public int levelInterrupt() {
        levelLine.set(true);
        int vector = cpu0.acknowledge();
        levelLine.set(false);
        platform.memory.write(LAPIC + 0xb0, 4, 0);
        return vector;
    }
}
