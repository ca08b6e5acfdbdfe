package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.Flags.MASK;
import static org.plugboard.cpu.x86.Flags.SIGN;

/**
 * Integer arithmetic with its flag effects (SDM vol. 2 per instruction). Operands and results
 * are zero-extended values of the operand size; the common operations leave their flags lazy.
 */
final class Alu {
    static final int ADD = 0, OR = 1, ADC = 2, SBB = 3, AND = 4, SUB = 5, XOR = 6, CMP = 7;
    static final int ROL = 0, ROR = 1, RCL = 2, RCR = 3, SHL = 4, SHR = 5, SAL = 6, SAR = 7;

    private final Cpu cpu;
    private final Flags f;

    Alu(Cpu cpu) {
        this.cpu = cpu;
        this.f = cpu.flags;
    }

    long alu(int kind, int size, long a, long b) {
        switch (kind) {
            case ADD: return add(size, a, b);
            case OR: return or(size, a, b);
            case ADC: return adc(size, a, b);
            case SBB: return sbb(size, a, b);
            case AND: return and(size, a, b);
            case XOR: return xor(size, a, b);
            default: return sub(size, a, b); // SUB, CMP
        }
    }

    // one method per kind: compiled blocks call these directly with a constant size

    long add(int size, long a, long b) {
        long r = (a + b) & MASK[size];
        f.set(Flags.ADD, size, a, b, r);
        return r;
    }

    long or(int size, long a, long b) {
        long r = a | b;
        f.set(Flags.LOGIC, size, a, b, r);
        return r;
    }

    long adc(int size, long a, long b) {
        boolean c = f.cf();
        long r = (a + b + (c ? 1 : 0)) & MASK[size];
        f.carry = c;
        f.set(Flags.ADC, size, a, b, r);
        return r;
    }

    long sbb(int size, long a, long b) {
        boolean c = f.cf();
        long r = (a - b - (c ? 1 : 0)) & MASK[size];
        f.carry = c;
        f.set(Flags.SBB, size, a, b, r);
        return r;
    }

    long and(int size, long a, long b) {
        long r = a & b;
        f.set(Flags.LOGIC, size, a, b, r);
        return r;
    }

    long xor(int size, long a, long b) {
        long r = a ^ b;
        f.set(Flags.LOGIC, size, a, b, r);
        return r;
    }

    long sub(int size, long a, long b) {
        long r = (a - b) & MASK[size];
        f.set(Flags.SUB, size, a, b, r);
        return r;
    }

    long inc(int size, long a) {
        f.carry = f.cf();
        long r = (a + 1) & MASK[size];
        f.set(Flags.INC, size, a, 1, r);
        return r;
    }

    long dec(int size, long a) {
        f.carry = f.cf();
        long r = (a - 1) & MASK[size];
        f.set(Flags.DEC, size, a, 1, r);
        return r;
    }

    long neg(int size, long a) {
        long r = -a & MASK[size];
        f.set(Flags.SUB, size, 0, a, r);
        return r;
    }

    static long signExtend(long v, int size) {
        int s = 64 - size * 8;
        return v << s >> s;
    }

    // --- shifts and rotates ---

    /** Applies a shift or rotate by an already masked, non-zero count. */
    long shift(int kind, int size, long v, int count) {
        switch (kind) {
            case ROL: return rol(size, v, count);
            case ROR: return ror(size, v, count);
            case RCL: return rcl(size, v, count);
            case RCR: return rcr(size, v, count);
            case SHL: case SAL: return shl(size, v, count);
            case SHR: return shr(size, v, count);
            default: return sar(size, v, count);
        }
    }

    long shl(int size, long v, int count) {
        long r = count >= 64 ? 0 : (v << count) & MASK[size];
        f.set(Flags.SHL, size, v, count, r);
        return r;
    }

    long shr(int size, long v, int count) {
        long r = count >= 64 ? 0 : v >>> count;
        f.set(Flags.SHR, size, v, count, r);
        return r;
    }

    long sar(int size, long v, int count) {
        long r = (signExtend(v, size) >> Math.min(count, 63)) & MASK[size];
        f.set(Flags.SAR, size, v, count, r);
        return r;
    }

    long rol(int size, long v, int count) {
        int w = size * 8, c = count & (w - 1); // widths are powers of two: no division
        long r = c == 0 ? v : ((v << c) | (v >>> (w - c))) & MASK[size];
        boolean cf = (r & 1) != 0;
        f.setCfOf(cf, ((r & SIGN[size]) != 0) != cf);
        return r;
    }

    long ror(int size, long v, int count) {
        int w = size * 8, c = count & (w - 1);
        long r = c == 0 ? v : ((v >>> c) | (v << (w - c))) & MASK[size];
        boolean msb = (r & SIGN[size]) != 0, next = (r & (SIGN[size] >>> 1)) != 0;
        f.setCfOf(msb, msb != next);
        return r;
    }

    /** Rotate through carry: a (width + 1)-bit rotation, done bit by bit (rare enough). */
    private long rcl(int size, long v, int count) {
        int c = count % (size * 8 + 1);
        boolean cf = f.cf();
        long r = v;
        for (int k = 0; k < c; k++) {
            boolean out = (r & SIGN[size]) != 0;
            r = ((r << 1) | (cf ? 1 : 0)) & MASK[size];
            cf = out;
        }
        f.setCfOf(cf, ((r & SIGN[size]) != 0) != cf);
        return r;
    }

    private long rcr(int size, long v, int count) {
        int c = count % (size * 8 + 1);
        boolean cf = f.cf();
        boolean of = ((v & SIGN[size]) != 0) != cf;
        long r = v;
        for (int k = 0; k < c; k++) {
            boolean out = (r & 1) != 0;
            r = (r >>> 1) | (cf ? SIGN[size] : 0);
            cf = out;
        }
        f.setCfOf(cf, of);
        return r;
    }

    /** SHLD/SHRD by a masked, non-zero count. */
    long doubleShift(boolean left, int size, long dst, long src, int count) {
        int w = size * 8;
        long m = MASK[size];
        long r;
        boolean cf;
        if (size == 2 && count > 16) {
            // undefined by the SDM; this repeats the operands as dst:src:dst, the way Intel parts behave
            long x = dst << 32 | src << 16 | dst;
            if (left) {
                r = (x >>> (32 - count)) & m;
                cf = ((x >>> (48 - count)) & 1) != 0;
            } else {
                r = (x >>> count) & m;
                cf = ((x >>> (count - 1)) & 1) != 0;
            }
        } else if (left) {
            r = ((dst << count) | (src >>> (w - count))) & m;
            cf = ((dst >>> (w - count)) & 1) != 0;
        } else {
            r = ((dst >>> count) | (src << (w - count))) & m;
            cf = ((dst >>> (count - 1)) & 1) != 0;
        }
        boolean of = ((r ^ dst) & SIGN[size]) != 0;
        f.setResultFlags(size, r, cf, of, false);
        return r;
    }

    // --- multiply and divide ---

    /** F6/F7 /4-/7 on rAX (and rDX): MUL, IMUL, DIV, IDIV; raises #DE. */
    void mulDiv(int kind, int size, long src) {
        long a = cpu.reg(Cpu.RAX, size);
        switch (kind) {
            case 4: mul(size, a, src); break;
            case 5: imul1(size, a, src); break;
            case 6: div(size, src); break;
            default: idiv(size, src); break;
        }
    }

    /** CF = OF = overflow; SF, ZF, PF are undefined by the SDM and follow the low half here (lazily). */
    private void setMulFlags(int size, long low, boolean overflow) {
        f.set(Flags.MUL, size, 0, overflow ? 1 : 0, low & MASK[size]);
    }

    private void mul(int size, long a, long b) {
        if (size == 8) {
            long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
            long lo = a * b;
            cpu.gpr[Cpu.RAX] = lo;
            cpu.gpr[Cpu.RDX] = hi;
            setMulFlags(size, lo, hi != 0);
            return;
        }
        long p = a * b;
        int w = size * 8;
        long lo = p & MASK[size], hi = p >>> w;
        storeWide(size, lo, hi);
        setMulFlags(size, lo, hi != 0);
    }

    private void imul1(int size, long a, long b) {
        long sa = signExtend(a, size), sb = signExtend(b, size);
        if (size == 8) {
            long hi = Math.multiplyHigh(sa, sb);
            long lo = sa * sb;
            cpu.gpr[Cpu.RAX] = lo;
            cpu.gpr[Cpu.RDX] = hi;
            setMulFlags(size, lo, hi != (lo >> 63));
            return;
        }
        long p = sa * sb;
        int w = size * 8;
        long lo = p & MASK[size], hi = (p >> w) & MASK[size];
        storeWide(size, lo, hi);
        setMulFlags(size, lo, p != signExtend(lo, size));
    }

    /** Stores a double-width product: AX for bytes, else rDX:rAX. */
    private void storeWide(int size, long lo, long hi) {
        if (size == 1) cpu.setReg(Cpu.RAX, 2, hi << 8 | lo);
        else {
            cpu.setReg(Cpu.RAX, size, lo);
            cpu.setReg(Cpu.RDX, size, hi);
        }
    }

    /** IMUL r, r/m(, imm): the truncated product. */
    long imul2(int size, long a, long b) {
        long sa = signExtend(a, size), sb = signExtend(b, size);
        long lo = sa * sb;
        boolean overflow = size == 8 ? Math.multiplyHigh(sa, sb) != (lo >> 63) : lo != signExtend(lo & MASK[size], size);
        setMulFlags(size, lo, overflow);
        return lo & MASK[size];
    }

    private void div(int size, long d) {
        if (d == 0) throw cpu.fault(Vectors.DE);
        if (size == 8) {
            long hi = cpu.gpr[Cpu.RDX], lo = cpu.gpr[Cpu.RAX];
            if (Long.compareUnsigned(hi, d) >= 0) throw cpu.fault(Vectors.DE);
            divide128(hi, lo, d);
            cpu.gpr[Cpu.RAX] = quotient;
            cpu.gpr[Cpu.RDX] = remainder;
            return;
        }
        long n = dividend(size);
        long q = Long.divideUnsigned(n, d), r = Long.remainderUnsigned(n, d);
        if (Long.compareUnsigned(q, MASK[size]) > 0) throw cpu.fault(Vectors.DE);
        storeQuotient(size, q, r);
    }

    private void idiv(int size, long d) {
        long sd = signExtend(d, size);
        if (sd == 0) throw cpu.fault(Vectors.DE);
        if (size == 8) {
            long hi = cpu.gpr[Cpu.RDX], lo = cpu.gpr[Cpu.RAX];
            boolean negN = hi < 0, negD = sd < 0;
            if (negN) { // two's complement of the 128-bit dividend
                lo = -lo;
                hi = ~hi + (lo == 0 ? 1 : 0);
            }
            long ad = negD ? -sd : sd;
            if (Long.compareUnsigned(hi, ad) >= 0) throw cpu.fault(Vectors.DE);
            divide128(hi, lo, ad);
            long q = quotient, r = remainder;
            boolean negQ = negN != negD;
            if (negQ ? Long.compareUnsigned(q, Long.MIN_VALUE) > 0 : q < 0) throw cpu.fault(Vectors.DE);
            cpu.gpr[Cpu.RAX] = negQ ? -q : q;
            cpu.gpr[Cpu.RDX] = negN ? -r : r;
            return;
        }
        long n = signExtend(dividend(size), size * 2);
        long q = n / sd, r = n % sd;
        long min = -(SIGN[size]), max = SIGN[size] - 1;
        if (q < min || q > max) throw cpu.fault(Vectors.DE);
        storeQuotient(size, q & MASK[size], r & MASK[size]);
    }

    private long dividend(int size) {
        if (size == 1) return cpu.reg(Cpu.RAX, 2);
        return cpu.reg(Cpu.RDX, size) << (size * 8) | cpu.reg(Cpu.RAX, size);
    }

    private void storeQuotient(int size, long q, long r) {
        if (size == 1) cpu.setReg(Cpu.RAX, 2, (r & 0xff) << 8 | (q & 0xff));
        else {
            cpu.setReg(Cpu.RAX, size, q);
            cpu.setReg(Cpu.RDX, size, r);
        }
    }

    private long quotient, remainder;

    /** Unsigned 128/64 division by shift and subtract; the caller guarantees hi < d. */
    private void divide128(long hi, long lo, long d) {
        long q = 0, r = hi;
        for (int i = 63; i >= 0; i--) {
            boolean top = r < 0;
            r = (r << 1) | ((lo >>> i) & 1);
            q <<= 1;
            if (top || Long.compareUnsigned(r, d) >= 0) {
                r -= d;
                q |= 1;
            }
        }
        quotient = q;
        remainder = r;
    }

    // --- decimal arithmetic (SDM vol. 2: DAA, DAS, AAA, AAS, AAM, AAD) ---

    void daa() {
        int al = (int) cpu.reg(Cpu.RAX, 1);
        boolean cf = f.cf(), af = f.af();
        int oldAl = al;
        boolean newCf = false;
        if ((al & 0xf) > 9 || af) {
            newCf = cf || al + 6 > 0xff;
            al = (al + 6) & 0xff;
            af = true;
        } else af = false;
        if (oldAl > 0x99 || cf) {
            al = (al + 0x60) & 0xff;
            newCf = true;
        }
        cpu.setReg(Cpu.RAX, 1, al);
        f.setResultFlags(1, al, newCf, false, af);
    }

    void das() {
        int al = (int) cpu.reg(Cpu.RAX, 1);
        boolean cf = f.cf(), af = f.af();
        int oldAl = al;
        boolean newCf = false;
        if ((al & 0xf) > 9 || af) {
            newCf = cf || al < 6;
            al = (al - 6) & 0xff;
            af = true;
        } else af = false;
        if (oldAl > 0x99 || cf) {
            al = (al - 0x60) & 0xff;
            newCf = true;
        }
        cpu.setReg(Cpu.RAX, 1, al);
        f.setResultFlags(1, al, newCf, false, af);
    }

    void aaa(boolean subtract) {
        int ax = (int) cpu.reg(Cpu.RAX, 2);
        boolean adjust = (ax & 0xf) > 9 || f.af();
        if (adjust) {
            if (subtract) {
                ax = (ax - 6) & 0xffff; // the borrow out of AL reaches AH too (current parts)
                ax = (ax - 0x100) & 0xffff;
            } else ax = (ax + 0x106) & 0xffff;
        }
        ax &= 0xff0f;
        cpu.setReg(Cpu.RAX, 2, ax);
        f.setResultFlags(1, ax & 0xff, adjust, false, adjust);
    }

    void aam(int base) {
        if (base == 0) throw cpu.fault(Vectors.DE);
        int al = (int) cpu.reg(Cpu.RAX, 1);
        int r = al % base;
        cpu.setReg(Cpu.RAX, 2, (al / base) << 8 | r);
        f.setResultFlags(1, r, false, false, false);
    }

    void aad(int base) {
        int ax = (int) cpu.reg(Cpu.RAX, 2);
        int al = ((ax & 0xff) + (ax >> 8) * base) & 0xff;
        cpu.setReg(Cpu.RAX, 2, al);
        f.setResultFlags(1, al, false, false, false);
    }
}
