package org.plugboard.benchmarks;

import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.DeviceState;

/**
 * A stand-in CPU engine for the pause benchmarks: each "instruction" is a multiply-add, and the
 * exit request is checked between instructions, as a real engine checks it between blocks.
 */
final class SpinEngine implements CpuEngine {
    @Override
    public String name() {
        return "spin";
    }

    @Override
    public Vcpu create(CpuHost host) {
        return new SpinCpu();
    }

    static final class SpinCpu implements Vcpu {
        private volatile boolean exit;
        private volatile long retired;
        private long work = 1;

        @Override
        public Exit run(long maxInstructions) {
            long w = work;
            for (long i = 0; i < maxInstructions; i++) {
                if (exit) {
                    exit = false;
                    retired += i;
                    work = w;
                    return Exit.REQUESTED;
                }
                w = w * 31 + i;
            }
            retired += maxInstructions;
            work = w;
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
        @Override public void setInterruptController(InterruptController controller) { }
        @Override public CpuRegisters registers() { return new CpuRegisters(); }
        @Override public void setRegisters(CpuRegisters registers) { }
        @Override public DeviceState saveState() { return new DeviceState("spin-cpu", 1).putLong("work", work); }
        @Override public void restoreState(DeviceState state) { }
        @Override public String describe() { return "spinning, " + retired + " instructions"; }
    }
}
