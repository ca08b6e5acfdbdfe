package org.plugboard.cpu.x86;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.MemoryWriteObserver;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.TimeStampCounter;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.DeviceState;

/**
 * One x86 vCPU: the run loop (blocks between interrupt checks), the pins, and the bridge between
 * the machine's {@link CpuHost} and the execution units. Runs on the machine thread; the pins and
 * {@link #requestExit} only set volatile fields that the loop reads at block boundaries.
 */
final class X86Vcpu implements Vcpu, VcpuControl {
    private static final int JUMP_CACHE_BITS = 12, JUMP_CACHE_MASK = (1 << JUMP_CACHE_BITS) - 1;
    /** Nominal TSC rate: 2 GHz, i.e. two ticks per virtual nanosecond. */
    private static final long TSC_PER_NANO = 2;

    private final CpuHost host;
    private final CpuModel model;
    private final CpuTopology topology;
    private final MemorySpace memory;
    final Cpu cpu = new Cpu();
    private final CodeCache code;
    private final BlockBuilder builder;
    private final Transfers transfers;
    private final Msrs msrs;
    private final Interpreter interpreter;
    private final CpuStateCodec codec;
    /** Recently entered blocks by linear address, one table per privilege class (user, supervisor). */
    private final Block[] jumpCacheSupervisor = new Block[1 << JUMP_CACHE_BITS];
    private final Block[] jumpCacheUser = new Block[1 << JUMP_CACHE_BITS];
    private int memoryGeneration;
    private InterruptController controller;
    private final TimeStampCounter tsc = new GuestTsc();

    /** Pending events as bits, set by any thread, read once per block by the run loop. */
    private final AtomicInteger events = new AtomicInteger();
    private static final int EXIT = 1, DMA = 2, NMI = 4, INIT = 8, SIPI = 16;
    /** The INTR level; only looked at while IF is set. */
    private volatile boolean intr;
    private volatile int sipiVector;
    private final ConcurrentLinkedQueue<long[]> dmaWrites = new ConcurrentLinkedQueue<>();
    private final MemoryWriteObserver dmaObserver = (address, length) -> {
        dmaWrites.add(new long[] {address, length});
        events.getAndUpdate(e -> e | DMA);
    };
    private boolean waitingForSipi;
    private boolean shutdown;

    private final CodeCache.Listener codeListener = new CodeCache.Listener() {
        @Override
        public void codePageAdded(long ppn) {
            cpu.mmu.protectCodePage(ppn);
        }

        @Override
        public void codeInvalidated(long ppn) {
            interpreterStop();
        }
    };

    /** @param sharedCode the decoded-code cache of this machine's vCPUs (one per memory space) */
    X86Vcpu(CpuHost host, CpuModel model, boolean ignoreUnknownMsrs, boolean mwaitAsNop, int compileThreshold,
            CodeCache sharedCode) {
        this.host = host;
        this.model = model;
        this.topology = new CpuTopology(host.cpuCount());
        this.memory = host.memory();
        cpu.fpuErrors.bind(host);
        this.code = sharedCode;
        code.addListener(codeListener);
        cpu.mmu.bind(memory, code);
        cpu.isBsp = host.cpuIndex() == 0;
        this.builder = new BlockBuilder(cpu.mmu, code, compileThreshold);
        builder.bind(memory);
        Segments segments = new Segments(cpu);
        this.transfers = new Transfers(cpu, segments, this);
        PortIo io = new PortIo(cpu);
        io.bind(host.io());
        this.msrs = new Msrs(cpu, model, ignoreUnknownMsrs, this);
        SystemOps system = new SystemOps(cpu, segments, model, msrs, this, mwaitAsNop, host.cpuIndex(), topology);
        this.interpreter = new Interpreter(cpu, segments, transfers, io, system);
        system.attach(interpreter);
        this.codec = new CpuStateCodec(cpu, msrs);
        memory.addWriteObserver(dmaObserver);
        memoryGeneration = memory.generation();
        reset();
    }

    private void interpreterStop() {
        if (interpreter != null) interpreter.stopBlock = true;
    }

    // --- running ---

    @Override
    public Exit run(long maxInstructions) {
        long end = cpu.retired + Math.max(maxInstructions, 0);
        for (;;) {
            if (shutdown) return Exit.SHUTDOWN;
            int pending = events.get();
            if (pending != 0) {
                if ((pending & EXIT) != 0) {
                    events.getAndUpdate(e -> e & ~EXIT);
                    return Exit.REQUESTED;
                }
                if ((pending & DMA) != 0) applyDmaWrites();
            }
            if (memory.generation() != memoryGeneration) memoryMapChanged();
            if ((pending & (NMI | INIT | SIPI)) != 0 || ((cpu.flags.bits & Flags.IF) != 0 && intr)) {
                takeEvents();
                if (shutdown) return Exit.SHUTDOWN;
            }
            if (cpu.halted || waitingForSipi) return Exit.HALTED;
            long left = end - cpu.retired;
            if (left <= 0) return Exit.BUDGET;
            if (cpu.retired < cpu.inhibitUntil) left = Math.min(left, cpu.inhibitUntil - cpu.retired);
            if (cpu.breakpoints.taskTrap) {
                debugTrap(0); // a task switch outside debugStep (an interrupt through a task gate)
                continue;
            }
            if ((cpu.flags.bits & (Flags.TF | Flags.RF)) != 0 || cpu.breakpoints.armed()) {
                debugStep();
                continue;
            }
            try {
                Block b = blockAtRip();
                interpreter.stopBlock = false;
                b.execute(interpreter, left);
            } catch (CpuFault fault) {
                raiseException();
            }
        }
    }

    private Block blockAtRip() {
        long lin = (cpu.seg[Cpu.CS].effectiveBase + cpu.rip) & cpu.linearMask;
        Block[] jc = cpu.cpl == 3 ? jumpCacheUser : jumpCacheSupervisor;
        int h = (int) (lin ^ (lin >>> JUMP_CACHE_BITS)) & JUMP_CACHE_MASK;
        Block b = jc[h];
        if (b != null && b.linear == lin && b.codeSize == cpu.codeSize && b.valid) return b;
        b = builder.blockAt(lin, cpu.codeSize, cpu.linearMask);
        if (b.valid) jc[h] = b;
        return b;
    }

    /** Delivers the fault in the CPU's fault fields, escalating to #DF and shutdown (SDM vol. 3, 6.15). */
    private void raiseException() {
        int vector = cpu.faultVector, error = cpu.faultError;
        boolean hasError = cpu.faultHasError;
        // a fault pushes RF set, so that the handler's IRET restarts the instruction without
        // its instruction breakpoint firing again; entering the handler clears RF (SDM 17.3.1.1)
        if (cpu.breakpoints.resumesWithRf(vector)) cpu.flags.bits |= Flags.RF;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                deliver(vector, Transfers.EXCEPTION, error, hasError);
                return;
            } catch (CpuFault again) {
                int second = cpu.faultVector;
                if (vector == Vectors.DF) break;
                boolean first = Vectors.contributory(vector) || vector == Vectors.PF;
                boolean doubleFault = (Vectors.contributory(vector) && Vectors.contributory(second))
                        || (vector == Vectors.PF && (second == Vectors.PF || Vectors.contributory(second)));
                if (doubleFault && first) {
                    vector = Vectors.DF;
                    error = 0;
                    hasError = true;
                } else {
                    vector = second;
                    error = cpu.faultError;
                    hasError = cpu.faultHasError;
                }
            }
        }
        shutdown("triple fault at " + Long.toHexString(cpu.rip) + " (last vector " + vector + ")");
    }

    /**
     * One instruction under the debug machinery (SDM vol. 3, 17.3): an enabled instruction
     * breakpoint at RIP is a #DB fault unless RF is set; data and I/O breakpoints hit by the
     * instruction, a task switch into a TSS with its T bit, and TF set when it began are one #DB
     * trap after it. RF is cleared as the instruction starts, once its breakpoints are checked; a
     * REP string instruction with iterations left sets it again (StringOps). After MOV SS or POP
     * SS the trap waits for the next instruction (SDM 6.8.3), whose instruction breakpoint is not
     * checked (17.3.1.1: such a breakpoint "may not be triggered"; we take the usual case). A fault
     * in that instruction drops what the shadow held.
     */
    private void debugStep() {
        Breakpoints bp = cpu.breakpoints;
        int flags = cpu.flags.bits;
        boolean singleStep = (flags & Flags.TF) != 0;
        boolean shadowed = bp.inShadow();
        if (bp.deliveryHits != 0) { // the last event's delivery hit a data breakpoint
            bp.hits = bp.deliveryHits;
            bp.deliveryHits = 0;
            debugTrap(0);
            return;
        }
        bp.hits = 0;
        bp.softwareInterrupt = false;
        try {
            if ((flags & Flags.RF) == 0 && bp.armed() && !shadowed) {
                int hits = bp.instructionHits((cpu.seg[Cpu.CS].effectiveBase + cpu.rip) & cpu.linearMask);
                if (hits != 0) {
                    bp.report(hits, 0);
                    throw cpu.fault(Vectors.DB);
                }
            }
            cpu.flags.bits &= ~Flags.RF;
            Block b = blockAtRip();
            interpreter.stopBlock = false;
            long before = cpu.retired;
            b.execute(interpreter, 1);
            if (cpu.retired == before) return;
        } catch (CpuFault fault) {
            bp.heldHits = 0; // a fault ends the MOV SS shadow: what it held back is dropped
            bp.heldStatus = 0;
            raiseException();
            return;
        }
        long status = singleStep && !bp.softwareInterrupt ? Breakpoints.DR6_BS : 0;
        if (bp.inShadow()) { // this was MOV SS or POP SS
            bp.heldHits |= bp.hits;
            bp.heldStatus |= status;
            bp.hits = 0;
            return;
        }
        bp.hits |= bp.heldHits;
        status |= bp.heldStatus;
        bp.heldHits = 0;
        bp.heldStatus = 0;
        if (bp.hits != 0 || status != 0 || bp.taskTrap) debugTrap(status);
    }

    /**
     * Delivers an exception or interrupt that no instruction raised by itself: the data
     * breakpoints its frame pushes and table reads hit are a #DB trap taken before the handler's
     * first instruction (see {@link Breakpoints#deliveryHits}).
     */
    private void deliver(int vector, int kind, int error, boolean hasError) {
        Breakpoints bp = cpu.breakpoints;
        bp.hits = 0;
        transfers.deliver(vector, kind, error, hasError, cpu.rip);
        bp.deliveryHits |= bp.hits;
        bp.hits = 0;
    }

    /** Delivers the #DB trap for the breakpoints hit, with BS or BT as given or pending. */
    private void debugTrap(long status) {
        Breakpoints bp = cpu.breakpoints;
        if (bp.taskTrap) status |= Breakpoints.DR6_BT;
        bp.taskTrap = false;
        bp.report(bp.hits, status);
        bp.hits = 0;
        try {
            deliver(Vectors.DB, Transfers.EXCEPTION, 0, false);
        } catch (CpuFault fault) {
            raiseException();
        }
    }

    private void shutdown(String reason) {
        shutdown = true;
        host.shutdownRequested(reason);
    }

    private void takeEvents() {
        if (takeEvent(INIT)) init(false);
        if (takeEvent(SIPI)) {
            int sipi = sipiVector;
            if (waitingForSipi) {
                waitingForSipi = false;
                cpu.halted = false;
                cpu.seg[Cpu.CS].load(sipi << 8, (long) sipi << 12, 0xffff, Segments.REAL_MODE_ATTRIBUTES, false);
                cpu.rip = 0;
                cpu.updateMode();
            }
        }
        if (waitingForSipi) return;
        if (cpu.retired < cpu.inhibitUntil) return;
        if ((events.get() & NMI) != 0 && !cpu.nmiBlocked) {
            takeEvent(NMI);
            cpu.nmiBlocked = true;
            deliverExternal(Vectors.NMI);
            return;
        }
        if (intr && (cpu.flags.bits & Flags.IF) != 0 && controller != null) {
            int vector = controller.acknowledge();
            if (vector >= 0) deliverExternal(vector & 0xff);
        }
    }

    private void deliverExternal(int vector) {
        cpu.halted = false;
        try {
            deliver(vector, Transfers.EXTERNAL, 0, false);
        } catch (CpuFault fault) {
            raiseException();
        }
    }

    /** Clears an event bit; true if it was set. */
    private boolean takeEvent(int bit) {
        return (events.getAndUpdate(e -> e & ~bit) & bit) != 0;
    }

    private void applyDmaWrites() {
        takeEvent(DMA);
        for (long[] w; (w = dmaWrites.poll()) != null; ) code.invalidateRange(w[0], w[1]);
    }

    private void memoryMapChanged() {
        memoryGeneration = memory.generation();
        code.flush();
        translationsChanged();
    }

    // --- VcpuControl ---

    @Override
    public void halt() {
        cpu.halted = true;
    }

    @Override
    public void translationsChanged() {
        cpu.mmu.flush();
        java.util.Arrays.fill(jumpCacheSupervisor, null);
        java.util.Arrays.fill(jumpCacheUser, null);
    }

    @Override
    public long clockTicks() {
        return host.clock().nanos() * TSC_PER_NANO;
    }

    @Override
    public InterruptController interruptController() {
        return controller;
    }

    @Override
    public void tscMoved() {
        if (controller != null) controller.useTimeStampCounter(tsc);
    }

    /** The TSC as RDTSC reads it, for the interrupt controller's TSC-deadline timer. */
    private final class GuestTsc implements TimeStampCounter {
        @Override
        public long read() {
            return msrs.tsc();
        }

        @Override
        public long nanosWhen(long count) {
            long now = host.clock().nanos(), current = msrs.tsc();
            if (Long.compareUnsigned(count, current) <= 0) return now;
            long ahead = count - current, q = Long.divideUnsigned(ahead, TSC_PER_NANO);
            long nanos = now + (Long.remainderUnsigned(ahead, TSC_PER_NANO) == 0 ? q : q + 1);
            return nanos < now ? Long.MAX_VALUE : nanos; // beyond 2^63 ns is never
        }
    }

    // --- Vcpu ---

    @Override
    public void requestExit() {
        events.getAndUpdate(e -> e | EXIT);
    }

    @Override
    public long instructionsRetired() {
        return cpu.retired;
    }

    @Override
    public boolean halted() {
        return cpu.halted || waitingForSipi;
    }

    @Override
    public void reset() {
        shutdown = false;
        events.getAndUpdate(e -> e & (EXIT | DMA));
        msrs.reset();
        tscMoved();
        init(true);
    }

    /** The INIT/RESET state (SDM vol. 3, table 9-1); INIT keeps the MSRs. */
    private void init(boolean powerOn) {
        CpuState.powerOn(cpu);
        if (powerOn) {
            cpu.efer = 0;
            cpu.fpu.reset();
            cpu.fpuErrors.statusChanged();
        }
        cpu.gpr[Cpu.RDX] = 0x600; // family 6 signature, as most firmware expects
        cpu.halted = false;
        cpu.nmiBlocked = false;
        cpu.inhibitUntil = 0;
        cpu.breakpoints.reset();
        waitingForSipi = !cpu.isBsp;
        code.flush();
        translationsChanged();
    }

    @Override
    public void setIntr(boolean asserted) {
        intr = asserted;
    }

    @Override
    public void setIgnne(boolean asserted) {
        cpu.fpuErrors.setIgnne(asserted);
    }

    @Override
    public void nmi() {
        events.getAndUpdate(e -> e | NMI);
    }

    @Override
    public void init() {
        events.getAndUpdate(e -> e | INIT);
    }

    @Override
    public void sipi(int vector) {
        sipiVector = vector & 0xff;
        events.getAndUpdate(e -> e | SIPI);
    }

    // --- as firmware on this CPU ---

    @Override
    public int[] cpuid(int leaf, int subleaf) {
        int[] out = new int[4];
        model.cpuid(leaf, subleaf, host.cpuIndex(), topology, out);
        return out;
    }

    @Override
    public OptionalLong readMsr(int msr) {
        try {
            return OptionalLong.of(msrs.read(msr));
        } catch (CpuFault f) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean writeMsr(int msr, long value) {
        try {
            msrs.write(msr, value);
            return true;
        } catch (CpuFault f) {
            return false;
        }
    }

    @Override
    public void setInterruptController(InterruptController controller) {
        this.controller = controller;
        tscMoved();
    }

    @Override
    public CpuRegisters registers() {
        return CpuState.toRegisters(cpu);
    }

    @Override
    public void setRegisters(CpuRegisters r) {
        CpuState.fromRegisters(cpu, r);
        cpu.halted = false;
        waitingForSipi = false;
        translationsChanged();
    }

    @Override
    public DeviceState saveState() {
        DeviceState s = codec.save();
        s.putBoolean("waitingForSipi", waitingForSipi);
        return s;
    }

    @Override
    public void restoreState(DeviceState state) {
        codec.restore(state);
        cpu.fpuErrors.statusChanged();
        waitingForSipi = state.getBoolean("waitingForSipi", false);
        tscMoved();
        code.flush();
        translationsChanged();
    }

    @Override
    public String describe() {
        return CpuState.describe(cpu) + (waitingForSipi ? "\nwaiting for SIPI" : "") + "\ncode cache: "
                + code.pageCount() + " pages";
    }

    /**
     * Stops observing guest memory. Nothing calls this yet: the SPI has no way to discard a vCPU
     * (see the report), so a vCPU lives as long as its machine's memory space.
     */
    void dispose() {
        memory.removeWriteObserver(dmaObserver);
        code.removeListener(codeListener);
    }
}
