package org.plugboard.cpu.x86;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.bus.IoSpace;
import org.plugboard.bus.MachineClock;
import org.plugboard.bus.PhysicalMemory;
import org.plugboard.bus.Ram;

/**
 * A bare machine for CPU tests on the real bus: RAM at 0, a serial "console" that records what
 * the guest writes to COM1 (0x3f8) or 0xe9, and the isa-debug-exit port 0xf4 that stops the run.
 */
final class TestMachine implements CpuHost {
    final PhysicalMemory memory;
    final IoSpace io = new IoSpace();
    final MachineClock clock = new MachineClock(ClockMode.DETERMINISTIC, 1);
    private final String model;
    private final Map<String, String> options;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    Vcpu vcpu;
    Integer exitCode;
    String shutdownReason;

    TestMachine(long ramSize) {
        this(ramSize, "qemu64", Map.of());
    }

    TestMachine(long ramSize, String model, Map<String, String> options) {
        this.model = model;
        this.options = options;
        memory = new PhysicalMemory(new Ram(ramSize));
        memory.mapRam("ram", "test", 0, 0, ramSize, false, 0);
        RegionOps serial = new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return offset == 5 ? 0x60 : 0; // line status: transmitter empty
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0) console.write((int) value);
            }
        };
        io.map(Region.of("com1", "test", 8, serial), 0x3f8);
        io.map(Region.of("debugcon", "test", 1, 1, 1, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0xe9;
            }

            @Override
            public void write(long offset, int size, long value) {
                console.write((int) value);
            }
        }), 0xe9);
        io.map(Region.of("exit", "test", 4, new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                exitCode = (int) value;
                vcpu.requestExit();
            }
        }), 0xf4);
    }

    Vcpu createCpu() throws Exception {
        vcpu = new X86Engine().create(this);
        clock.setInstructionSource(vcpu::instructionsRetired);
        return vcpu;
    }

    void load(long address, byte[] bytes) {
        memory.ram().write(address, bytes, 0, bytes.length);
        memory.notifyWritten(address, bytes.length);
    }

    /** Runs until the guest writes the exit port, halts, shuts down, or {@code limit} instructions pass. */
    Vcpu.Exit runUntilExit(long limit) {
        long start = vcpu.instructionsRetired();
        for (;;) {
            Vcpu.Exit e = vcpu.run(Math.min(10_000_000, limit - (vcpu.instructionsRetired() - start)));
            if (exitCode != null || e == Vcpu.Exit.HALTED || e == Vcpu.Exit.SHUTDOWN) return e;
            if (vcpu.instructionsRetired() - start >= limit) return e;
        }
    }

    String output() {
        return console.toString(StandardCharsets.ISO_8859_1);
    }

    /** The index the next created vCPU gets (0 = the bootstrap processor). */
    int cpuIndex;

    @Override
    public int cpuIndex() {
        return cpuIndex;
    }

    /** The machine's processor count as CPUID reports it (only the vCPUs created here run). */
    int cpuCount = 1;

    @Override
    public int cpuCount() {
        return cpuCount;
    }

    @Override
    public MemorySpace memory() {
        return memory;
    }

    @Override
    public AddressSpace io() {
        return io;
    }

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Map<String, String> options() {
        return options;
    }

    @Override
    public void shutdownRequested(String reason) {
        shutdownReason = reason;
    }

    /** Every FERR# level change the vCPU reported, in order. */
    final java.util.List<Boolean> fpuErrors = new java.util.ArrayList<>();

    @Override
    public void fpuError(boolean asserted) {
        fpuErrors.add(asserted);
    }
}
