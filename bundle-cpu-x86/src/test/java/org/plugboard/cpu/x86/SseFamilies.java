package org.plugboard.cpu.x86;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Random MMX/SSE cases for the differential test: each starts from a random FXSAVE image (x87
 * stack, MXCSR in any rounding mode with DAZ/FTZ and any masks, XMM lanes full of special values)
 * and compares the image the instruction leaves, MXCSR flags included.
 */
final class SseFamilies {
    private final Random rnd;
    private final SimdValues values;

    SseFamilies(long seed) {
        this.rnd = new Random(seed);
        this.values = new SimdValues(rnd);
    }

    List<InstructionFamilies.Named> all(int scale) {
        List<InstructionFamilies.Named> f = new ArrayList<>();
        f.add(new InstructionFamilies.Named("fxrstor/fxsave round trip, ldmxcsr/stmxcsr", 2 * scale, this::stateRoundTrip));
        f.add(family("mmx integer, emms, x87 aliasing", 3 * scale, SimdSpecs.MMX, values::bits64));
        f.add(family("sse2 integer and moves (xmm)", 3 * scale, SimdSpecs.SSE2_INTEGER, values::bits64));
        f.add(family("ssse3, sse4.1 integer", 3 * scale, SimdSpecs.SSE4_INTEGER, values::bits64));
        f.add(family("sse4.2 pcmpxstrx, pcmpgtq, crc32", 3 * scale, SimdSpecs.SSE42, this::stringLane));
        f.add(family("float moves, shuffles, unpacks, logic", 2 * scale, SimdSpecs.FLOAT_MOVES, this::floatLane));
        f.add(family("ps/ss arithmetic, min/max, sqrt", 4 * scale, SimdSpecs.SINGLE, this::singleLane));
        f.add(family("pd/sd arithmetic, min/max, sqrt", 4 * scale, SimdSpecs.DOUBLE, this::doubleLane));
        f.add(family("cmpps/cmpsd predicates, (u)comiss/sd", 3 * scale, SimdSpecs.COMPARE, this::floatLane));
        f.add(family("conversions cvt*", 4 * scale, SimdSpecs.CONVERT, this::floatLane));
        f.add(family("sse3 addsub/hadd/hsub/movddup/lddqu", 2 * scale, SimdSpecs.SSE3, this::floatLane));
        f.add(family("sse4.1 round/dpps/dppd/blend/insertps", 3 * scale, SimdSpecs.SSE41_FLOAT, this::floatLane));
        f.add(family("undefined prefix/opcode combinations", scale / 2, SimdSpecs.UNDEFINED, values::bits64));
        f.add(new InstructionFamilies.Named("xsave/xsaveopt (random RFBM), xgetbv", scale, this::xsave));
        return f;
    }

    private long floatLane() {
        return rnd.nextBoolean() ? singleLane() : doubleLane();
    }

    private long singleLane() {
        return (long) values.float32() << 32 | (values.float32() & 0xffffffffL);
    }

    private long doubleLane() {
        return values.float64();
    }

    /** Short strings of a few letters with a terminating zero now and then, for the string compares. */
    private long stringLane() {
        long v = 0;
        for (int k = 0; k < 8; k++) v |= (long) (rnd.nextInt(12) == 0 ? 0 : 'a' + rnd.nextInt(4)) << (8 * k);
        return rnd.nextInt(4) == 0 ? values.bits64() : v;
    }

    private InstructionFamilies.Named family(String name, int count, String[] specs, LongSupplier lane) {
        SimdSpecs.Spec[] parsed = SimdSpecs.parse(specs);
        return new InstructionFamilies.Named(name, count, () -> simdCase(name, parsed[rnd.nextInt(parsed.length)], lane));
    }

    /** One instruction of a spec with random registers or a memory operand in the buffer. */
    private DiffCase simdCase(String name, SimdSpecs.Spec sp, LongSupplier lane) {
        int mode = rnd.nextInt(3) == 0 ? 32 : 64;
        int regs = mode == 64 ? 16 : 8;
        boolean mem = sp.memory == 'O' || (sp.memory == 'M' && rnd.nextInt(3) == 0);
        int reg = operand(sp.regType, regs);
        int rm = mem ? 7 : operand(sp.rmType, regs);
        boolean w = sp.rexW && mode == 64 && rnd.nextBoolean();
        Enc e = new Enc();
        if (sp.prefix > 0xff) e.bytes(sp.prefix >> 8);
        if (sp.prefix != 0) e.bytes(sp.prefix & 0xff);
        int rex = (w ? 8 : 0) | (reg >= 8 ? 4 : 0) | (!mem && rm >= 8 ? 1 : 0);
        if (mode == 64 && (rex != 0 || rnd.nextInt(8) == 0)) e.bytes(0x40 | rex);
        e.bytes(0x0f);
        for (int b : sp.opcode) e.bytes(b);
        int regField = sp.regType >= '0' && sp.regType <= '7' ? sp.regType - '0' : reg;
        if (sp.noModrm) {
            mem = false;
        } else if (mem) {
            int disp = sp.aligned && rnd.nextInt(8) != 0 ? 16 * rnd.nextInt(7) : rnd.nextInt(112);
            e.bytes(0x47 | (regField & 7) << 3, disp);
        } else {
            e.bytes(0xc0 | (regField & 7) << 3 | (rm & 7));
        }
        if (sp.imm == 'i') e.bytes(rnd.nextInt(256));
        else if (sp.imm == 'c') e.bytes(rnd.nextInt(10) == 0 ? rnd.nextInt(256) : rnd.nextInt(8));
        else if (sp.imm == 'r') e.bytes(rnd.nextInt(16)); // ROUND: bits 3:0
        byte[] image = image(mxcsr(), lane);
        if (rnd.nextInt(4) != 0) image[2] &= (byte) 0xc0; // mostly no x87 exception pending (MMX code would #MF)
        DiffCase c = newCase(name, mode, e.get(), image);
        for (int k = 0; k < 16; k++) if (rnd.nextInt(4) == 0) c.regs[k] = values.float32() & 0xffffffffL; // integers for CVTSI2SS
        c.regs[4] = DiffCase.STACK;
        c.regs[7] = DiffCase.BUFFER;
        if (sp.approximate) approximate(c, reg);
        return c;
    }

    /** A register operand of the type: XMM/MMX any; a general register never RSP or RDI (the harness needs them). */
    private int operand(char type, int regs) {
        if (type == 'g') {
            int r;
            do r = rnd.nextInt(regs);
            while (r == 4 || r == 7);
            return r;
        }
        return rnd.nextInt(type == 'm' ? 8 : regs);
    }

    /**
     * RCPPS/RSQRTPS: Intel and AMD return different approximations (the manuals bound the relative
     * error by 1.5 * 2^-12): the result lanes are compared within that error, not bit for bit.
     */
    private static void approximate(DiffCase c, int reg) {
        c.approximate32 = new int[4];
        for (int lane = 0; lane < 4; lane++) {
            int at = 160 + 16 * reg + 4 * lane;
            c.approximate32[lane] = at;
            for (int k = 0; k < 4; k++) c.fxMask[at + k] = 0;
        }
    }

    // --- state ---

    /** A random MXCSR: any rounding mode, DAZ, FTZ, masks and sticky flags. */
    int mxcsr() {
        int m = rnd.nextInt(0x10000);
        if (rnd.nextInt(3) == 0) m |= 0x1f80; // often all masked, as code runs normally
        return m;
    }

    /** A random valid FXSAVE image whose XMM lanes come from {@code lane}. */
    byte[] image(int mxcsr, LongSupplier lane) {
        byte[] b = new byte[DiffCase.FX_LENGTH];
        rnd.nextBytes(b);
        put(b, 24, 4, mxcsr & 0xffffffffL);
        for (int i = 0; i < 8; i++) {
            long[] x = values.extended();
            put(b, 32 + 16 * i, 8, x[1]);
            put(b, 40 + 16 * i, 2, x[0]);
        }
        for (int k = 0; k < 32; k++) put(b, 160 + 8 * k, 8, lane.getAsLong());
        return b;
    }

    static void put(byte[] b, int at, int size, long v) {
        for (int k = 0; k < size; k++) b[at + k] = (byte) (v >>> (8 * k));
    }

    /** A case with random registers (RDI pointing into the buffer) starting from an image. */
    DiffCase newCase(String family, int mode, byte[] insn, byte[] image) {
        return newCase(family, mode, insn, image, rnd.nextLong());
    }

    DiffCase newCase(String family, int mode, byte[] insn, byte[] image, long bufferSeed) {
        long[] regs = new long[16];
        for (int k = 0; k < 16; k++) regs[k] = values.bits64();
        regs[4] = DiffCase.STACK;
        regs[7] = DiffCase.BUFFER;
        DiffCase c = new DiffCase(family, mode, insn, bufferSeed, rnd.nextLong() & 0x8d5, regs).withFx(image);
        // AMD stores FOP, FIP and FDP only while an x87 exception is pending (zero otherwise); Intel
        // always does (and FCS/FDS as zero on recent parts): these bytes are not compared
        for (int k = 6; k < 24; k++) c.fxMask[k] = 0;
        // MXCSR_MASK: AMD reports bit 17 (MM, misaligned-SSE mask), which this CPU does not have
        c.fxMask[30] = (byte) 0xfd;
        return c;
    }

    /** Instruction bytes. */
    static final class Enc {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Enc bytes(int... b) {
            for (int x : b) out.write(x);
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }
    }

    // --- families ---

    private DiffCase stateRoundTrip() {
        int mode = rnd.nextBoolean() ? 64 : 32;
        byte[] image = image(mxcsr(), values::bits64);
        long seed = rnd.nextLong();
        Enc e = new Enc();
        switch (rnd.nextInt(6)) {
            case 0: e.bytes(0x90); break;
            case 1: e.bytes(0x0f, 0xae, 0x5f, rnd.nextInt(125)); break; // stmxcsr [rdi+d8]
            case 2: { // ldmxcsr [rdi+d8] from a buffer whose dword there is a valid MXCSR (most of the time)
                int d = rnd.nextInt(125);
                if (rnd.nextInt(5) != 0) seed = seedWithValidMxcsr(d);
                e.bytes(0x0f, 0xae, 0x57, d);
                break;
            }
            case 3: e.bytes(0x0f, 0xae, 0x47, 1 + rnd.nextInt(15)); break; // fxsave [rdi+d8], misaligned: #GP
            case 4: e.bytes(0x0f, 0xae, 0x4f, 1 + rnd.nextInt(15)); break; // fxrstor [rdi+d8], misaligned: #GP
            default: e.bytes(0x0f, 0xae, 0x47, 0xe0); break; // fxsave [rdi-32], 32-bit layout: the buffer sees ST0 on (not MXCSR_MASK)
        }
        if (rnd.nextInt(10) == 0) { // a reserved bit: FXRSTOR #GP (not bit 17, MM, which AMD has)
            int bit = 16 + rnd.nextInt(15);
            put(image, 24, 4, mxcsr() | 1 << (bit == 17 ? 31 : bit));
        }
        return newCase("fx", mode, e.get(), image, seed);
    }

    /**
     * XSAVE/XSAVEOPT 64 bytes below the buffer with a random EDX:EAX, or XGETBV: the buffer sees
     * bytes 64-319 of the area (ST2-ST7, XMM0-9), not MXCSR_MASK (AMD's has bit 17) nor the header
     * (the host may leave a component in its initial state out, this CPU never does).
     */
    private DiffCase xsave() {
        int mode = rnd.nextBoolean() ? 64 : 32;
        Enc e = new Enc();
        int form = rnd.nextInt(3);
        if (form == 2) e.bytes(0x0f, 0x01, 0xd0);
        else {
            if (mode == 64 && rnd.nextBoolean()) e.bytes(0x48);
            e.bytes(0x0f, 0xae, form == 1 ? 0x77 : 0x67, 0xc0); // xsave [rdi-64] / xsaveopt [rdi-64]
        }
        byte[] image = image(mxcsr(), values::bits64);
        // FOP, FIP and FDP zero: AMD stores them only with an exception pending, and the buffer has no mask
        java.util.Arrays.fill(image, 6, 24, (byte) 0);
        DiffCase c = newCase("xsave", mode, e.get(), image);
        c.regs[0] = rnd.nextLong() & 3 | (rnd.nextBoolean() ? 0 : rnd.nextLong() & ~7L);
        c.regs[1] = 0;                      // XGETBV: XCR0
        c.regs[2] = rnd.nextLong() & ~7L;
        if (form == 2) {
            c.regMask &= ~1; // EAX: the host's XCR0 enables AVX and more, this CPU's has x87 and SSE
            c.regMask &= ~4;
        }
        return c;
    }

    /** A buffer seed whose dword at {@code offset} has bits 16-31 clear. */
    private long seedWithValidMxcsr(int offset) {
        for (;;) {
            long s = rnd.nextLong();
            byte[] b = DiffCase.buffer(s);
            if (b[offset + 2] == 0 && b[offset + 3] == 0) return s;
        }
    }
}
