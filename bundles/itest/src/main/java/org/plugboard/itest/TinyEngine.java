package org.plugboard.itest;

import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.PhysicalPage;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.DeviceState;

/**
 * A test-only CPU engine (never shipped) with a toy instruction set, so integration tests can
 * run guest code that touches devices before the x86 engine is involved. Instructions are 4 bytes
 * little-endian at {@code pc}: opcode in the low byte, a 24-bit operand above it.
 * <pre>
 * 0x01 port  OUT: write acc's low byte to an I/O port     0x02 port  IN: acc = byte from a port
 * 0x03 addr  LOAD: acc = 32-bit RAM word                  0x04 addr  STORE: 32-bit RAM word = acc
 * 0x05       INC acc                                      0x06 addr  JMP
 * 0xf4       HLT
 * </pre>
 */
public final class TinyEngine implements CpuEngine {
    @Override
    public String name() { return "tiny-test-engine"; }

    @Override
    public Vcpu create(CpuHost host) {
        return new TinyCpu(host);
    }

    /** Assembles one instruction. */
    public static int insn(int opcode, int operand) {
        return opcode | operand << 8;
    }

    static final class TinyCpu implements Vcpu {
        private final CpuHost host;
        private final MemorySpace memory;
        private volatile boolean exitRequested;
        private long retired;
        private long pc;
        private int acc;
        private boolean halted;

        TinyCpu(CpuHost host) {
            this.host = host;
            this.memory = host.memory();
        }

        private int word(long address) {
            PhysicalPage p = memory.page(address >>> MemorySpace.PAGE_SHIFT);
            return (int) p.read(address, 4);
        }

        @Override
        public Exit run(long budget) {
            exitRequested = false;
            if (halted) return Exit.HALTED;
            for (long n = 0; n < budget; n++) {
                if (exitRequested) return Exit.REQUESTED;
                int i = word(pc);
                int op = i & 0xff, arg = i >>> 8;
                pc += 4;
                retired++;
                switch (op) {
                    case 0x01: host.io().write(arg, 1, acc & 0xff); break;
                    case 0x02: acc = (int) host.io().read(arg, 1); break;
                    case 0x03: acc = word(arg); break;
                    case 0x04: memory.write(arg, 4, acc & 0xffffffffL); break;
                    case 0x05: acc++; break;
                    case 0x06: pc = arg; break;
                    case 0xf4: halted = true; return Exit.HALTED;
                    default: host.shutdownRequested("undefined tiny opcode 0x" + Integer.toHexString(op)); return Exit.SHUTDOWN;
                }
            }
            return Exit.BUDGET;
        }

        @Override public void requestExit() { exitRequested = true; }
        @Override public long instructionsRetired() { return retired; }
        @Override public boolean halted() { return halted; }

        @Override
        public void reset() {
            pc = 0;
            acc = 0;
            halted = false;
        }

        @Override public void setIntr(boolean asserted) { if (asserted) halted = false; }
        @Override public void nmi() { }
        @Override public void init() { }
        @Override public void sipi(int vector) { }
        @Override public void setInterruptController(InterruptController controller) { }

        @Override
        public CpuRegisters registers() {
            CpuRegisters r = new CpuRegisters();
            r.rip = pc;
            r.gpr[CpuRegisters.RAX] = acc;
            return r;
        }

        @Override
        public void setRegisters(CpuRegisters r) {
            pc = r.rip;
            acc = (int) r.gpr[CpuRegisters.RAX];
        }

        @Override
        public DeviceState saveState() {
            return new DeviceState("tiny-cpu", 1).putLong("pc", pc).putInt("acc", acc).putBoolean("halted", halted);
        }

        @Override
        public void restoreState(DeviceState s) {
            pc = s.getLong("pc");
            acc = s.getInt("acc");
            halted = s.getBoolean("halted");
        }

        @Override
        public String describe() {
            return String.format("pc=%08x acc=%08x", pc, acc);
        }
    }
}
