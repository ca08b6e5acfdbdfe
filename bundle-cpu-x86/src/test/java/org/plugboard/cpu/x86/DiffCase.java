package org.plugboard.cpu.x86;

/**
 * One differential-test case: an instruction, the state it starts from, and which parts of the
 * result are architecturally defined (the rest is masked out of the comparison).
 */
final class DiffCase {
    static final long CODE = 0x100000, DATA = 0x200000, BUFFER = DATA + 0x100, STACK = DATA + 0x800;
    /** Where the harness keeps a case's FXSAVE image. */
    static final long FX_IMAGE = DATA + 0x2000;
    static final int FX_LENGTH = 512;
    static final int BUFLEN = 256;
    /** Where the harness puts the instruction, so RIP-relative operands agree. */
    static final long NATIVE_RIP64 = CODE + 172, NATIVE_RIP32 = CODE + 0x800 + 72;
    /** Arithmetic flags and DF: the flags user code can see and set. */
    static final long VISIBLE_FLAGS = 0xcd5;

    final String family;
    final int mode;
    final byte[] insn;
    final long seed;
    final long flags;
    final long[] regs;
    long flagMask = VISIBLE_FLAGS;
    /** Registers compared (bit per register). */
    int regMask = 0xffff;
    /** The x87/SSE state the instruction starts from (an FXSAVE image), or null for the FNINIT state. */
    byte[] fx;
    /** Per byte of the FXSAVE image: the bits compared (all of them unless a family says otherwise). */
    byte[] fxMask;
    /** Per byte of the memory buffer: the bits compared, or null for all of them. */
    byte[] memMask;
    /**
     * Offsets of binary32 values in the FXSAVE image that are approximations (RCPPS, RSQRTPS): compared
     * within a relative error of 3 * 2^-12 (each side may be 1.5 * 2^-12 off), specials exactly.
     */
    int[] approximate32 = new int[0];

    DiffCase(String family, int mode, byte[] insn, long seed, long flags, long[] regs) {
        this.family = family;
        this.mode = mode;
        this.insn = insn;
        this.seed = seed;
        this.flags = flags;
        this.regs = regs;
    }

    /** Starts the instruction from this x87/SSE state and compares the state it leaves. */
    DiffCase withFx(byte[] image) {
        fx = image.clone();
        fxMask = new byte[FX_LENGTH];
        java.util.Arrays.fill(fxMask, (byte) 0xff);
        return this;
    }

    DiffCase maskFlags(long undefined) {
        flagMask &= ~undefined;
        return this;
    }

    String hex() {
        StringBuilder b = new StringBuilder();
        for (byte x : insn) b.append(String.format("%02x", x & 0xff));
        return b.toString();
    }

    /** The harness's input line. */
    String line() {
        StringBuilder b = new StringBuilder();
        b.append(mode).append(' ').append(hex()).append(' ').append(Long.toHexString(seed)).append(' ')
                .append(Long.toHexString(flags));
        for (long r : regs) b.append(' ').append(Long.toHexString(r));
        if (fx != null) {
            b.append(" FX ");
            for (byte x : fx) b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }

    /** The buffer's initial bytes followed by the 64 bytes at {@link #STACK}, as the harness fills them. */
    static byte[] buffer(long seed) {
        byte[] b = new byte[BUFLEN + 64];
        for (int i = 0; i < b.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            b[i] = (byte) (seed >>> 56);
        }
        return b;
    }

    /** Compares two result lines under this case's masks; returns null when they agree. */
    String mismatch(String expected, String actual) {
        if (expected.startsWith("FAULT") || actual.startsWith("FAULT"))
            return expected.equals(actual) ? null : "expected " + expected + ", got " + actual.split(" ")[0] + (actual.startsWith("FAULT") ? " " + actual.split(" ")[1] : "");
        String[] e = expected.split(" "), a = actual.split(" ");
        StringBuilder diff = new StringBuilder();
        long ef = Long.parseUnsignedLong(e[0], 16) & flagMask, af = Long.parseUnsignedLong(a[0], 16) & flagMask;
        if (ef != af) diff.append(String.format(" flags %x/%x (mask %x)", ef, af, flagMask));
        for (int r = 0; r < 16; r++) {
            if ((regMask & (1 << r)) == 0) continue;
            long ev = Long.parseUnsignedLong(e[1 + r], 16), av = Long.parseUnsignedLong(a[1 + r], 16);
            if (mode == 32 && r < 8) {
                ev &= 0xffffffffL;
                av &= 0xffffffffL;
            }
            if (ev != av) diff.append(String.format(" r%d %x/%x", r, ev, av));
        }
        if (memMask != null) {
            for (int k = 0; k < BUFLEN; k++) {
                int ev = Integer.parseInt(e[17], 2 * k, 2 * k + 2, 16) & memMask[k], av = Integer.parseInt(a[17], 2 * k, 2 * k + 2, 16) & memMask[k];
                if (ev != av) diff.append(String.format(" mem+%d %02x/%02x", k, ev, av));
            }
        } else if (!e[17].equals(a[17])) {
            int k = 0;
            while (k < e[17].length() && k < a[17].length() && e[17].charAt(k) == a[17].charAt(k)) k++;
            k &= ~1;
            diff.append(String.format(" memory differs from +%d: %s/%s", k / 2, e[17].substring(k, Math.min(k + 16, e[17].length())),
                    a[17].substring(k, Math.min(k + 16, a[17].length()))));
        }
        if (fx != null) {
            if (e.length < 20 || a.length < 20) diff.append(" no FX image");
            else for (int at : approximate32) {
                float ev = Float.intBitsToFloat(Integer.reverseBytes((int) Long.parseLong(e[19].substring(2 * at, 2 * at + 8), 16)));
                float av = Float.intBitsToFloat(Integer.reverseBytes((int) Long.parseLong(a[19].substring(2 * at, 2 * at + 8), 16)));
                // below the normal range either side may flush to a zero of the same sign
                boolean tiny = Math.abs(ev) < Float.MIN_NORMAL && Math.abs(av) < Float.MIN_NORMAL
                        && Math.copySign(1f, ev) == Math.copySign(1f, av);
                boolean close = Float.floatToRawIntBits(ev) == Float.floatToRawIntBits(av) || tiny
                        || (Float.isFinite(ev) && Float.isFinite(av) && ev != 0 && Math.signum(ev) == Math.signum(av)
                            && Math.abs(ev - av) <= 3 * 0x1p-12 * Math.abs(ev));
                if (!close) diff.append(String.format(" fx+%d approximately %s/%s", at, ev, av));
            }
            if (e.length >= 20 && a.length >= 20) for (int k = 0; k < FX_LENGTH; k++) {
                int ev = Integer.parseInt(e[19], 2 * k, 2 * k + 2, 16) & fxMask[k], av = Integer.parseInt(a[19], 2 * k, 2 * k + 2, 16) & fxMask[k];
                if (ev != av) diff.append(String.format(" fx+%d %02x/%02x", k, ev, av));
            }
        }
        return diff.length() == 0 ? null : diff.toString().trim();
    }
}
