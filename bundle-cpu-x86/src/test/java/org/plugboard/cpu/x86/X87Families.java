package org.plugboard.cpu.x86;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.plugboard.cpu.x86.fp.ExtendedOperands;

/**
 * Random x87 cases for the differential test: each starts from a random FXSAVE image (a random TOP
 * with a random number of full registers holding special values among others, FCW with any rounding,
 * any precision and usually all exceptions masked, sticky flags) and compares the image the
 * instruction leaves (registers, FSW with TOP and condition codes, tags, FCW), RFLAGS and memory.
 */
final class X87Families {
    private final Random rnd;
    private final ExtendedOperands values;
    private final SseFamilies cases;

    X87Families(long seed) {
        this.rnd = new Random(seed);
        this.values = new ExtendedOperands(rnd);
        this.cases = new SseFamilies(seed ^ 0x87);
    }

    List<InstructionFamilies.Named> all(int scale) {
        List<InstructionFamilies.Named> f = new ArrayList<>();
        f.add(new InstructionFamilies.Named("x87 arithmetic ST(i) (D8/DC/DE)", 2 * scale, this::arithmeticRegister));
        f.add(new InstructionFamilies.Named("x87 compares, FTST, FXAM, FCOMI", 2 * scale, this::compares));
        f.add(new InstructionFamilies.Named("x87 stack, moves, FCMOV, constants, control", 2 * scale, this::moves));
        f.add(new InstructionFamilies.Named("x87 FSQRT FRNDINT FSCALE FXTRACT FPREM FPREM1", 2 * scale, this::unary));
        f.add(new InstructionFamilies.Named("x87 memory arithmetic m32/m64/m16int/m32int", 2 * scale, this::arithmeticMemory));
        f.add(new InstructionFamilies.Named("x87 loads and stores, FBLD/FBSTP, FLDCW/FNSTSW", 2 * scale, this::loadsStores));
        f.add(new InstructionFamilies.Named("x87 FNSTENV/FLDENV/FNSAVE/FRSTOR", scale, this::environment));
        f.add(new InstructionFamilies.Named("x87 transcendentals (low 16 mantissa bits and C1 not compared)", scale, this::transcendental));
        return f;
    }

    // --- state ---

    private int fcw() {
        int masks = rnd.nextInt(4) != 0 ? 0x3f : rnd.nextInt(64);
        int pc = new int[] {0, 2, 3, 3, 1}[rnd.nextInt(5)];
        return 0x40 | masks | pc << 8 | rnd.nextInt(4) << 10;
    }

    private byte[] image() {
        byte[] b = new byte[DiffCase.FX_LENGTH];
        rnd.nextBytes(b);
        int fcw = fcw();
        int top = rnd.nextInt(8);
        int full = rnd.nextInt(4) == 0 ? rnd.nextInt(9) : rnd.nextBoolean() ? 8 : 2 + rnd.nextInt(3);
        int fsw = top << 11 | (rnd.nextInt(64) & fcw & 0x3f) | (rnd.nextInt(16) * 0x100 & 0x4700);
        if (rnd.nextInt(25) == 0 && (fcw & 0x3f) != 0x3f) fsw |= (~fcw & 0x3f) | 0x8080; // a pending exception: #MF
        int tags = 0;
        for (int i = 0; i < full; i++) tags |= 1 << ((top + i) & 7);
        if (rnd.nextInt(8) == 0) tags = rnd.nextInt(256);
        SseFamilies.put(b, 0, 2, fcw);
        SseFamilies.put(b, 2, 2, fsw);
        SseFamilies.put(b, 4, 2, tags);
        SseFamilies.put(b, 24, 4, 0x1f80);
        SseFamilies.put(b, 28, 4, 0xffff);
        long[] st0 = values.next();
        for (int i = 0; i < 8; i++) {
            long[] x = i == 0 ? st0 : values.next(st0);
            SseFamilies.put(b, 32 + 16 * i, 8, x[1]);
            SseFamilies.put(b, 40 + 16 * i, 2, x[0]);
            SseFamilies.put(b, 42 + 16 * i, 6, 0);
        }
        return b;
    }

    private DiffCase x87Case(String family, byte[] insn) {
        int mode = rnd.nextBoolean() ? 64 : 32;
        return cases.newCase(family, mode, insn, image(), rnd.nextLong());
    }

    private DiffCase register(String family, int esc, int r, int i) {
        return x87Case(family, new byte[] {(byte) (0xd8 + esc), (byte) (0xc0 | r << 3 | i)});
    }

    /** [rdi + d8] (or [edi + d8]) with room for size bytes in the buffer. */
    private DiffCase memory(String family, int esc, int r, int size, boolean opsize16) {
        return memoryAt(family, esc, r, displacement(size), opsize16);
    }

    private int displacement(int size) {
        return rnd.nextInt(Math.min(128, DiffCase.BUFLEN - size + 1));
    }

    private DiffCase memoryAt(String family, int esc, int r, int d, boolean opsize16) {
        byte[] insn = opsize16 ? new byte[] {0x66, (byte) (0xd8 + esc), (byte) (0x47 | r << 3), (byte) d}
                : new byte[] {(byte) (0xd8 + esc), (byte) (0x47 | r << 3), (byte) d};
        DiffCase c = x87Case(family, insn);
        c.memMask = new byte[DiffCase.BUFLEN];
        java.util.Arrays.fill(c.memMask, (byte) 0xff);
        return c;
    }

    // --- families ---

    private DiffCase arithmeticRegister() {
        int esc = new int[] {0, 4, 6}[rnd.nextInt(3)];
        int r = new int[] {0, 1, 4, 5, 6, 7}[rnd.nextInt(6)];
        return register("arith", esc, r, rnd.nextInt(8));
    }

    private DiffCase compares() {
        switch (rnd.nextInt(9)) {
            case 0: return register("fcom", 0, 2 + rnd.nextInt(2), rnd.nextInt(8));
            case 1: return register("fcom", 4, 2 + rnd.nextInt(2), rnd.nextInt(8));
            case 2: return register("fucom", 5, 4 + rnd.nextInt(2), rnd.nextInt(8));
            case 3: return register("fcompp", 6, 3, 1);
            case 4: return register("fucompp", 2, 5, 1);
            case 5: return register("fcomi", 3, 5 + rnd.nextInt(2), rnd.nextInt(8));
            case 6: return register("fcomip", 7, 5 + rnd.nextInt(2), rnd.nextInt(8));
            case 7: return register("ftst", 1, 4, 4);
            default: return register("fxam", 1, 4, 5);
        }
    }

    private DiffCase moves() {
        int i = rnd.nextInt(8);
        switch (rnd.nextInt(14)) {
            case 0: return register("fld", 1, 0, i);
            case 1: return register("fxch", 1, 1, i);
            case 2: return register("fst", 5, 2 + rnd.nextInt(2), i);
            case 3: return register("ffree", 5, 0, i);
            case 4: return register("ffreep", 7, 0, i);
            case 5: return register("fincstp/fdecstp", 1, 6, 6 + rnd.nextInt(2));
            case 6: return register("fchs/fabs", 1, 4, rnd.nextInt(2));
            case 7: return register("fcmov", 2 + rnd.nextInt(2), rnd.nextInt(4), i);
            case 8: return register("constant", 1, 5, rnd.nextInt(7));
            case 9: return register("fnop/fnclex/fninit", rnd.nextBoolean() ? 1 : 3, rnd.nextBoolean() ? 2 : 4, rnd.nextBoolean() ? 0 : 2 + rnd.nextInt(2));
            case 10: return register("fnstsw ax", 7, 4, 0);
            case 11: return withFullSt0(register("aliases", new int[] {1, 5, 7, 7, 7}[rnd.nextInt(5)], new int[] {3, 1, 1, 2, 3}[rnd.nextInt(5)], i));
            case 12: return withFullSt0(register("fstp1", 1, 3, i));
            default: return register("fxch4", 5, 1, i);
        }
    }

    /**
     * The reserved aliases (FSTP1 D9 D8+i, FXCH4 DD C8+i, FXCH7 DF C8+i, FSTP8/FSTP9 DF D0+i/D8+i) are
     * compared with a full ST0 only: with an empty one this AMD host does undocumented things (FSTP1
     * pops without a stack fault and keeps the empty tag) that the emulator does not copy.
     */
    private static DiffCase withFullSt0(DiffCase c) {
        int top = (c.fx[3] >> 3) & 7;
        c.fx[4] |= (byte) (1 << top);
        return c;
    }

    private DiffCase unary() {
        int[] ops = {0xfa, 0xfc, 0xfd, 0xf4, 0xf8, 0xf5};
        int op = ops[rnd.nextInt(ops.length)];
        return register("unary", 1, (op >> 3) & 7, op & 7);
    }

    private DiffCase arithmeticMemory() {
        int esc = new int[] {0, 2, 4, 6}[rnd.nextInt(4)];
        return memory("marith", esc, rnd.nextInt(8), 8, false);
    }

    private DiffCase loadsStores() {
        switch (rnd.nextInt(6)) {
            case 0: return memory("fld/fst m32", 1, new int[] {0, 2, 3, 5, 7}[rnd.nextInt(5)], 4, false);
            case 1: return memory("fld/fst m64, fisttp m64", 5, new int[] {0, 1, 2, 3, 7}[rnd.nextInt(5)], 8, false);
            case 2: return memory("fild/fist m32, fld/fstp m80", 3, new int[] {0, 1, 2, 3, 5, 7}[rnd.nextInt(6)], 10, false);
            default: return memory("fild/fist m16/m64, fbld/fbstp", 7, rnd.nextInt(8), 10, false);
        }
    }

    private DiffCase environment() {
        boolean small = rnd.nextInt(3) == 0;
        int size = small ? 94 : 108;
        boolean save = rnd.nextBoolean();
        int esc = save ? 5 : 1;
        int r = rnd.nextBoolean() ? 4 : 6;
        int d = displacement(size);
        DiffCase c = memoryAt("env", esc, r, d, small);
        if (r == 6) {
            // FIP, FCS/FOP, FDP (and FDS in the 16-bit layout) hold what the last instruction left: AMD
            // stores them only while an exception is pending, so they are not compared
            int from = small ? 6 : 12, to = small ? 14 : 28;
            for (int k = d + from; k < d + to; k++) c.memMask[k] = 0;
        }
        return c;
    }

    private DiffCase transcendental() {
        int[] ops = {0xf0, 0xf1, 0xf2, 0xf3, 0xf9, 0xfb, 0xfe, 0xff};
        int op = ops[rnd.nextInt(ops.length)];
        DiffCase c = register("transcendental", 1, (op >> 3) & 7, op & 7);
        // ST0 and ST1 inside the ranges the SDM defines (the results outside them are undefined)
        int st0Exp = op == 0xf0 || op == 0xf9 ? 0x3ffd - rnd.nextInt(40) : 0x3fff + rnd.nextInt(80) - 40;
        int sign = op == 0xf1 ? 0 : rnd.nextBoolean() ? 0x8000 : 0;
        if (rnd.nextInt(10) != 0 || op == 0xf0 || op == 0xf9) {
            SseFamilies.put(c.fx, 32, 8, Long.MIN_VALUE | rnd.nextLong());
            SseFamilies.put(c.fx, 40, 2, sign | st0Exp);
            SseFamilies.put(c.fx, 48, 8, Long.MIN_VALUE | rnd.nextLong());
            SseFamilies.put(c.fx, 56, 2, (rnd.nextBoolean() ? 0x8000 : 0) | (0x3fff + rnd.nextInt(40) - 20));
        }
        for (int i = 0; i < 8; i++) c.fxMask[32 + 16 * i] = c.fxMask[33 + 16 * i] = 0;
        c.fxMask[3] &= ~0x02; // C1
        return c;
    }
}
