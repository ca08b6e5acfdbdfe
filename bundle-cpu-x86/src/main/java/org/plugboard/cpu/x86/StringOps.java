package org.plugboard.cpu.x86;

/**
 * MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS with their REP prefixes. A repeated instruction
 * runs in chunks: when a chunk ends with the count not exhausted, RIP stays on the instruction
 * and the block ends, so interrupts and the instruction budget are honoured between chunks.
 * Each iteration updates rCX, rSI and rDI at once, so a fault leaves a restartable state.
 */
final class StringOps {
    /** Iterations per chunk: large enough to amortise the block exit, small enough for latency. */
    private static final int CHUNK = 4096;

    private final Cpu cpu;
    private final Alu alu;
    private final PortIo io;
    private final Interpreter interpreter;

    StringOps(Cpu cpu, Alu alu, PortIo io, Interpreter interpreter) {
        this.cpu = cpu;
        this.alu = alu;
        this.io = io;
        this.interpreter = interpreter;
    }

    /**
     * One iteration at a time under single-step or hardware breakpoints: the #DB trap comes after
     * each iteration, with RIP still on the instruction while iterations remain (SDM vol. 3, 17.3.1).
     */
    private int chunk() {
        return (cpu.flags.bits & Flags.TF) != 0 || cpu.breakpoints.armed() ? 1 : CHUNK;
    }

    private long step(Insn i) {
        return (cpu.flags.bits & Flags.DF) != 0 ? -i.osize : i.osize;
    }

    private void advance(int r, Insn i, long delta) {
        cpu.setReg(r, i.asize, cpu.gpr[r] + delta);
    }

    /** Returns the number of iterations to run now, or -1 for an unrepeated instruction. */
    private long count(Insn i) {
        if (i.rep == 0) return -1;
        return cpu.reg(Cpu.RCX, i.asize);
    }

    /**
     * Ends the instruction: with iterations left it is restarted after the block ends, with RF
     * set, as the processor does between iterations: an interrupt or #DB trap taken there pushes
     * RF = 1 and the restart does not hit the instruction breakpoint again (SDM vol. 3, 17.3.1.1).
     */
    private void finish(Insn i, long left) {
        if (left != 0) {
            cpu.nextRip = cpu.rip;
            cpu.flags.bits |= Flags.RF;
            interpreter.stopBlock = true;
        }
    }

    private void decrementCount(Insn i) {
        cpu.setReg(Cpu.RCX, i.asize, cpu.gpr[Cpu.RCX] - 1);
    }

    void movs(Insn i) {
        long n = count(i);
        long d = step(i);
        if (n < 0) {
            moveOne(i, d);
            return;
        }
        for (int k = 0, c = chunk(); k < c && n != 0; k++, n--) {
            moveOne(i, d);
            decrementCount(i);
        }
        finish(i, n);
    }

    private void moveOne(Insn i, long d) {
        long v = cpu.read(i.seg, cpu.gpr[Cpu.RSI] & i.amask, i.osize);
        cpu.write(Cpu.ES, cpu.gpr[Cpu.RDI] & i.amask, i.osize, v);
        advance(Cpu.RSI, i, d);
        advance(Cpu.RDI, i, d);
    }

    void stos(Insn i) {
        long n = count(i);
        long d = step(i);
        long v = cpu.reg(Cpu.RAX, i.osize);
        if (n < 0) {
            cpu.write(Cpu.ES, cpu.gpr[Cpu.RDI] & i.amask, i.osize, v);
            advance(Cpu.RDI, i, d);
            return;
        }
        for (int k = 0, c = chunk(); k < c && n != 0; k++, n--) {
            cpu.write(Cpu.ES, cpu.gpr[Cpu.RDI] & i.amask, i.osize, v);
            advance(Cpu.RDI, i, d);
            decrementCount(i);
        }
        finish(i, n);
    }

    void lods(Insn i) {
        long n = count(i);
        long d = step(i);
        if (n < 0) n = 1;
        else if (n == 0) return;
        for (int k = 0, c = chunk(); k < c && n != 0; k++, n--) {
            cpu.setReg(Cpu.RAX, i.osize, cpu.read(i.seg, cpu.gpr[Cpu.RSI] & i.amask, i.osize));
            advance(Cpu.RSI, i, d);
            if (i.rep != 0) decrementCount(i);
        }
        if (i.rep != 0) finish(i, n);
    }

    void cmps(Insn i) {
        long n = count(i);
        long d = step(i);
        boolean once = n < 0;
        if (once) n = 1;
        for (int k = 0, c = chunk(); k < c && n != 0; k++) {
            long a = cpu.read(i.seg, cpu.gpr[Cpu.RSI] & i.amask, i.osize);
            long b = cpu.read(Cpu.ES, cpu.gpr[Cpu.RDI] & i.amask, i.osize);
            alu.alu(Alu.CMP, i.osize, a, b);
            advance(Cpu.RSI, i, d);
            advance(Cpu.RDI, i, d);
            n--;
            if (once) return;
            decrementCount(i);
            if (cpu.flags.zf() != (i.rep == 1)) return; // REPE stops on a difference, REPNE on a match
        }
        finish(i, n);
    }

    void scas(Insn i) {
        long n = count(i);
        long d = step(i);
        boolean once = n < 0;
        if (once) n = 1;
        long acc = cpu.reg(Cpu.RAX, i.osize);
        for (int k = 0, c = chunk(); k < c && n != 0; k++) {
            long b = cpu.read(Cpu.ES, cpu.gpr[Cpu.RDI] & i.amask, i.osize);
            alu.alu(Alu.CMP, i.osize, acc, b);
            advance(Cpu.RDI, i, d);
            n--;
            if (once) return;
            decrementCount(i);
            if (cpu.flags.zf() != (i.rep == 1)) return;
        }
        finish(i, n);
    }

    void ins(Insn i) {
        int port = (int) cpu.gpr[Cpu.RDX] & 0xffff;
        io.checkAccess(port, i.osize);
        long n = count(i);
        long d = step(i);
        boolean once = n < 0;
        if (once) n = 1;
        for (int k = 0, c = chunk(); k < c && n != 0; k++, n--) {
            long a = cpu.gpr[Cpu.RDI] & i.amask;
            cpu.checkWritable(Cpu.ES, a, i.osize);
            cpu.mmu.probeWrite(cpu.linear(Cpu.ES, a), i.osize); // fault before the port read has effects
            cpu.write(Cpu.ES, a, i.osize, io.inUnchecked(port, i.osize));
            advance(Cpu.RDI, i, d);
            if (!once) decrementCount(i);
        }
        if (!once) finish(i, n);
        interpreter.stopBlock = true;
    }

    void outs(Insn i) {
        int port = (int) cpu.gpr[Cpu.RDX] & 0xffff;
        io.checkAccess(port, i.osize);
        long n = count(i);
        long d = step(i);
        boolean once = n < 0;
        if (once) n = 1;
        for (int k = 0, c = chunk(); k < c && n != 0; k++, n--) {
            io.outUnchecked(port, i.osize, cpu.read(i.seg, cpu.gpr[Cpu.RSI] & i.amask, i.osize));
            advance(Cpu.RSI, i, d);
            if (!once) decrementCount(i);
        }
        if (!once) finish(i, n);
        interpreter.stopBlock = true;
    }
}
