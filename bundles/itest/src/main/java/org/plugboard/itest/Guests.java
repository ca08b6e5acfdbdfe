package org.plugboard.itest;

import org.plugboard.api.machine.Machine;
import org.plugboard.machine.MachineImpl;

/** Guest programs for the tiny engine, written straight into a machine's RAM. */
final class Guests {
    /** Where the counting guest keeps its counter. */
    static final int COUNTER = 0x1000;

    private Guests() {
    }

    /** Forever: counter++ in RAM, and its low byte out to {@code port}. */
    static void counting(Machine m, int port) {
        int[] program = {
            TinyEngine.insn(0x03, COUNTER),
            TinyEngine.insn(0x05, 0),
            TinyEngine.insn(0x04, COUNTER),
            TinyEngine.insn(0x01, port),
            TinyEngine.insn(0x06, 0),
        };
        MachineImpl mi = (MachineImpl) m;
        for (int i = 0; i < program.length; i++) mi.platform().memory.write(4L * i, 4, program[i] & 0xffffffffL);
    }

    static long counter(Machine m) {
        return ((MachineImpl) m).platform().memory.read(COUNTER, 4);
    }
}
