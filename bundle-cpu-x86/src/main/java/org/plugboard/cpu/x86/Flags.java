package org.plugboard.cpu.x86;

/**
 * RFLAGS with lazily evaluated arithmetic flags: an ALU operation records its kind, operands and
 * result, and CF/PF/AF/ZF/SF/OF are computed only when something reads them. Most results are
 * overwritten before anyone looks, so this saves most of the flag work.
 */
final class Flags {
    static final int CF = 1, PF = 4, AF = 0x10, ZF = 0x40, SF = 0x80, TF = 0x100, IF = 0x200, DF = 0x400,
            OF = 0x800, IOPL = 0x3000, NT = 0x4000, RF = 0x10000, VM = 0x20000, AC = 0x40000, VIF = 0x80000,
            VIP = 0x100000, ID = 0x200000;
    static final int ARITH = CF | PF | AF | ZF | SF | OF;
    /** Bit 1 always reads as one. */
    static final int FIXED = 2;

    /** Lazy operation kinds; EAGER means the arithmetic bits are in {@link #bits}. */
    static final int EAGER = 0, ADD = 1, ADC = 2, SUB = 3, SBB = 4, LOGIC = 5, INC = 6, DEC = 7, SHL = 8,
            SHR = 9, SAR = 10, MUL = 11;

    static final long[] MASK = {0, 0xffL, 0xffffL, 0, 0xffffffffL, 0, 0, 0, -1L};
    static final long[] SIGN = {0, 0x80L, 0x8000L, 0, 0x80000000L, 0, 0, 0, 0x8000000000000000L};

    int kind;
    int size = 4;
    /** Operands and result of the last lazy operation, masked to its size; src is the count for shifts. */
    long dst, src, res;
    /** The carry going into ADC/SBB, or CF kept across INC/DEC. */
    boolean carry;
    /** Every flag that is not lazy, and the arithmetic ones too when {@code kind == EAGER}. */
    int bits = FIXED;
    /**
     * Rotates change only CF and OF: rather than evaluating the other four now, they override
     * CF/OF of the pending lazy operation, whose SF/ZF/PF/AF stay lazy.
     */
    private boolean cfOfOverride;
    private int cfOf;

    void set(int kind, int size, long dst, long src, long res) {
        this.cfOfOverride = false;
        this.kind = kind;
        this.size = size;
        this.dst = dst;
        this.src = src;
        this.res = res;
    }

    boolean cf() {
        // CMP/SUB then Jcc is the common case; a SUB state never carries a CF/OF override (see setCfOf)
        return kind == SUB ? Long.compareUnsigned(dst, src) < 0 : cfOther();
    }

    private boolean cfOther() {
        if (cfOfOverride) return (cfOf & CF) != 0;
        switch (kind) {
            case EAGER: return (bits & CF) != 0;
            case ADD: return Long.compareUnsigned(res, dst) < 0;
            case ADC: return carry ? Long.compareUnsigned(res, dst) <= 0 : Long.compareUnsigned(res, dst) < 0;
            case SUB: return Long.compareUnsigned(dst, src) < 0;
            case SBB: return carry ? Long.compareUnsigned(dst, src) <= 0 : Long.compareUnsigned(dst, src) < 0;
            case INC: case DEC: return carry;
            case SHL: return src <= size * 8 && ((dst >>> (size * 8 - src)) & 1) != 0;
            case SHR: return src <= size * 8 && ((dst >>> (src - 1)) & 1) != 0;
            case SAR: return ((signed(dst) >> Math.min(src - 1, 63)) & 1) != 0;
            case MUL: return src != 0; // src holds the overflow indication
            default: return false;
        }
    }

    boolean zf() {
        return kind == EAGER ? (bits & ZF) != 0 : res == 0;
    }

    boolean sf() {
        return kind == EAGER ? (bits & SF) != 0 : (res & SIGN[size]) != 0;
    }

    boolean pf() {
        return kind == EAGER ? (bits & PF) != 0 : (Integer.bitCount((int) res & 0xff) & 1) == 0;
    }

    boolean af() {
        switch (kind) {
            case EAGER: return (bits & AF) != 0;
            case ADD: case ADC: case SUB: case SBB: return ((dst ^ src ^ res) & 0x10) != 0;
            case INC: return (res & 0xf) == 0;
            case DEC: return (res & 0xf) == 0xf;
            default: return false;
        }
    }

    boolean of() {
        if (cfOfOverride) return (cfOf & OF) != 0;
        long sign = SIGN[size];
        switch (kind) {
            case EAGER: return (bits & OF) != 0;
            case ADD: case ADC: return ((dst ^ res) & (src ^ res) & sign) != 0;
            case SUB: case SBB: return ((dst ^ src) & (dst ^ res) & sign) != 0;
            case INC: return res == sign;
            case DEC: return res == sign - 1;
            case SHL: return ((res & sign) != 0) != cf();
            case SHR: return (dst & sign) != 0;
            case MUL: return src != 0;
            default: return false;
        }
    }

    private long signed(long v) {
        int shift = 64 - size * 8;
        return v << shift >> shift;
    }

    /** Evaluates condition code {@code cc} (the low nibble of Jcc/SETcc/CMOVcc). */
    boolean cond(int cc) {
        if ((cc >> 1) == 2 && kind != EAGER) return (res == 0) != ((cc & 1) != 0); // JZ/JNZ after an ALU op: most loops
        boolean r;
        switch (cc >> 1) {
            case 0: r = of(); break;
            case 1: r = cf(); break;
            case 2: r = zf(); break;
            case 3: r = cf() || zf(); break;
            case 4: r = sf(); break;
            case 5: r = pf(); break;
            case 6: r = sf() != of(); break;
            default: r = zf() || sf() != of(); break;
        }
        return r != ((cc & 1) != 0);
    }

    /** The arithmetic flags as bits. */
    int arith() {
        if (kind == EAGER) return bits & ARITH;
        int f = 0;
        if (cf()) f |= CF;
        if (pf()) f |= PF;
        if (af()) f |= AF;
        if (zf()) f |= ZF;
        if (sf()) f |= SF;
        if (of()) f |= OF;
        return f;
    }

    /** The full RFLAGS value. */
    int get() {
        return (bits & ~ARITH) | arith() | FIXED;
    }

    /** Replaces every flag. */
    void setAll(int value) {
        bits = value | FIXED;
        kind = EAGER;
        cfOfOverride = false;
    }

    /** Sets CF and OF only (rotates), leaving the other arithmetic flags as they are, lazy or not. */
    void setCfOf(boolean cf, boolean of) {
        int v = (cf ? CF : 0) | (of ? OF : 0);
        if (kind == SUB) materialize();
        if (kind == EAGER) {
            bits = (bits & ~(CF | OF)) | v;
        } else {
            cfOfOverride = true;
            cfOf = v;
        }
    }

    /** Replaces the bits in {@code mask} and keeps the rest (arithmetic ones included). */
    void setMasked(int mask, int value) {
        setAll((get() & ~mask) | (value & mask));
    }

    /** Makes the arithmetic flags eager so single bits can be changed. */
    void materialize() {
        if (kind != EAGER) setAll(get());
    }

    void setBit(int flag, boolean on) {
        materialize();
        bits = on ? bits | flag : bits & ~flag;
    }

    boolean bit(int flag) {
        return (flag & ARITH) != 0 ? (arith() & flag) != 0 : (bits & flag) != 0;
    }

    /** Sets ZF, SF and PF from {@code result} the way logic operations do, with the given CF and OF. */
    void setResultFlags(int size, long result, boolean cf, boolean of, boolean af) {
        int f = bits & ~ARITH; // the non-arithmetic bits are never lazy
        long r = result & MASK[size];
        if (cf) f |= CF;
        if (of) f |= OF;
        if (af) f |= AF;
        if (r == 0) f |= ZF;
        if ((r & SIGN[size]) != 0) f |= SF;
        if ((Integer.bitCount((int) r & 0xff) & 1) == 0) f |= PF;
        setAll(f);
    }
}
