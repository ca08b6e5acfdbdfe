package org.plugboard.cpu.x86;

import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;

/**
 * Runs differential cases on the interpreter with the harness's memory layout: identity-mapped
 * 4-level paging for the first 4 MiB, 64-bit or compatibility-mode code at the harness's own
 * instruction address, and an IDT whose handlers sit at 0x5000 + vector so a fault is visible.
 */
final class EmulatedOracle {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long PML4 = 0x1000, IDT = 0x4000, HANDLERS = 0x5000, GDT = 0x6000;
    private final TestMachine m;

    EmulatedOracle() throws Exception {
        m = new TestMachine(4L << 20, "max", java.util.Map.of());
        long[] tables = {PML4, 0x2000 | 7, 0x2000, 0x3000 | 7, 0x3000, 0x87, 0x3008, 0x200087};
        for (int k = 0; k < tables.length; k += 2) write64(tables[k], tables[k + 1]);
        write64(GDT + 8, 0x00af9b000000ffffL);
        byte[] halts = new byte[256];
        java.util.Arrays.fill(halts, (byte) 0xf4);
        m.load(HANDLERS, halts);
        for (int v = 0; v < 32; v++) {
            long target = HANDLERS + v;
            long low = (target & 0xffff) | 8L << 16 | 0x8eL << 40 | ((target >>> 16) & 0xffff) << 48;
            write64(IDT + 16L * v, low);
            write64(IDT + 16L * v + 8, target >>> 32);
        }
        m.createCpu();
    }

    private void write64(long address, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (value >>> (8 * i));
        m.load(address, b);
    }

    /** Executes the case's instruction; the result line has the harness's output format. */
    String run(DiffCase c) {
        long rip = c.mode == 64 ? DiffCase.NATIVE_RIP64 : DiffCase.NATIVE_RIP32;
        byte[] code = java.util.Arrays.copyOf(c.insn, c.insn.length + 1);
        code[c.insn.length] = (byte) 0xf4;
        long start = rip;
        int instructions = 1;
        if (c.fx != null) {
            // as the harness does: FXRSTOR the case's image, the instruction, FXSAVE, in the case's mode
            byte[] restore = fxAccess(c.mode, true), save = fxAccess(c.mode, false);
            start = rip - restore.length;
            m.load(start, restore);
            code = java.util.Arrays.copyOf(c.insn, c.insn.length + save.length + 1);
            System.arraycopy(save, 0, code, c.insn.length, save.length);
            code[code.length - 1] = (byte) 0xf4;
            m.load(DiffCase.FX_IMAGE, c.fx);
            instructions = 3;
        }
        m.load(rip, code);
        byte[] init = DiffCase.buffer(c.seed);
        m.load(DiffCase.BUFFER, java.util.Arrays.copyOf(init, DiffCase.BUFLEN));
        m.load(DiffCase.STACK, java.util.Arrays.copyOfRange(init, DiffCase.BUFLEN, init.length));
        CpuRegisters r = new CpuRegisters();
        System.arraycopy(c.regs, 0, r.gpr, 0, 16);
        if (c.mode == 32) for (int k = 0; k < 8; k++) r.gpr[k] &= 0xffffffffL;
        r.rip = start;
        r.rflags = (c.flags & DiffCase.VISIBLE_FLAGS) | 2;
        r.cr0 = 0x80000033L; // PG, NE, ET, MP, PE: what Linux gives user code
        r.cr3 = PML4;
        r.cr4 = 0x40620;     // PAE, OSFXSR, OSXMMEXCPT, OSXSAVE (as Linux sets them)
        r.efer = 0x500;
        r.gdtBase = GDT;
        r.gdtLimit = 0xff;
        r.idtBase = IDT;
        r.idtLimit = 32 * 16 - 1;
        r.seg[CpuRegisters.CS].set(0x33, 0, 0xffffffff, c.mode == 64 ? 0xa09b : 0xc09b);
        for (int s : new int[] {CpuRegisters.ES, CpuRegisters.SS, CpuRegisters.DS, CpuRegisters.FS, CpuRegisters.GS})
            r.seg[s].set(0x2b, 0, 0xffffffff, CpuRegisters.FLAT_DATA32);
        r.tr.set(0, 0, 0xffff, 0x8b);
        m.vcpu.setRegisters(r);
        ((X86Vcpu) m.vcpu).cpu.fpu.xcr0 = 3; // x87 and SSE: what XSAVE may save here (the host's XCR0 has more)
        Vcpu.Exit exit = m.vcpu.run(instructions);
        CpuRegisters after = m.vcpu.registers();
        // a fault enters its handler without retiring anything, then the handler's HLT retires
        if (exit == Vcpu.Exit.HALTED && after.rip > HANDLERS && after.rip <= HANDLERS + 32)
            return "FAULT " + signalFor((int) (after.rip - HANDLERS - 1));
        if (exit != Vcpu.Exit.BUDGET) return "STOPPED " + exit;
        StringBuilder b = new StringBuilder(Long.toHexString(after.rflags));
        for (long g : after.gpr) b.append(' ').append(Long.toHexString(g));
        b.append(' ');
        byte[] buf = new byte[DiffCase.BUFLEN];
        m.memory.ram().read(DiffCase.BUFFER, buf, 0, buf.length);
        for (byte x : buf) b.append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
        if (c.fx != null) {
            byte[] image = new byte[DiffCase.FX_LENGTH];
            m.memory.ram().read(DiffCase.FX_IMAGE, image, 0, image.length);
            b.append(" FX ");
            for (byte x : image) b.append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
        }
        return b.toString();
    }

    /** FXRSTOR or FXSAVE of the case's image at its absolute address: REX.W form in 64-bit code. */
    private static byte[] fxAccess(int mode, boolean restore) {
        long a = DiffCase.FX_IMAGE;
        byte[] disp = {(byte) a, (byte) (a >> 8), (byte) (a >> 16), (byte) (a >> 24)};
        byte[] head = mode == 64 ? new byte[] {0x48, 0x0f, (byte) 0xae, (byte) (restore ? 0x0c : 0x04), 0x25}
                : new byte[] {0x0f, (byte) 0xae, (byte) (restore ? 0x0d : 0x05)};
        byte[] out = java.util.Arrays.copyOf(head, head.length + 4);
        System.arraycopy(disp, 0, out, head.length, 4);
        return out;
    }

    /** The signal Linux sends a process for an exception. */
    private static int signalFor(int vector) {
        switch (vector) {
            case Vectors.DE: case Vectors.MF: case Vectors.XM: return 8; // SIGFPE
            case Vectors.UD: return 4;   // SIGILL
            case Vectors.BP: case Vectors.DB: return 5; // SIGTRAP
            case Vectors.AC: return 7;   // SIGBUS
            default: return 11;          // SIGSEGV
        }
    }
}
