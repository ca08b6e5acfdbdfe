package org.plugboard.cpu.x86;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.bus.IoSpace;
import org.plugboard.bus.MachineClock;
import org.plugboard.bus.PhysicalMemory;
import org.plugboard.bus.Ram;

/**
 * The x86 interpreter's hot paths: decoding, dispatching decoded blocks, and a TLB hit. It lives
 * in the engine's package (on the plain class path of benchmarks.jar the package is shared) because
 * the engine's classes are package-private and the bundle exports none of them: a benchmark hook
 * in the bundle's API would be public surface for no user, and JMH in the bundle's test build
 * would add an annotation processor and a second benchmark runner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InterpreterBenchmark {
    static final int BATCH = 10_000;
    static final long CODE = 0x10000, DATA = 0x20000;

    /** A mix of common 32-bit instructions, each starting at its offset in {@link #MIX}. */
    static final int[][] MIX_INSTRUCTIONS = {
        {0x01, 0xd8},                         // add eax, ebx
        {0x8b, 0x45, 0xf8},                   // mov eax, [ebp-8]
        {0x89, 0x44, 0x24, 0x10},             // mov [esp+0x10], eax
        {0x83, 0xc1, 0x01},                   // add ecx, 1
        {0x39, 0xd1},                         // cmp ecx, edx
        {0x75, 0xf0},                         // jne -16
        {0x8d, 0x04, 0x8b},                   // lea eax, [ebx+ecx*4]
        {0x0f, 0xb6, 0x06},                   // movzx eax, byte [esi]
        {0xc1, 0xe0, 0x04},                   // shl eax, 4
        {0x50},                               // push eax
        {0xe8, 0x00, 0x01, 0x00, 0x00},       // call +0x100
        {0x66, 0x89, 0x07},                   // mov [edi], ax
        {0xf3, 0xa5},                         // rep movsd
        {0x0f, 0xaf, 0xc2},                   // imul eax, edx
        {0x81, 0xe3, 0xff, 0x00, 0x00, 0x00}, // and ebx, 0xff
        {0xc3},                               // ret
    };
    static final byte[] MIX;
    static final int[] OFFSETS = new int[MIX_INSTRUCTIONS.length];

    static {
        int n = 0;
        for (int[] i : MIX_INSTRUCTIONS) n += i.length;
        MIX = new byte[n];
        int at = 0;
        for (int k = 0; k < MIX_INSTRUCTIONS.length; k++) {
            OFFSETS[k] = at;
            for (int b : MIX_INSTRUCTIONS[k]) MIX[at++] = (byte) b;
        }
    }

    /**
     * Loop bodies run by {@link #dispatchRegisterLoop} and {@link #dispatchMemoryLoop}: 16
     * instructions then DEC ECX / JNZ back, so one block per iteration.
     */
    static final int[] REGISTER_BODY = {
        0x01, 0xd8, 0x31, 0xc2, 0x29, 0xd3, 0x89, 0xc6, 0x21, 0xf7, 0x09, 0xfd, 0xd1, 0xe0, 0x8d, 0x04, 0x18,
        0x01, 0xd8, 0x31, 0xc2, 0x29, 0xd3, 0x89, 0xc6, 0x21, 0xf7, 0x09, 0xfd, 0xd1, 0xe0, 0x8d, 0x04, 0x18,
    };
    static final int[] MEMORY_BODY = {
        0x8b, 0x06, 0x01, 0x46, 0x04, 0x89, 0x46, 0x08, 0x03, 0x5e, 0x0c, 0x89, 0x5e, 0x10, 0x8b, 0x7e, 0x14,
        0x8b, 0x06, 0x01, 0x46, 0x04, 0x89, 0x46, 0x08, 0x03, 0x5e, 0x0c, 0x89, 0x5e, 0x10, 0x8b, 0x7e, 0x14,
    };

    private final Decoder decoder = new Decoder();
    private final Insn insn = new Insn();
    private final Decoder.ByteSource source = linear -> MIX[(int) linear] & 0xff;

    /** The engine's compile-threshold option: 0 = interpreter only, 1 = every block compiled. */
    @Param({"0", "1"})
    public String compileThreshold;

    private X86Vcpu registerLoop, memoryLoop;
    private Mmu mmu;
    private long address = DATA;

    @Setup
    public void setUp() throws Exception {
        registerLoop = loopMachine(REGISTER_BODY, compileThreshold);
        memoryLoop = loopMachine(MEMORY_BODY, compileThreshold);
        mmu = memoryLoop.cpu.mmu;
        mmu.read(DATA, 4); // the page enters the TLB
        mmu.write(DATA, 4, 0);
    }

    /** A vCPU in flat 32-bit protected mode running {@code body} in an endless DEC ECX / JNZ loop. */
    private static X86Vcpu loopMachine(int[] body, String compileThreshold) throws Exception {
        Host host = new Host(Map.of("compile-threshold", compileThreshold));
        byte[] code = new byte[body.length + 3];
        for (int k = 0; k < body.length; k++) code[k] = (byte) body[k];
        code[body.length] = 0x49; // dec ecx
        code[body.length + 1] = 0x75; // jnz to the start
        code[body.length + 2] = (byte) -(body.length + 3);
        host.memory.ram().write(CODE, code, 0, code.length);
        X86Vcpu vcpu = (X86Vcpu) new X86Engine().create(host);
        host.clock.setInstructionSource(vcpu::instructionsRetired);
        CpuRegisters r = CpuRegisters.flatProtectedMode(CODE);
        r.gpr[CpuRegisters.RCX] = Long.MAX_VALUE >>> 33; // the loop never ends within a benchmark
        r.gpr[CpuRegisters.RSI] = DATA;
        r.gpr[CpuRegisters.RSP] = DATA + 0x1000;
        vcpu.setRegisters(r);
        return vcpu;
    }

    /** Decodes one instruction of a 16-instruction mix (ns per instruction). */
    @Benchmark
    @OperationsPerInvocation(16)
    public int decodeMix() {
        int sum = 0;
        for (int off : OFFSETS) {
            decoder.decode(source, off, 4, insn);
            sum += insn.len;
        }
        return sum;
    }

    /** Block dispatch on register-only ALU code: ns per guest instruction. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Vcpu.Exit dispatchRegisterLoop() {
        return registerLoop.run(BATCH);
    }

    /** Block dispatch on loads, stores and read-modify-writes that hit the TLB: ns per guest instruction. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Vcpu.Exit dispatchMemoryLoop() {
        return memoryLoop.run(BATCH);
    }

    /** A 4-byte read through the MMU on a page in the TLB (tag compare, then the RAM array). */
    @Benchmark
    public long tlbHitRead() {
        address = DATA + ((address + 4) & 0xffc);
        return mmu.read(address, 4);
    }

    /** A 4-byte write through the MMU on a page in the TLB. */
    @Benchmark
    public void tlbHitWrite() {
        address = DATA + ((address + 4) & 0xffc);
        mmu.write(address, 4, address);
    }

    /** The machine a vCPU needs: 1 MiB of RAM, an empty I/O space, a deterministic clock. */
    static final class Host implements CpuHost {
        final PhysicalMemory memory = new PhysicalMemory(new Ram(1 << 20));
        final IoSpace io = new IoSpace();
        final MachineClock clock = new MachineClock(ClockMode.DETERMINISTIC, 1);
        private final Map<String, String> options;

        Host(Map<String, String> options) {
            this.options = options;
            memory.mapRam("ram", "bench", 0, 0, 1 << 20, false, 0);
        }

        @Override
        public int cpuIndex() {
            return 0;
        }

        @Override
        public int cpuCount() {
            return 1;
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
            return "qemu64";
        }

        @Override
        public Map<String, String> options() {
            return options;
        }

        @Override
        public void shutdownRequested(String reason) {
            throw new IllegalStateException("the benchmark guest shut down: " + reason);
        }
    }
}
