package org.plugboard.apic;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
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
 * Runs a multiboot guest program (an ELF loaded as its program headers say, entered in flat
 * protected mode) on x86-engine vCPUs, one per CPU of a device test kit: vCPU N's INTR follows
 * {@code cpuN.intr}, NMI {@code cpuN.nmi}, the controller the kit's devices put in front of CPU N
 * (the LAPIC, when the kit hosts one) is its interrupt controller, and the INIT/SIPI messages
 * devices send are passed on to it. The vCPUs run in turn, in slices, each seen by the devices as
 * the current CPU while it runs. Virtual time moves one nanosecond per instruction of the
 * slowest-moving round and jumps to the next timer deadline while every vCPU halts. COM1 output
 * is recorded; isa-debug-exit at 0xf4 ends the run. Other modules' tests use it through this
 * module's test jar.
 */
public final class MultibootGuest {
    private static final long NANOS_PER_INSTRUCTION = 1;
    private static final long SLICE = 1000;
    private static final long INSTRUCTION_BUDGET = 50_000_000L;
    private static final int ELF_MAGIC = 0x464c457f, MULTIBOOT_MAGIC = 0x1badb002, AOUT_KLUDGE = 1 << 16;

    private final DeviceTestKit kit;
    private final Path program;
    private final String cpuModel;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Vcpu[] cpus;
    private Integer exitCode;
    private int initsPassed;
    private int startupsPassed;

    public MultibootGuest(DeviceTestKit kit, Path program) throws Exception {
        this(kit, program, "qemu64");
    }

    /** @param cpuModel the vCPUs' model as {@code -cpu} takes it, e.g. {@code qemu64,+tsc-deadline} */
    public MultibootGuest(DeviceTestKit kit, Path program, String cpuModel) throws Exception {
        this.kit = kit;
        this.program = program;
        this.cpuModel = cpuModel;
        kit.io().map(Region.of("com1", "guest-test", 8, 1, 1, new Com1()), 0x3f8);
        kit.io().map(Region.of("isa-debug-exit", "guest-test", 4, 1, 4, new RegionOps() {
            @Override public long read(long offset, int size) { return 0xff; }
            @Override public void write(long offset, int size, long value) {
                exitCode = (int) value;
                for (Vcpu c : cpus) c.requestExit();
            }
        }), 0xf4);
        long entry = load(program);
        int count = kit.platform().control().cpuCount();
        cpus = new Vcpu[count];
        X86Engine engine = new X86Engine();
        for (int i = 0; i < count; i++) {
            Vcpu c = engine.create(host(i, count));
            cpus[i] = c;
            c.setInterruptController(kit.interruptController(i));
            kit.listen("cpu" + i + ".intr", new IrqListener() {
                @Override public void levelChanged(IrqLine line, boolean asserted) { c.setIntr(asserted); }
            });
            kit.listen("cpu" + i + ".nmi", new IrqListener() {
                @Override public void levelChanged(IrqLine line, boolean asserted) { if (asserted) c.nmi(); }
                @Override public void pulsed(IrqLine line) { c.nmi(); }
            });
        }
        enter(entry);
    }

    /** The bootloader's hand-off: the BSP at the entry point with the multiboot magic, the APs waiting for SIPI. */
    private void enter(long entry) {
        CpuRegisters regs = CpuRegisters.flatProtectedMode(entry);
        regs.gpr[CpuRegisters.RAX] = 0x2badb002;
        cpus[0].setRegisters(regs);
    }

    /** A machine reset and a new boot of the same program: devices and vCPUs reset, output cleared. */
    public void reboot() throws Exception {
        kit.reset();
        for (Vcpu c : cpus) c.reset();
        console.reset();
        exitCode = null;
        enter(load(program));
    }

    /** Runs until the guest exits through isa-debug-exit, shuts down, or uses its budget. */
    public void run() {
        while (exitCode == null && cpus[0].instructionsRetired() < INSTRUCTION_BUDGET) {
            long longest = 0;
            boolean allHalted = true;
            for (int i = 0; i < cpus.length && exitCode == null; i++) {
                kit.setCurrentCpu(i);
                long before = cpus[i].instructionsRetired();
                Vcpu.Exit why = cpus[i].run(SLICE);
                if (why == Vcpu.Exit.SHUTDOWN) return;
                if (why != Vcpu.Exit.HALTED) allHalted = false;
                longest = Math.max(longest, cpus[i].instructionsRetired() - before);
                passStartupMessages();
            }
            kit.setCurrentCpu(0);
            if (allHalted) {
                long next = kit.platform().clock.nextDeadline();
                if (next == Long.MAX_VALUE) return; // every vCPU halted with nothing to wake it
                kit.advance(Math.max(0, next - kit.now()));
            } else {
                kit.advance(longest * NANOS_PER_INSTRUCTION);
            }
        }
    }

    /** Hands the INIT and SIPI messages the APIC sent since the last call to their vCPUs, INITs first. */
    private void passStartupMessages() {
        for (; initsPassed < kit.initsSent().size(); initsPassed++) cpus[kit.initsSent().get(initsPassed)].init();
        for (; startupsPassed < kit.startupsSent().size(); startupsPassed++) {
            int[] s = kit.startupsSent().get(startupsPassed);
            cpus[s[0]].sipi(s[1]);
        }
    }

    public Integer exitCode() { return exitCode; }

    public String output() { return console.toString(StandardCharsets.US_ASCII); }

    public String cpuState() {
        StringBuilder b = new StringBuilder();
        for (Vcpu c : cpus) b.append(c.describe()).append('\n');
        return b.toString();
    }

    /**
     * Loads an ELF image by its PT_LOAD segments, or an a.out-kludge image (multiboot header flag
     * 16) by the addresses in its header, and returns the entry point.
     */
    private long load(Path program) throws Exception {
        byte[] file = Files.readAllBytes(program);
        ByteBuffer image = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (image.getInt(0) == ELF_MAGIC) {
            int phoff = image.getInt(28);
            int count = image.getShort(44) & 0xffff;
            for (int i = 0; i < count; i++) {
                int ph = phoff + 32 * i;
                if (image.getInt(ph) == 1) kit.dma().write(image.getInt(ph + 12), file, image.getInt(ph + 4), image.getInt(ph + 16));
            }
            return Integer.toUnsignedLong(image.getInt(24));
        }
        for (int at = 0; at + 32 <= Math.min(8192, file.length); at += 4) {
            if (image.getInt(at) != MULTIBOOT_MAGIC || (image.getInt(at + 4) & AOUT_KLUDGE) == 0) continue;
            int headerAddr = image.getInt(at + 12), loadAddr = image.getInt(at + 16), loadEnd = image.getInt(at + 20);
            int start = at - (headerAddr - loadAddr);
            int length = loadEnd == 0 ? file.length - start : loadEnd - loadAddr;
            kit.dma().write(loadAddr, file, start, length);
            return Integer.toUnsignedLong(image.getInt(at + 28));
        }
        throw new IllegalArgumentException(program + ": neither an ELF image nor a multiboot a.out-kludge image");
    }

    private CpuHost host(int index, int count) {
        return new CpuHost() {
            @Override public int cpuIndex() { return index; }
            @Override public int cpuCount() { return count; }
            @Override public MemorySpace memory() { return kit.memory(); }
            @Override public AddressSpace io() { return kit.io(); }
            @Override public VirtualClock clock() { return kit.clock(); }
            @Override public String model() { return cpuModel; }
            @Override public Map<String, String> options() { return Map.of(); }
            @Override public void shutdownRequested(String reason) {
                throw new AssertionError("the guest shut the CPU down: " + reason);
            }
        };
    }

    /** Output only: the transmitter is always empty. */
    private final class Com1 implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return offset == 5 ? 0x60 : 0;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == 0) console.write((int) value);
        }
    }
}
