package org.plugboard.cpu.x86;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random single-instruction cases, by instruction family, with the flags each leaves undefined. */
final class InstructionFamilies {
    static final long CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;

    private final Random rnd;
    private final String hostFlags;

    InstructionFamilies(long seed, String hostFlags) {
        this.rnd = new Random(seed);
        this.hostFlags = hostFlags;
    }

    interface Family {
        DiffCase next();
    }

    record Named(String name, int count, Family family) {
    }

    List<Named> all(int scale) {
        List<Named> f = new ArrayList<>();
        f.add(new Named("alu (add/or/adc/sbb/and/sub/xor/cmp/test), 64-bit", 12 * scale, () -> alu(64)));
        f.add(new Named("alu, compatibility mode", 6 * scale, () -> alu(32)));
        f.add(new Named("inc/dec/neg/not", 6 * scale, () -> unary(64)));
        f.add(new Named("shifts and rotates (incl. rcl/rcr)", 12 * scale, () -> shift(rnd.nextBoolean() ? 64 : 32)));
        f.add(new Named("shld/shrd", 5 * scale, this::doubleShift));
        f.add(new Named("mul/imul/div/idiv", 10 * scale, () -> mulDiv(rnd.nextBoolean() ? 64 : 32)));
        f.add(new Named("bt/bts/btr/btc/bsf/bsr/popcnt/lzcnt", 8 * scale, this::bitOps));
        f.add(new Named("bcd (daa/das/aaa/aas/aam/aad)", 8 * scale, this::bcd));
        f.add(new Named("string ops with rep", 8 * scale, () -> string(rnd.nextBoolean() ? 64 : 32)));
        f.add(new Named("cmovcc/setcc", 6 * scale, this::conditional));
        f.add(new Named("xadd/cmpxchg/cmpxchg8b/16b/xchg", 6 * scale, this::exchange));
        f.add(new Named("bswap/movzx/movsx/movsxd/cbw/cwd", 5 * scale, this::moves));
        f.add(new Named("lea addressing (16/32/64-bit, sib, rip)", 8 * scale, () -> lea(rnd.nextBoolean() ? 64 : 32)));
        f.add(new Named("push/pop/flag ops", 4 * scale, this::stackAndFlags));
        f.add(new Named("memory operands (alu/shift/bt/unary/movx, lock)", 10 * scale, this::memoryForms));
        return f;
    }

    // --- state ---

    private long value() {
        switch (rnd.nextInt(8)) {
            case 0: return rnd.nextInt(256);
            case 1: return -rnd.nextInt(256);
            case 2: return 1L << rnd.nextInt(64);
            case 3: return (1L << rnd.nextInt(64)) - 1;
            case 4: return rnd.nextInt() & 0xffffffffL;
            case 5: return 0x7fffffffL + rnd.nextInt(3) - 1;
            case 6: return Long.MIN_VALUE + rnd.nextInt(3) - 1;
            default: return rnd.nextLong();
        }
    }

    private DiffCase newCase(String family, int mode, byte[] insn) {
        long[] regs = new long[16];
        for (int k = 0; k < 16; k++) regs[k] = value();
        regs[4] = DiffCase.STACK;
        long flags = rnd.nextLong() & 0x8d5; // random arithmetic flags, DF clear
        return new DiffCase(family, mode, insn, rnd.nextLong(), flags, regs);
    }

    /** A register for a full-size operand: never RSP (the harness needs its stack). */
    private int reg(int mode) {
        int r;
        do r = rnd.nextInt(mode == 64 ? 16 : 8);
        while (r == 4);
        return r;
    }

    private int size(int mode) {
        int s = 1 << rnd.nextInt(mode == 64 ? 4 : 3);
        return s;
    }

    /** Encodes prefixes, opcode bytes and a register-form ModRM (mod = 3). */
    private final class Enc {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int mode;

        Enc(int mode) {
            this.mode = mode;
        }

        Enc bytes(int... b) {
            for (int x : b) out.write(x);
            return this;
        }

        /** Operand-size prefix and REX for {@code size}, reg and rm; for byte operands REX is random in 64-bit mode. */
        Enc prefix(int size, int reg, int rm) {
            if (size == 2) out.write(0x66);
            if (mode == 64) {
                int rex = (size == 8 ? 8 : 0) | (reg >= 8 ? 4 : 0) | (rm >= 8 ? 1 : 0);
                if (rex != 0 || (size == 1 && rnd.nextInt(3) == 0)) out.write(0x40 | rex);
            }
            return this;
        }

        Enc modrm(int reg, int rm) {
            out.write(0xc0 | (reg & 7) << 3 | (rm & 7));
            return this;
        }

        Enc imm(long v, int size) {
            for (int k = 0; k < size; k++) out.write((int) (v >>> (8 * k)));
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    private int byteReg(int mode) {
        return rnd.nextInt(mode == 64 ? 16 : 8); // 4-7 are AH-BH or SPL-DIL: both safe for the stack
    }

    // --- families ---

    private DiffCase alu(int mode) {
        int size = size(mode), kind = rnd.nextInt(9); // 8 = TEST
        int r = size == 1 ? byteReg(mode) : reg(mode), m = size == 1 ? byteReg(mode) : reg(mode);
        Enc e = new Enc(mode);
        int form = rnd.nextInt(4);
        int immSize = Math.min(size, 4);
        if (kind == 8) {
            if (form < 2) e.prefix(size, r, m).bytes(size == 1 ? 0x84 : 0x85).modrm(r, m);
            else e.prefix(size, 0, m).bytes(size == 1 ? 0xf6 : 0xf7).modrm(0, m).imm(value(), immSize);
        } else if (form == 0) e.prefix(size, r, m).bytes(kind << 3 | (size == 1 ? 0 : 1)).modrm(r, m);
        else if (form == 1) e.prefix(size, r, m).bytes(kind << 3 | (size == 1 ? 2 : 3)).modrm(r, m);
        else if (form == 2) {
            if (size != 1 && rnd.nextBoolean()) e.prefix(size, 0, m).bytes(0x83).modrm(kind, m).imm(value(), 1);
            else e.prefix(size, 0, m).bytes(size == 1 ? 0x80 : 0x81).modrm(kind, m).imm(value(), immSize);
        } else e.prefix(size, 0, 0).bytes(kind << 3 | (size == 1 ? 4 : 5)).imm(value(), immSize);
        DiffCase c = newCase("alu", mode, e.get());
        if (kind == 1 || kind == 4 || kind == 6 || kind == 8) c.maskFlags(AF);
        return c;
    }

    private DiffCase unary(int mode) {
        int size = size(mode), m = size == 1 ? byteReg(mode) : reg(mode);
        int op = new int[] {0, 1, 2, 3}[rnd.nextInt(4)];
        Enc e = new Enc(mode).prefix(size, 0, m);
        if (op < 2) e.bytes(size == 1 ? 0xfe : 0xff).modrm(op, m);
        else e.bytes(size == 1 ? 0xf6 : 0xf7).modrm(op, m);
        return newCase("unary", mode, e.get());
    }

    private DiffCase shift(int mode) {
        int size = size(mode), m = size == 1 ? byteReg(mode) : reg(mode);
        int kind = rnd.nextInt(8);
        int form = rnd.nextInt(3);
        int count;
        Enc e = new Enc(mode).prefix(size, 0, m);
        DiffCase c;
        if (form == 0) {
            count = 1;
            e.bytes(size == 1 ? 0xd0 : 0xd1).modrm(kind, m);
            c = newCase("shift", mode, e.get());
        } else if (form == 1) {
            count = rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(size * 8 + 2);
            e.bytes(size == 1 ? 0xc0 : 0xc1).modrm(kind, m).imm(count, 1);
            c = newCase("shift", mode, e.get());
        } else {
            if (m == 1 || m == 17) m = 3; // keep CL as the count
            e = new Enc(mode).prefix(size, 0, m).bytes(size == 1 ? 0xd2 : 0xd3).modrm(kind, m);
            c = newCase("shift", mode, e.get());
            count = (int) c.regs[1] & 0xff;
            if (rnd.nextBoolean()) {
                count = rnd.nextInt(size * 8 + 2);
                c.regs[1] = (c.regs[1] & ~0xffL) | count;
            }
        }
        int masked = count & (size == 8 ? 63 : 31);
        int width = size * 8;
        boolean rotate = kind < 4;
        if (masked != 0) {
            if (!rotate) c.maskFlags(AF);
            if (masked != 1) c.maskFlags(OF);
            if (!rotate && masked >= width) c.maskFlags(CF | OF);
            if (kind >= 2 && kind <= 3 && masked % (width + 1) == 0) c.maskFlags(OF);
        }
        return c;
    }

    private DiffCase doubleShift() {
        int mode = 64;
        int size = 2 << rnd.nextInt(3), r = reg(mode), m = reg(mode);
        boolean left = rnd.nextBoolean(), byCl = rnd.nextBoolean();
        int count = rnd.nextInt(size == 2 ? 17 : size * 8);
        Enc e = new Enc(mode).prefix(size, r, m);
        if (byCl) {
            if (r == 1) r = 3;
            if (m == 1) m = 3;
            e = new Enc(mode).prefix(size, r, m).bytes(0x0f, left ? 0xa5 : 0xad).modrm(r, m);
        } else e.bytes(0x0f, left ? 0xa4 : 0xac).modrm(r, m).imm(count, 1);
        DiffCase c = newCase("shxd", mode, e.get());
        if (byCl) c.regs[1] = (c.regs[1] & ~0xffL) | count;
        c.maskFlags(AF);
        if (count != 1) c.maskFlags(OF);
        return c;
    }

    private DiffCase mulDiv(int mode) {
        int size = size(mode), m = size == 1 ? byteReg(mode) : reg(mode), r = reg(mode);
        int form = rnd.nextInt(5);
        Enc e = new Enc(mode);
        boolean divide = false;
        if (form <= 1 || size == 1) {
            int kind = 4 + rnd.nextInt(4);
            divide = kind >= 6;
            if (divide && (m == 0 || m == 2 || m == 16)) m = 3;
            e.prefix(size, 0, m).bytes(size == 1 ? 0xf6 : 0xf7).modrm(kind, m);
        } else if (form == 2) e.prefix(size, r, m).bytes(0x0f, 0xaf).modrm(r, m);
        else if (form == 3) e.prefix(size, r, m).bytes(0x6b).modrm(r, m).imm(value(), 1);
        else e.prefix(size, r, m).bytes(0x69).modrm(r, m).imm(value(), Math.min(size, 4));
        DiffCase c = newCase("muldiv", mode, e.get());
        if (divide) {
            c.maskFlags(0xfff);
            if (rnd.nextInt(3) > 0) c.regs[2] = rnd.nextInt(8) - 4; // mostly quotients that fit
        } else c.maskFlags(SF | ZF | AF | PF);
        return c;
    }

    private DiffCase bitOps() {
        int mode = 64;
        int size = 2 << rnd.nextInt(3), r = reg(mode), m = reg(mode);
        int form = rnd.nextInt(5);
        Enc e = new Enc(mode);
        DiffCase c;
        if (form == 0) {
            e.prefix(size, r, m).bytes(0x0f, new int[] {0xa3, 0xab, 0xb3, 0xbb}[rnd.nextInt(4)]).modrm(r, m);
            c = newCase("bitops", mode, e.get()).maskFlags(OF | SF | AF | PF);
        } else if (form == 1) {
            e.prefix(size, 0, m).bytes(0x0f, 0xba).modrm(4 + rnd.nextInt(4), m).imm(rnd.nextInt(256), 1);
            c = newCase("bitops", mode, e.get()).maskFlags(OF | SF | AF | PF);
        } else if (form == 2 || !hostFlags.contains(" popcnt ") && !hostFlags.contains(" abm ")) {
            e.prefix(size, r, m).bytes(0x0f, rnd.nextBoolean() ? 0xbc : 0xbd).modrm(r, m);
            c = newCase("bitops", mode, e.get()).maskFlags(CF | OF | SF | AF | PF);
            if (rnd.nextInt(8) == 0) c.regs[m] = 0;
            if ((c.regs[m] & Flags.MASK[size]) == 0) c.regMask &= ~(1 << r); // destination undefined
        } else if (form == 3 && hostFlags.contains(" popcnt ")) {
            e.bytes(0xf3).prefix(size, r, m).bytes(0x0f, 0xb8).modrm(r, m);
            c = newCase("bitops", mode, e.get());
        } else {
            if (!hostFlags.contains(" abm ")) return bitOps();
            e.bytes(0xf3).prefix(size, r, m).bytes(0x0f, 0xbd).modrm(r, m);
            c = newCase("bitops", mode, e.get()).maskFlags(OF | SF | AF | PF);
        }
        return c;
    }

    private DiffCase bcd() {
        int form = rnd.nextInt(6);
        byte[] insn;
        switch (form) {
            case 0: insn = new byte[] {0x27}; break;
            case 1: insn = new byte[] {0x2f}; break;
            case 2: insn = new byte[] {0x37}; break;
            case 3: insn = new byte[] {0x3f}; break;
            case 4: insn = new byte[] {(byte) 0xd4, (byte) (rnd.nextInt(4) == 0 ? 10 : rnd.nextInt(256))}; break;
            default: insn = new byte[] {(byte) 0xd5, (byte) (rnd.nextInt(4) == 0 ? 10 : rnd.nextInt(256))}; break;
        }
        DiffCase c = newCase("bcd", 32, insn);
        c.regs[0] = rnd.nextInt(0x10000);
        if (form < 2) c.maskFlags(OF);
        else if (form < 4) c.maskFlags(OF | SF | ZF | PF);
        else c.maskFlags(OF | AF | CF);
        return c;
    }

    private DiffCase string(int mode) {
        int op = new int[] {0xa4, 0xa6, 0xaa, 0xac, 0xae}[rnd.nextInt(5)];
        int size = size(mode);
        Enc e = new Enc(mode);
        int rep = rnd.nextInt(3);
        if (rep == 1) e.bytes(0xf3);
        else if (rep == 2) e.bytes(0xf2);
        if (size == 2) e.bytes(0x66);
        if (size == 8) e.bytes(0x48);
        e.bytes(size == 1 ? op : op + 1);
        DiffCase c = newCase("string", mode, e.get());
        c.regs[1] = rnd.nextInt(9);
        c.regs[6] = DiffCase.BUFFER + 64 + rnd.nextInt(128);
        c.regs[7] = DiffCase.BUFFER + 64 + rnd.nextInt(128);
        if (rnd.nextBoolean()) c.regs[0] = 0; // matches make REPE/REPNE stop early
        long flags = c.flags | (rnd.nextBoolean() ? 0x400 : 0);
        DiffCase d = new DiffCase(c.family, c.mode, c.insn, c.seed, flags, c.regs);
        return d;
    }

    private DiffCase conditional() {
        int mode = rnd.nextBoolean() ? 64 : 32;
        int cc = rnd.nextInt(16);
        Enc e = new Enc(mode);
        if (rnd.nextBoolean()) {
            int size = 2 << rnd.nextInt(mode == 64 ? 3 : 2), r = reg(mode), m = reg(mode);
            e.prefix(size, r, m).bytes(0x0f, 0x40 + cc).modrm(r, m);
        } else {
            int m = byteReg(mode);
            e.prefix(1, 0, m).bytes(0x0f, 0x90 + cc).modrm(0, m);
        }
        DiffCase c = newCase("cc", mode, e.get());
        long flags = rnd.nextLong() & 0x8d5;
        return new DiffCase(c.family, mode, c.insn, c.seed, flags, c.regs);
    }

    private DiffCase exchange() {
        int mode = 64;
        int size = size(mode), r = size == 1 ? byteReg(mode) : reg(mode), m = size == 1 ? byteReg(mode) : reg(mode);
        int form = rnd.nextInt(5);
        Enc e = new Enc(mode);
        DiffCase c;
        if (form == 0) {
            e.prefix(size, r, m).bytes(0x0f, size == 1 ? 0xc0 : 0xc1).modrm(r, m);
            c = newCase("xchg", mode, e.get());
        } else if (form == 1) {
            e.prefix(size, r, m).bytes(0x0f, size == 1 ? 0xb0 : 0xb1).modrm(r, m);
            c = newCase("xchg", mode, e.get());
            if (rnd.nextBoolean()) c.regs[0] = c.regs[m & 15];
        } else if (form == 2) {
            e.prefix(size, r, m).bytes(size == 1 ? 0x86 : 0x87).modrm(r, m);
            c = newCase("xchg", mode, e.get());
        } else if (form == 3) {
            // memory forms on [rdi]: lock cmpxchg / xadd
            if (r == 7) r = 3;
            e.bytes(0xf0).prefix(size, r, 0);
            e.bytes(0x0f, (rnd.nextBoolean() ? 0xb0 : 0xc0) | (size == 1 ? 0 : 1)).bytes((r & 7) << 3 | 7);
            c = newCase("xchg", mode, e.get());
            c.regs[7] = DiffCase.BUFFER + 8 * rnd.nextInt(24);
        } else {
            boolean wide = rnd.nextBoolean();
            if (wide) e.bytes(0x48);
            e.bytes(0x0f, 0xc7, 0x0f); // cmpxchg8b/16b [rdi]
            c = newCase("xchg", mode, e.get());
            c.regs[7] = DiffCase.BUFFER + 16 * rnd.nextInt(12);
            if (rnd.nextBoolean()) { // make the comparison succeed sometimes
                byte[] buf = DiffCase.buffer(c.seed);
                int o = (int) (c.regs[7] - DiffCase.BUFFER);
                c.regs[0] = java.nio.ByteBuffer.wrap(buf, o, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                c.regs[2] = java.nio.ByteBuffer.wrap(buf, o + (wide ? 8 : 4), 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                if (!wide) c.regs[2] &= 0xffffffffL;
            }
        }
        return c;
    }

    private DiffCase moves() {
        int mode = rnd.nextBoolean() ? 64 : 32;
        int r = reg(mode), m = reg(mode);
        int form = rnd.nextInt(5);
        Enc e = new Enc(mode);
        switch (form) {
            case 0: {
                int size = mode == 64 && rnd.nextBoolean() ? 8 : 4;
                e.prefix(size, 0, m).bytes(0x0f, 0xc8 + (m & 7));
                break;
            }
            case 1: {
                int size = 2 << rnd.nextInt(mode == 64 ? 3 : 2);
                int op = new int[] {0xb6, 0xb7, 0xbe, 0xbf}[rnd.nextInt(4)];
                int src = (op & 1) == 0 ? byteReg(mode) : m;
                e.prefix(size, r, src).bytes(0x0f, op).modrm(r, src);
                break;
            }
            case 2:
                if (mode == 64) {
                    e.prefix(8, r, m).bytes(0x63).modrm(r, m);
                    break;
                }
                // fall through: compatibility mode has no MOVSXD
            case 3: {
                int size = 2 << rnd.nextInt(mode == 64 ? 3 : 2);
                e.prefix(size, 0, 0).bytes(0x98);
                break;
            }
            default: {
                int size = 2 << rnd.nextInt(mode == 64 ? 3 : 2);
                e.prefix(size, 0, 0).bytes(0x99);
                break;
            }
        }
        return newCase("moves", mode, e.get());
    }

    private DiffCase lea(int mode) {
        Enc e = new Enc(mode);
        int r = reg(mode);
        boolean addr16 = mode == 32 && rnd.nextInt(3) == 0;
        boolean addr32in64 = mode == 64 && rnd.nextInt(4) == 0;
        int size = 2 << rnd.nextInt(mode == 64 ? 3 : 2);
        if (addr16 || addr32in64) e.bytes(0x67);
        int mod = rnd.nextInt(3), rm = rnd.nextInt(8);
        int rexX = 0, rexB = 0;
        int sib = -1;
        if (!addr16 && rm == 4) sib = rnd.nextInt(256);
        if (mode == 64) {
            rexX = rnd.nextInt(2);
            rexB = rnd.nextInt(2);
        }
        if (size == 2) e.bytes(0x66);
        if (mode == 64) {
            int rex = (size == 8 ? 8 : 0) | (r >= 8 ? 4 : 0) | rexX << 1 | rexB;
            if (rex != 0) e.bytes(0x40 | rex);
        }
        e.bytes(0x8d, mod << 6 | (r & 7) << 3 | rm);
        if (sib >= 0) e.bytes(sib);
        int dispSize;
        if (addr16) dispSize = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 6) ? 2 : 0;
        else dispSize = mod == 1 ? 1 : mod == 2 || (mod == 0 && (rm == 5 || (sib >= 0 && (sib & 7) == 5))) ? 4 : 0;
        e.imm(value(), dispSize);
        return newCase("lea", mode, e.get());
    }

    /** Read-modify-write and load forms on [rdi+disp8] inside the buffer, BT with far bit offsets. */
    private DiffCase memoryForms() {
        int mode = rnd.nextBoolean() ? 64 : 32;
        int size = size(mode), r = size == 1 ? byteReg(mode) : reg(mode);
        if ((r & 7) == 7) r = 3; // RDI holds the address
        if (size == 1 && r == 19) r = 3; // BH: without REX that is encoding 7 again
        int disp = rnd.nextInt(120);
        int form = rnd.nextInt(6);
        if (size == 1 && (form == 2 || form == 4)) { // no byte forms: widen, and pick a full-size register
            size = 4;
            r = reg(mode);
            if ((r & 7) == 7) r = 3;
        }
        Enc e = new Enc(mode);
        long undefined = 0;
        boolean lockable = false;
        int[] opcode;
        int regField = r;
        switch (form) {
            case 0: { // ALU, either direction
                int kind = rnd.nextInt(8);
                boolean toMemory = rnd.nextBoolean();
                opcode = new int[] {kind << 3 | (toMemory ? 0 : 2) | (size == 1 ? 0 : 1)};
                lockable = toMemory && kind != 7;
                if (kind == 1 || kind == 4 || kind == 6) undefined = AF;
                break;
            }
            case 1: { // shift or rotate by 1 or CL
                int kind = rnd.nextInt(8);
                boolean byCl = rnd.nextBoolean();
                opcode = new int[] {(byCl ? 0xd2 : 0xd0) | (size == 1 ? 0 : 1)};
                regField = kind;
                undefined = AF | OF; // counts other than 1 leave OF undefined; AF always for shifts
                break;
            }
            case 2: { // BT/BTS/BTR/BTC with a register bit offset that may leave the operand
                opcode = new int[] {0x0f, new int[] {0xa3, 0xab, 0xb3, 0xbb}[rnd.nextInt(4)]};
                lockable = opcode[1] != 0xa3;
                undefined = OF | SF | AF | PF;
                break;
            }
            case 3: { // INC DEC NOT NEG
                int kind = rnd.nextInt(4);
                opcode = new int[] {kind < 2 ? (size == 1 ? 0xfe : 0xff) : (size == 1 ? 0xf6 : 0xf7)};
                regField = kind;
                lockable = true;
                break;
            }
            case 4: { // MOVZX / MOVSX from memory
                opcode = new int[] {0x0f, new int[] {0xb6, 0xb7, 0xbe, 0xbf}[rnd.nextInt(4)]};
                break;
            }
            default: { // CMPXCHG / XADD on memory
                opcode = new int[] {0x0f, (rnd.nextBoolean() ? 0xb0 : 0xc0) | (size == 1 ? 0 : 1)};
                lockable = true;
                break;
            }
        }
        if (lockable && rnd.nextBoolean()) e.bytes(0xf0);
        e.prefix(size, regField, 7).bytes(opcode).bytes(0x40 | (regField & 7) << 3 | 7, disp);
        DiffCase c = newCase("memory", mode, e.get()).maskFlags(undefined);
        c.regs[7] = DiffCase.BUFFER + 64;
        if (form == 1) c.regs[1] = (c.regs[1] & ~0xffL) | rnd.nextInt(size * 8 + 1);
        if (form == 2) c.regs[r] = rnd.nextInt(1024) - 512;
        return c;
    }

    private DiffCase stackAndFlags() {
        int mode = rnd.nextBoolean() ? 64 : 32;
        int form = rnd.nextInt(7);
        Enc e = new Enc(mode);
        int r = reg(mode);
        switch (form) {
            case 0: e.prefix(mode == 64 ? 4 : rnd.nextBoolean() ? 2 : 4, 0, r).bytes(0x50 + (r & 7)); break;
            case 1: e.prefix(mode == 64 ? 4 : rnd.nextBoolean() ? 2 : 4, 0, r).bytes(0x58 + (r & 7)); break;
            case 2: e.bytes(new int[] {0xf5, 0xf8, 0xf9}[rnd.nextInt(3)]); break;
            case 3: e.bytes(0x9f); break;
            case 4: e.bytes(0x9e); break;
            case 5: e.bytes(0x6a, rnd.nextInt(256)); break;
            default: e.bytes(0x68).imm(value(), 4); break;
        }
        DiffCase c = newCase("stack", mode, e.get());
        return c;
    }
}
