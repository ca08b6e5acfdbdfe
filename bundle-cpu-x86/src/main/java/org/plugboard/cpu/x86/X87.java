package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.fp.FpEnv.DE;
import static org.plugboard.cpu.x86.fp.FpEnv.IE;
import static org.plugboard.cpu.x86.fp.FpEnv.ZE;

import org.plugboard.cpu.x86.fp.Extended80;
import org.plugboard.cpu.x86.fp.FpEnv;
import org.plugboard.cpu.x86.fp.FpFormat;
import org.plugboard.cpu.x86.fp.SoftFloat;
import org.plugboard.cpu.x86.fp.X87Math;

/**
 * The x87 unit: executes the D8-DF escapes and FWAIT on {@link FpuState} (register stack with TOP and
 * tags, FCW/FSW, last instruction and operand pointers) with the arithmetic of {@link Extended80}.
 * Exceptions follow SDM vol. 1, 8.5-8.7: stack faults are IE with SF (C1 telling overflow from underflow);
 * a masked exception delivers its default result; an unmasked IE, DE or ZE leaves the operands alone,
 * an unmasked OE/UE delivers the wrapped result, and any unmasked exception sets ES and B so that the
 * next waiting x87 instruction raises #MF (CR0.NE), or with CR0.NE clear asserts FERR# and carries on
 * ({@link FpuErrorPins}).
 */
final class X87 {
    static final int C0 = 0x100, C1 = 0x200, C2 = 0x400, C3 = 0x4000, SF = 0x40, ES = 0x80, B = 0x8000;
    private static final int CC = C0 | C1 | C2 | C3;
    /** Arithmetic kinds as "dst = dst op src": the ModRM reg field of D8 (2 and 3 are the compares). */
    private static final int ADD = 0, MUL = 1, SUB = 4, SUBR = 5, DIV = 6, DIVR = 7;

    private final Cpu cpu;
    private final FpuState s;
    private final Interpreter interpreter;
    private final X87Environment environment;
    final FpEnv env = new FpEnv();

    X87(Cpu cpu, Interpreter interpreter) {
        this.cpu = cpu;
        this.s = cpu.fpu;
        this.interpreter = interpreter;
        this.environment = new X87Environment(cpu, this);
        env.x87 = true;
    }

    // --- the register stack ---

    int top() {
        return (s.fsw >> 11) & 7;
    }

    private void setTop(int t) {
        s.fsw = (s.fsw & ~0x3800) | ((t & 7) << 11);
    }

    private int phys(int i) {
        return (top() + i) & 7;
    }

    private boolean empty(int i) {
        return ((s.ftw >> (2 * phys(i))) & 3) == 3;
    }

    /** The tag a register's contents deserve (00 valid, 01 zero, 10 special). */
    static int tagOf(int sexp, long mant) {
        int c = Extended80.classify(sexp, mant);
        return c == Extended80.NORMAL ? 0 : c == Extended80.ZERO ? 1 : 2;
    }

    private void setTag(int p, int tag) {
        s.ftw = (s.ftw & ~(3 << (2 * p))) | (tag << (2 * p));
    }

    private int sexp(int i) {
        return s.sexp[phys(i)] & 0xffff;
    }

    private long mant(int i) {
        return s.mant[phys(i)];
    }

    private void set(int i, int sexp, long mant) {
        int p = phys(i);
        s.sexp[p] = sexp & 0xffff;
        s.mant[p] = mant;
        setTag(p, tagOf(sexp, mant));
    }

    private void setIndefinite(int i) {
        set(i, Extended80.INDEFINITE_SEXP, Extended80.INDEFINITE_MANT);
    }

    private void push(int sexp, long mant) {
        setTop(top() - 1);
        set(0, sexp, mant);
    }

    private void pop() {
        setTag(phys(0), 3);
        setTop(top() + 1);
    }

    // --- exceptions ---

    private void setC1(boolean on) {
        s.fsw = on ? s.fsw | C1 : s.fsw & ~C1;
    }

    private boolean masked(int flag) {
        return (s.fcw & flag) != 0;
    }

    private FpEnv begin() {
        env.flags = 0;
        env.masks = s.fcw & 0x3f;
        env.rounding = (s.fcw >> 10) & 3;
        env.roundedUp = false;
        return env;
    }

    private FpFormat precision() {
        return Extended80.precision((s.fcw >> 8) & 3);
    }

    /** Records the operation's flags; false when an unmasked IE, DE or ZE forbids writing the result. */
    private boolean commit() {
        int flags = env.flags & 0x3f;
        if ((flags & DE & ~s.fcw) != 0) flags &= IE | DE; // an unmasked denormal operand stops the operation first
        s.fsw |= flags;
        int unmasked = flags & ~s.fcw & 0x3f;
        if (unmasked != 0) s.fsw |= ES | B;
        return (unmasked & (IE | DE | ZE)) == 0;
    }

    /** Stack underflow (an empty operand): IE and SF with C1 clear; true when masked. */
    private boolean underflow() {
        s.fsw = (s.fsw & ~C1) | IE | SF;
        if (masked(IE)) return true;
        s.fsw |= ES | B;
        return false;
    }

    /** Stack overflow (a push onto a full register): IE and SF with C1 set; true when masked. */
    private boolean overflow() {
        s.fsw |= IE | SF | C1;
        if (masked(IE)) return true;
        s.fsw |= ES | B;
        return false;
    }

    /** Recomputes ES and B after the flags or the masks were loaded (FLDCW, FLDENV, FRSTOR). */
    void updateSummary() {
        if ((s.fsw & ~s.fcw & 0x3f) != 0) s.fsw |= ES | B;
        else s.fsw &= ~(ES | B);
        cpu.fpuErrors.statusChanged();
    }

    // --- entry points ---

    /** FWAIT: #NM with CR0.MP and CR0.TS, then any pending unmasked exception. */
    void fwait() {
        if ((cpu.cr0 & (Cpu.CR0_MP | Cpu.CR0_TS)) == (Cpu.CR0_MP | Cpu.CR0_TS)) throw cpu.fault(Vectors.NM);
        pendingException();
    }

    private void pendingException() {
        cpu.fpuErrors.checkPending();
    }

    void escape(Insn i) {
        if ((cpu.cr0 & (Cpu.CR0_EM | Cpu.CR0_TS)) != 0) throw cpu.fault(Vectors.NM);
        int esc = i.sub & 7, r = i.reg & 7;
        if (!defined(esc, r, i)) throw cpu.fault(Vectors.UD); // #UD comes before a pending #MF
        if (!nonWaiting(esc, r, i)) pendingException();
        if (i.mem) memory(esc, r, i);
        else register(esc, r, i.rm & 7, i);
    }

    /** Whether the escape encodes an instruction (the rest are #UD). */
    private static boolean defined(int esc, int r, Insn insn) {
        if (insn.mem) return !((esc == 1 && r == 1) || (esc == 3 && (r == 4 || r == 6)) || (esc == 5 && r == 5));
        int i = insn.rm & 7;
        switch (esc) {
            case 1: return !((r == 2 && i != 0) || (r == 4 && (i == 2 || i == 3 || i >= 6)) || (r == 5 && i == 7));
            case 2: return r < 4 || (r == 5 && i == 1);
            case 3: return r != 7 && !(r == 4 && i >= 5);
            case 5: return r < 6;
            case 6: return r != 3 || i == 1;
            case 7: return r != 7 && !(r == 4 && i != 0);
            default: return true;
        }
    }

    /** FNINIT, FNCLEX, FNSTCW, FNSTSW, FNSTENV and FNSAVE do not check for pending exceptions. */
    private static boolean nonWaiting(int esc, int r, Insn i) {
        if (i.mem) return (esc == 1 && (r == 6 || r == 7)) || (esc == 5 && (r == 6 || r == 7));
        return (esc == 3 && r == 4) || (esc == 7 && r == 4);
    }

    /** The last-instruction pointers (FIP/FCS/FOP, and FDP/FDS for memory operands) of a non-control instruction. */
    private void recordInstruction(Insn i, long address) {
        s.fop = ((i.sub & 7) << 8) | (i.modrm & 0xff);
        s.fip = cpu.rip;
        s.fcs = cpu.seg[Cpu.CS].selector;
        if (i.mem) {
            s.fdp = address;
            s.fds = cpu.seg[i.seg].selector;
        }
    }

    // --- register forms ---

    private void register(int esc, int r, int i, Insn insn) {
        recordInstruction(insn, 0);
        switch (esc) {
            case 0:
                if (r == 2 || r == 3) compare(0, i, true, r == 3 ? 1 : 0, false);
                else arithmetic(r, 0, i, false);
                break;
            case 1: escape1(r, i); break;
            case 2:
                if (r < 4) conditionalMove(r, false, i);
                else if (r == 5 && i == 1) compare(0, 1, false, 2, false);
                else throw cpu.fault(Vectors.UD);
                break;
            case 3:
                if (r < 4) conditionalMove(r, true, i);
                else if (r == 4) control3(i);
                else if (r == 5 || r == 6) compare(0, i, r == 6, 0, true);
                else throw cpu.fault(Vectors.UD);
                break;
            case 4:
                if (r == 2 || r == 3) compare(0, i, true, r == 3 ? 1 : 0, false);
                else arithmetic(r < 4 ? r : r ^ 1, i, 0, false);
                break;
            case 5:
                switch (r) {
                    case 0: free(i); break;
                    case 1: exchange(i); break;
                    case 2: storeRegister(i, false); break;
                    case 3: storeRegister(i, true); break;
                    case 4: compare(0, i, false, 0, false); break;
                    case 5: compare(0, i, false, 1, false); break;
                    default: throw cpu.fault(Vectors.UD);
                }
                break;
            case 6:
                if (r == 2) compare(0, i, true, 1, false);
                else if (r == 3) {
                    if (i != 1) throw cpu.fault(Vectors.UD);
                    compare(0, 1, true, 2, false);
                } else arithmetic(r < 4 ? r : r ^ 1, i, 0, true);
                break;
            default:
                switch (r) {
                    case 0: free(i); pop(); break;
                    case 1: exchange(i); break;
                    case 2: case 3: storeRegister(i, true); break;
                    case 4:
                        if (i != 0) throw cpu.fault(Vectors.UD);
                        cpu.setReg(Cpu.RAX, 2, s.fsw & 0xffff);
                        break;
                    case 5: case 6: compare(0, i, r == 6, 1, true); break;
                    default: throw cpu.fault(Vectors.UD);
                }
        }
    }

    private void escape1(int r, int i) {
        switch (r) {
            case 0: loadRegister(i); break;
            case 1: exchange(i); break;
            case 2: if (i != 0) throw cpu.fault(Vectors.UD); break; // FNOP
            case 3: storeRegister(i, true); break;                    // FSTP1, an alias
            case 4:
                switch (i) {
                    case 0: signOp(true); break;
                    case 1: signOp(false); break;
                    case 4: test(); break;
                    case 5: examine(); break;
                    default: throw cpu.fault(Vectors.UD);
                }
                break;
            case 5:
                if (i == 7) throw cpu.fault(Vectors.UD);
                loadConstant(i);
                break;
            case 6:
                switch (i) {
                    case 0: unaryMath(X87Math.F2XM1); break;
                    case 1: binaryMath(X87Math.FYL2X); break;
                    case 2: tangent(); break;
                    case 3: binaryMath(X87Math.FPATAN); break;
                    case 4: extract(); break;
                    case 5: remainder(true); break;
                    case 6: setTop(top() - 1); setC1(false); break;
                    default: setTop(top() + 1); setC1(false); break;
                }
                break;
            default:
                switch (i) {
                    case 0: remainder(false); break;
                    case 1: binaryMath(X87Math.FYL2XP1); break;
                    case 2: unary(true); break;
                    case 3: sineCosine(); break;
                    case 4: unary(false); break;
                    case 5: scale(); break;
                    case 6: unaryMath(X87Math.FSIN); break;
                    default: unaryMath(X87Math.FCOS); break;
                }
        }
    }

    /** DB E0-E7: FENI/FDISI/FSETPM (no-ops since the 387), FNCLEX, FNINIT. */
    private void control3(int i) {
        switch (i) {
            case 0: case 1: case 4: break;
            case 2: s.fsw &= ~(0x3f | SF | ES | B); cpu.fpuErrors.statusChanged(); break;
            case 3: s.initX87Control(); cpu.fpuErrors.statusChanged(); break;
            default: throw cpu.fault(Vectors.UD);
        }
    }

    // --- arithmetic ---

    /** ST(dst) = ST(dst) op ST(src) (kind as "dst op src"), popping afterwards when asked. */
    private void arithmetic(int kind, int dst, int src, boolean pop) {
        if (empty(dst) || empty(src)) {
            if (underflow()) {
                setIndefinite(dst);
                if (pop) pop();
            }
            return;
        }
        apply(kind, dst, sexp(dst), mant(dst), sexp(src), mant(src), pop);
    }

    private void apply(int kind, int dst, int ds, long dm, int ss, long sm, boolean pop) {
        long m = compute(kind, ds, dm, ss, sm);
        deliver(dst, env.sexp, m, pop);
    }

    /** dst op src by kind, into env (which begin() resets). */
    private long compute(int kind, int ds, long dm, int ss, long sm) {
        FpEnv e = begin();
        FpFormat p = precision();
        switch (kind) {
            case ADD: return Extended80.add(ds, dm, ss, sm, false, p, e);
            case MUL: return Extended80.mul(ds, dm, ss, sm, p, e);
            case SUB: return Extended80.add(ds, dm, ss, sm, true, p, e);
            case SUBR: return Extended80.add(ss, sm, ds, dm, true, p, e);
            case DIV: return Extended80.div(ds, dm, ss, sm, p, e);
            default: return Extended80.div(ss, sm, ds, dm, p, e);
        }
    }

    /** Writes an operation's result to ST(dst) unless an unmasked exception forbids it; C1 = rounded up. */
    private void deliver(int dst, int sexp, long mant, boolean pop) {
        boolean up = env.roundedUp;
        setC1(false);
        if (!commit()) return;
        setC1(up);
        set(dst, sexp, mant);
        if (pop) pop();
    }

    /** FSQRT (sqrt) and FRNDINT on ST0. */
    private void unary(boolean sqrt) {
        if (empty(0)) {
            if (underflow()) setIndefinite(0);
            return;
        }
        FpEnv e = begin();
        long m = sqrt ? Extended80.sqrt(sexp(0), mant(0), precision(), e) : Extended80.roundToInteger(sexp(0), mant(0), e);
        deliver(0, e.sexp, m, false);
    }

    /** FCHS (negate) and FABS. */
    private void signOp(boolean negate) {
        setC1(false);
        if (empty(0)) {
            if (underflow()) setIndefinite(0);
            return;
        }
        int x = sexp(0);
        set(0, negate ? x ^ 0x8000 : x & 0x7fff, mant(0));
    }

    // --- comparisons ---

    /**
     * FCOM/FUCOM/FCOMI/FUCOMI and the popping forms between ST(a) and ST(b): condition codes or
     * EFLAGS, then pops.
     */
    private void compare(int a, int b, boolean signalling, int pops, boolean eflags) {
        int result;
        boolean proceed;
        if (empty(a) || empty(b)) {
            proceed = underflow();
            result = SoftFloat.UNORDERED;
        } else {
            FpEnv e = begin();
            result = Extended80.compare(sexp(a), mant(a), sexp(b), mant(b), signalling, e);
            proceed = commit();
        }
        // the condition codes are written even when an unmasked exception stops the pops (as the host does)
        setCompareResult(result, eflags);
        if (proceed) for (int k = 0; k < pops; k++) pop();
    }

    private void compareValue(int sexp, long mant, boolean signalling, boolean pop) {
        int result;
        boolean proceed;
        if (empty(0)) {
            proceed = underflow();
            result = SoftFloat.UNORDERED;
        } else {
            result = Extended80.compare(sexp(0), mant(0), sexp, mant, signalling, env);
            proceed = commit();
        }
        setCompareResult(result, false);
        if (proceed && pop) pop();
    }

    private void setCompareResult(int result, boolean eflags) {
        if (eflags) {
            int fl = result == SoftFloat.LT ? Flags.CF : result == SoftFloat.EQ ? Flags.ZF
                    : result == SoftFloat.GT ? 0 : Flags.ZF | Flags.PF | Flags.CF;
            cpu.flags.setMasked(Flags.ARITH, fl); // C1 is left alone (as the host does)
        } else {
            int cc = result == SoftFloat.LT ? C0 : result == SoftFloat.EQ ? C3 : result == SoftFloat.GT ? 0 : C0 | C2 | C3;
            s.fsw = (s.fsw & ~CC) | cc; // C1 cleared
        }
    }

    /** FTST: ST0 against +0.0. */
    private void test() {
        begin();
        compareValue(0, 0, true, false);
    }

    /** FXAM: the class of ST0 in C3/C2/C0 and its sign in C1 (an empty register included). */
    private void examine() {
        int x = sexp(0);
        int cc;
        if (empty(0)) cc = C3 | C0;
        else switch (Extended80.classify(x, mant(0))) {
            case Extended80.ZERO: cc = C3; break;
            case Extended80.DENORMAL: cc = C3 | C2; break;
            case Extended80.NORMAL: cc = C2; break;
            case Extended80.INFINITY: cc = C2 | C0; break;
            case Extended80.QNAN: case Extended80.SNAN: cc = C0; break;
            default: cc = 0;
        }
        s.fsw = (s.fsw & ~CC) | cc | ((x & 0x8000) != 0 ? C1 : 0);
    }

    // --- moves ---

    private void loadRegister(int i) {
        if (empty(i)) { // the indefinite is pushed whatever ST7 holds (as the host does)
            if (underflow()) push(Extended80.INDEFINITE_SEXP, Extended80.INDEFINITE_MANT);
            return;
        }
        loadValue(sexp(i), mant(i));
    }

    /** Pushes a value, or the indefinite on a masked stack overflow. */
    private void loadValue(int sexp, long mant) {
        setC1(false);
        if (!empty(7)) {
            if (overflow()) push(Extended80.INDEFINITE_SEXP, Extended80.INDEFINITE_MANT);
            return;
        }
        push(sexp, mant);
    }

    private void storeRegister(int i, boolean pop) {
        setC1(false);
        if (empty(0)) {
            if (!underflow()) return;
            setIndefinite(i);
        } else {
            set(i, sexp(0), mant(0));
        }
        if (pop) pop();
    }

    private void exchange(int i) {
        setC1(false);
        if (empty(0) || empty(i)) {
            if (!underflow()) return;
            if (empty(0)) setIndefinite(0);
            if (empty(i)) setIndefinite(i);
        }
        int xs = sexp(0);
        long xm = mant(0);
        set(0, sexp(i), mant(i));
        set(i, xs, xm);
    }

    private void free(int i) {
        setC1(false); // undefined in the SDM: the host clears it
        setTag(phys(i), 3);
    }

    private void conditionalMove(int cc, boolean negate, int i) {
        if (empty(0) || empty(i)) {
            if (underflow()) setIndefinite(0);
            return;
        }
        Flags f = cpu.flags;
        boolean c;
        switch (cc) {
            case 0: c = f.cf(); break;
            case 1: c = f.zf(); break;
            case 2: c = f.cf() || f.zf(); break;
            default: c = f.pf(); break;
        }
        if (c != negate) set(0, sexp(i), mant(i));
    }

    /** FLD1, FLDL2T, FLDL2E, FLDPI, FLDLG2, FLDLN2, FLDZ: the last bit of some depends on the rounding control. */
    private void loadConstant(int which) {
        int rc = (s.fcw >> 10) & 3;
        int sexp;
        long mant;
        switch (which) {
            case 0: sexp = 0x3fff; mant = Extended80.INTEGER_BIT; break;
            case 1: sexp = 0x4000; mant = 0xd49a784bcd1b8afeL + (rc == FpEnv.RU ? 1 : 0); break;
            case 2: sexp = 0x3fff; mant = 0xb8aa3b295c17f0bcL - (rc == FpEnv.RD || rc == FpEnv.RZ ? 1 : 0); break;
            case 3: sexp = 0x4000; mant = 0xc90fdaa22168c235L - (rc == FpEnv.RD || rc == FpEnv.RZ ? 1 : 0); break;
            case 4: sexp = 0x3ffd; mant = 0x9a209a84fbcff799L - (rc == FpEnv.RD || rc == FpEnv.RZ ? 1 : 0); break;
            case 5: sexp = 0x3ffe; mant = 0xb17217f7d1cf79acL - (rc == FpEnv.RD || rc == FpEnv.RZ ? 1 : 0); break;
            default: sexp = 0; mant = 0; break;
        }
        loadValue(sexp, mant);
    }

    // --- the other arithmetic (X87Math) ---

    /** FSCALE: ST0 * 2^trunc(ST1). */
    private void scale() {
        if (empty(0) || empty(1)) {
            if (underflow()) setIndefinite(0);
            return;
        }
        FpEnv e = begin();
        long m = X87Math.scale(sexp(0), mant(0), sexp(1), mant(1), e);
        deliver(0, e.sexp, m, false);
    }

    /** FPREM (IEEE false) and FPREM1: partial remainder, quotient bits in C0/C3/C1, C2 = incomplete. */
    private void remainder(boolean ieee) {
        if (empty(0) || empty(1)) {
            s.fsw &= ~C2;
            if (underflow()) setIndefinite(0);
            return;
        }
        FpEnv e = begin();
        long m = X87Math.remainder(sexp(0), mant(0), sexp(1), mant(1), ieee, e);
        int sexp = e.sexp;
        if (!commit()) {
            s.fsw &= ~(C1 | C2);
            return;
        }
        int q = X87Math.quotientBits(e);
        if (X87Math.quotientValid(e)) // otherwise (NaNs, zeros, infinities) C0 and C3 stay as they were
            s.fsw = (s.fsw & ~CC) | ((q & 4) != 0 ? C0 : 0) | ((q & 2) != 0 ? C3 : 0) | ((q & 1) != 0 ? C1 : 0);
        else s.fsw &= ~(C1 | C2);
        if (X87Math.incomplete(e)) s.fsw |= C2;
        set(0, sexp, m);
    }

    /** FXTRACT: ST0 becomes its exponent, and its significand is pushed. */
    private void extract() {
        if (!pushingTwo(false)) return;
        setC1(false);
        FpEnv e = begin();
        int xs = sexp(0);
        long xm = mant(0);
        long sigMant = X87Math.extractSignificand(xs, xm, e);
        int sigSexp = e.sexp;
        long expMant = X87Math.extractExponent(xs, xm, e);
        int expSexp = e.sexp;
        if (!commit()) return;
        set(0, expSexp, expMant);
        push(sigSexp, sigMant);
    }

    /**
     * The stack checks of FXTRACT, FPTAN and FSINCOS, which replace ST0 and push: an empty ST0 or a full
     * ST7 leaves two indefinites (masked), as the host does. True when the operation can go ahead.
     */
    private boolean pushingTwo(boolean trigonometric) {
        boolean full = !empty(7);
        if (!empty(0) && !full) return true;
        boolean masked = empty(0) ? underflow() : overflow();
        if (trigonometric) s.fsw &= ~(C1 | C2); // FPTAN and FSINCOS clear C1 and C2; FXTRACT keeps C2
        if (masked) {
            setIndefinite(0);
            push(Extended80.INDEFINITE_SEXP, Extended80.INDEFINITE_MANT);
        }
        return false;
    }

    /** F2XM1, FSIN, FCOS on ST0 (FSIN/FCOS set C2 and leave ST0 for |x| >= 2^63). */
    private void unaryMath(int fn) {
        if (empty(0)) {
            if (fn != X87Math.F2XM1) s.fsw &= ~C2;
            if (underflow()) setIndefinite(0);
            return;
        }
        FpEnv e = begin();
        long m = X87Math.unary(fn, sexp(0), mant(0), e);
        if (X87Math.outOfRange(e)) {
            s.fsw = (s.fsw & ~(C1 | C2)) | C2;
            return;
        }
        if (fn != X87Math.F2XM1) s.fsw &= ~C2;
        deliver(0, e.sexp, m, false);
    }

    /** FYL2X, FYL2XP1, FPATAN: ST1 = f(ST1, ST0), pop. */
    private void binaryMath(int fn) {
        if (empty(0) || empty(1)) {
            if (underflow()) {
                setIndefinite(1);
                pop();
            }
            return;
        }
        FpEnv e = begin();
        long m = X87Math.binary(fn, sexp(1), mant(1), sexp(0), mant(0), e);
        deliver(1, e.sexp, m, true);
    }

    /** FPTAN: ST0 = tan(ST0), then push 1.0. */
    private void tangent() {
        if (!pushingTwo(true)) return;
        FpEnv e = begin();
        long m = X87Math.unary(X87Math.FTAN, sexp(0), mant(0), e);
        if (X87Math.outOfRange(e)) {
            s.fsw = (s.fsw & ~(C1 | C2)) | C2;
            return;
        }
        s.fsw &= ~C2;
        boolean nan = Extended80.isNaN(e.sexp, m) || Extended80.isNaN(sexp(0), mant(0));
        int rs = e.sexp;
        boolean up = e.roundedUp;
        setC1(false);
        if (!commit()) return;
        setC1(up);
        set(0, rs, m);
        if (nan) push(rs, m);
        else push(0x3fff, Extended80.INTEGER_BIT);
    }

    /** FSINCOS: ST0 = sin, then push cos. */
    private void sineCosine() {
        if (!pushingTwo(true)) return;
        FpEnv e = begin();
        int xs = sexp(0);
        long xm = mant(0);
        long sm = X87Math.unary(X87Math.FSIN, xs, xm, e);
        int ss = e.sexp;
        if (X87Math.outOfRange(e)) {
            s.fsw = (s.fsw & ~(C1 | C2)) | C2;
            return;
        }
        boolean up = e.roundedUp;
        long cm = X87Math.unary(X87Math.FCOS, xs, xm, e);
        int cs = e.sexp;
        up |= e.roundedUp;
        s.fsw &= ~C2;
        setC1(false);
        if (!commit()) return;
        setC1(up);
        set(0, ss, sm);
        push(cs, cm);
    }

    // --- memory forms ---

    private void memory(int esc, int r, Insn i) {
        long a = interpreter.ea(i);
        boolean control = (esc == 1 && r >= 4) || (esc == 5 && (r == 4 || r == 6 || r == 7));
        if (!control) recordInstruction(i, a);
        switch (esc) {
            case 0: arithmeticMemory(r, readFloat(i, a, false)); break;
            case 1:
                switch (r) {
                    case 0: loadFloat(i, a, false); break;
                    case 2: storeFloat(i, a, false, false); break;
                    case 3: storeFloat(i, a, false, true); break;
                    case 4: environment.load(i, a, false); break;
                    case 5: s.fcw = (int) cpu.read(i.seg, a, 2) & 0x1f7f | 0x40; updateSummary(); break;
                    case 6: environment.store(i, a, false); break;
                    case 7: cpu.write(i.seg, a, 2, s.fcw & 0xffff); break;
                    default: throw cpu.fault(Vectors.UD);
                }
                break;
            case 2: arithmeticInteger(r, (int) cpu.read(i.seg, a, 4)); break;
            case 3:
                switch (r) {
                    case 0: loadInteger((int) cpu.read(i.seg, a, 4)); break;
                    case 1: storeInteger(i, a, 32, true, true); break;
                    case 2: storeInteger(i, a, 32, false, false); break;
                    case 3: storeInteger(i, a, 32, false, true); break;
                    case 5: loadExtended(i, a); break;
                    case 7: storeExtended(i, a); break;
                    default: throw cpu.fault(Vectors.UD);
                }
                break;
            case 4: arithmeticMemory(r, readFloat(i, a, true)); break;
            case 5:
                switch (r) {
                    case 0: loadFloat(i, a, true); break;
                    case 1: storeInteger(i, a, 64, true, true); break;
                    case 2: storeFloat(i, a, true, false); break;
                    case 3: storeFloat(i, a, true, true); break;
                    case 4: environment.load(i, a, true); break;
                    case 6: environment.store(i, a, true); s.initX87Control(); break;
                    case 7: cpu.write(i.seg, a, 2, s.fsw & 0xffff); break;
                    default: throw cpu.fault(Vectors.UD);
                }
                break;
            case 6: arithmeticInteger(r, (short) cpu.read(i.seg, a, 2)); break;
            default:
                switch (r) {
                    case 0: loadInteger((short) cpu.read(i.seg, a, 2)); break;
                    case 1: storeInteger(i, a, 16, true, true); break;
                    case 2: storeInteger(i, a, 16, false, false); break;
                    case 3: storeInteger(i, a, 16, false, true); break;
                    case 4: loadBcd(i, a); break;
                    case 5: loadInteger(cpu.read(i.seg, a, 8)); break;
                    case 6: storeBcd(i, a); break;
                    default: storeInteger(i, a, 64, false, true); break;
                }
        }
    }

    /** A binary32/binary64 memory operand widened exactly (NaNs keep their signalling bit; DE for denormals goes to env). */
    private long readFloat(Insn i, long a, boolean wide) {
        long bits = cpu.read(i.seg, a, wide ? 8 : 4);
        begin();
        return Extended80.widen(bits, wide, env);
    }

    private void arithmeticMemory(int r, long mant) {
        int sexp = env.sexp;
        int flags = env.flags; // DE of a denormal memory operand
        if (r == 2 || r == 3) {
            compareMemory(sexp, mant, r == 3, flags);
            return;
        }
        if (empty(0)) {
            if (underflow()) setIndefinite(0);
            return;
        }
        applyWith(flags, r, sexp, mant);
    }

    private void compareMemory(int sexp, long mant, boolean pop, int flags) {
        begin();
        if (!specialSt0()) env.flags = flags; // a NaN in ST0 takes precedence over a denormal operand
        compareValue(sexp, mant, true, pop);
    }

    /** ST0 holds a NaN or an unsupported encoding (checked before a memory operand's DE). */
    private boolean specialSt0() {
        int c = Extended80.classify(sexp(0), mant(0));
        return !empty(0) && (c == Extended80.QNAN || c == Extended80.SNAN || c == Extended80.UNSUPPORTED);
    }

    /** ST0 = ST0 op a memory operand; flags holds what reading the operand raised (DE), unless ST0 is a NaN. */
    private void applyWith(int flags, int kind, int ss, long sm) {
        int ds = sexp(0);
        long dm = mant(0);
        boolean special = specialSt0();
        long m = compute(kind, ds, dm, ss, sm);
        if (!special) env.flags |= flags;
        deliver(0, env.sexp, m, false);
    }

    private void arithmeticInteger(int r, long value) {
        begin();
        long m = Extended80.fromInteger(value, env);
        arithmeticMemory(r, m);
    }

    private void loadFloat(Insn i, long a, boolean wide) {
        long bits = cpu.read(i.seg, a, wide ? 8 : 4);
        setC1(false);
        if (!empty(7)) {
            if (overflow()) push(Extended80.INDEFINITE_SEXP, Extended80.INDEFINITE_MANT);
            return;
        }
        FpEnv e = begin();
        long m = Extended80.fromBinary(bits, wide, e);
        if (!commit()) return;
        push(e.sexp, m);
    }

    private void loadInteger(long v) {
        begin();
        long m = Extended80.fromInteger(v, env);
        loadValue(env.sexp, m);
    }

    private void loadExtended(Insn i, long a) {
        long m = cpu.read(i.seg, a, 8);
        int x = (int) cpu.read(i.seg, a + 8, 2);
        loadValue(x, m);
    }

    private void storeExtended(Insn i, long a) {
        cpu.checkWritable(i.seg, a, 8);
        cpu.checkWritable(i.seg, a + 8, 2);
        setC1(false);
        int x;
        long m;
        if (empty(0)) {
            if (!underflow()) return;
            x = Extended80.INDEFINITE_SEXP;
            m = Extended80.INDEFINITE_MANT;
        } else {
            x = sexp(0);
            m = mant(0);
        }
        cpu.write(i.seg, a, 8, m);
        cpu.write(i.seg, a + 8, 2, x);
        pop();
    }

    private void storeFloat(Insn i, long a, boolean wide, boolean pop) {
        int size = wide ? 8 : 4;
        cpu.checkWritable(i.seg, a, size);
        setC1(false);
        long bits;
        if (empty(0)) {
            if (!underflow()) return;
            bits = wide ? 0xfff8000000000000L : 0xffc00000L;
        } else {
            FpEnv e = begin();
            bits = Extended80.toBinary(sexp(0), mant(0), wide, e);
            boolean up = e.roundedUp;
            int unmasked = e.flags & ~s.fcw & 0x3f;
            if ((unmasked & (FpEnv.OE | FpEnv.UE)) != 0) e.flags &= ~FpEnv.PE; // nothing is stored, so nothing is inexact
            commit();
            if ((unmasked & (IE | FpEnv.OE | FpEnv.UE)) != 0) return; // memory is not written
            setC1(up);
        }
        cpu.write(i.seg, a, size, bits);
        if (pop) pop();
    }

    private void storeInteger(Insn i, long a, int bits, boolean truncate, boolean pop) {
        int size = bits / 8;
        cpu.checkWritable(i.seg, a, size);
        setC1(false);
        long v;
        if (empty(0)) {
            if (!underflow()) return;
            v = 1L << (bits - 1);
        } else {
            FpEnv e = begin();
            v = Extended80.toInteger(sexp(0), mant(0), bits, truncate, e);
            boolean up = e.roundedUp;
            if (!commit()) return;
            setC1(up);
        }
        cpu.write(i.seg, a, size, v);
        if (pop) pop();
    }

    private void loadBcd(Insn i, long a) {
        long lo = cpu.read(i.seg, a, 8);
        int hi = (int) cpu.read(i.seg, a + 8, 2);
        begin();
        long m = X87Math.fromBcd(lo, hi, env);
        loadValue(env.sexp, m);
    }

    private void storeBcd(Insn i, long a) {
        cpu.checkWritable(i.seg, a, 8);
        cpu.checkWritable(i.seg, a + 8, 2);
        setC1(false);
        long lo;
        int hi;
        if (empty(0)) {
            if (!underflow()) return;
            lo = 0xc000000000000000L;
            hi = 0xffff;
        } else {
            FpEnv e = begin();
            lo = X87Math.toBcd(sexp(0), mant(0), e);
            hi = X87Math.bcdHigh(e);
            boolean up = e.roundedUp;
            if (!commit()) return;
            setC1(up);
        }
        cpu.write(i.seg, a, 8, lo);
        cpu.write(i.seg, a + 8, 2, hi);
        pop();
    }
}
