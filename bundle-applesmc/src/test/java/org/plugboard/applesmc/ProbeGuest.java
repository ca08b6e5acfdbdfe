package org.plugboard.applesmc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.cpu.x86.X86Engine;
import org.plugboard.testkit.DeviceTestKit;

/**
 * Runs src/test/guest/applesmc-probe.elf on Plugboard's x86 engine next to the kit's SMC: the
 * multiboot load (its one ELF segment at 1 MiB, flat protected mode), a COM1 that records
 * what the guest prints, isa-debug-exit at 0xf4, and the POST port 0x80 where the guest posts
 * checkpoints. Between slices of instructions the caller may act on the machine (swap the SMC).
 */
final class ProbeGuest {
    static final Path PROGRAM = Path.of("src", "test", "guest", "applesmc-probe.elf");
    /** Posted on port 0x80 after the guest wrote F0Tg and before it reads it back. */
    static final int CHECKPOINT_WRITTEN = 0x5a;
    private static final long INSTRUCTION_BUDGET = 200_000_000L;

    /** Called between slices, at an instruction boundary, with the last checkpoint posted (-1: none yet). */
    interface BetweenSlices {
        void act(int lastCheckpoint);
    }

    private final DeviceTestKit kit;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Vcpu cpu;
    private Integer exitCode;
    private int lastCheckpoint = -1;

    ProbeGuest(DeviceTestKit kit) throws Exception {
        this.kit = kit;
        kit.io().map(Region.of("com1", "guest-test", 8, 1, 1, new Com1(console)), 0x3f8);
        kit.io().map(Region.of("isa-debug-exit", "guest-test", 4, 1, 4, writesOnly(v -> exitCode = (int) v)), 0xf4);
        kit.io().map(Region.of("post", "guest-test", 1, 1, 1, writesOnly(v -> lastCheckpoint = (int) v)), 0x80);
        long entry = load();
        cpu = new X86Engine().create(host());
        CpuRegisters regs = CpuRegisters.flatProtectedMode(entry);
        regs.gpr[CpuRegisters.RAX] = 0x2badb002; // multiboot magic; the program reads no boot information
        cpu.setRegisters(regs);
    }

    /**
     * Runs until the guest leaves through isa-debug-exit, halts, or uses up the budget, in
     * slices of at most {@code slice} instructions; a posted checkpoint ends a slice at once.
     */
    void run(long slice, BetweenSlices between) {
        while (exitCode == null && cpu.instructionsRetired() < INSTRUCTION_BUDGET) {
            Vcpu.Exit why = cpu.run(slice);
            if (why == Vcpu.Exit.HALTED || why == Vcpu.Exit.SHUTDOWN) break;
            between.act(lastCheckpoint);
        }
    }

    Integer exitCode() {
        return exitCode;
    }

    String output() {
        return console.toString(StandardCharsets.US_ASCII);
    }

    String cpuState() {
        return cpu.describe();
    }

    private RegionOps writesOnly(java.util.function.LongConsumer onWrite) {
        return new RegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0xff;
            }

            @Override
            public void write(long offset, int size, long value) {
                onWrite.accept(value);
                cpu.requestExit();
            }
        };
    }

    /** Copies the ELF's one PT_LOAD segment to guest memory; RAM is zero, so the variables after it are too. */
    private long load() throws Exception {
        byte[] file = Files.readAllBytes(PROGRAM);
        ByteBuffer elf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int phoff = elf.getInt(28);
        kit.dma().write(elf.getInt(phoff + 12), file, elf.getInt(phoff + 4), elf.getInt(phoff + 16));
        return Integer.toUnsignedLong(elf.getInt(24));
    }

    private CpuHost host() {
        return new CpuHost() {
            @Override public int cpuIndex() { return 0; }
            @Override public int cpuCount() { return 1; }
            @Override public MemorySpace memory() { return kit.memory(); }
            @Override public AddressSpace io() { return kit.io(); }
            @Override public VirtualClock clock() { return kit.clock(); }
            @Override public String model() { return "qemu64"; }
            @Override public Map<String, String> options() { return Map.of(); }
            @Override public void shutdownRequested(String reason) {
                throw new AssertionError("the guest shut the CPU down: " + reason);
            }
        };
    }

    /** Just enough of a 16550 for output: the transmitter is always empty; divisor-latch writes are not data. */
    private static final class Com1 implements RegionOps {
        private final ByteArrayOutputStream out;
        private boolean divisorLatch;

        Com1(ByteArrayOutputStream out) {
            this.out = out;
        }

        @Override
        public long read(long offset, int size) {
            return offset == 5 ? 0x60 : 0;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == 3) divisorLatch = (value & 0x80) != 0;
            if (offset == 0 && !divisorLatch) out.write((int) value);
        }
    }
}
