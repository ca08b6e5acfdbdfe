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
        return f;
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

    /** A buffer seed whose dword at {@code offset} has bits 16-31 clear. */
    private long seedWithValidMxcsr(int offset) {
        for (;;) {
            long s = rnd.nextLong();
            byte[] b = DiffCase.buffer(s);
            if (b[offset + 2] == 0 && b[offset + 3] == 0) return s;
        }
    }
}
