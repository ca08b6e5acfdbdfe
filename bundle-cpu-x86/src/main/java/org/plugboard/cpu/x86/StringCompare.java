package org.plugboard.cpu.x86;

/**
 * PCMPESTRI, PCMPESTRM, PCMPISTRI, PCMPISTRM (SSE4.2; SDM vol. 2, 4.1): compare the string in
 * the register operand (a) with the one in the source (b) as the immediate says, then report an
 * index in ECX or a mask in XMM0, and flags.
 */
final class StringCompare {
    private StringCompare() {
    }

    /**
     * @param kind 0 PCMPESTRM, 1 PCMPESTRI, 2 PCMPISTRM, 3 PCMPISTRI
     * @param wide REX.W: explicit lengths come from RAX/RDX instead of EAX/EDX
     */
    static void execute(Cpu cpu, Sse sse, int kind, int imm, long[] a, long[] b, boolean wide) {
        boolean words = (imm & 1) != 0, signed = (imm & 2) != 0;
        int size = words ? 2 : 1, n = 16 / size;
        boolean explicit = kind < 2;
        int la = explicit ? explicitLength(cpu.gpr[Cpu.RAX], wide, n) : implicitLength(a, size, n);
        int lb = explicit ? explicitLength(cpu.gpr[Cpu.RDX], wide, n) : implicitLength(b, size, n);
        int res = aggregate((imm >> 2) & 3, a, b, la, lb, size, signed, n);
        int full = (1 << n) - 1;
        switch ((imm >> 4) & 3) {
            case 1: res = ~res & full; break;
            case 3: res ^= (1 << lb) - 1; break;
            default: break;
        }
        if ((kind & 1) != 0) {
            int index = res == 0 ? n : (imm & 0x40) != 0 ? 31 - Integer.numberOfLeadingZeros(res) : Integer.numberOfTrailingZeros(res);
            cpu.setReg(Cpu.RCX, 4, index);
        } else {
            long[] mask = new long[2];
            if ((imm & 0x40) != 0) {
                for (int k = 0; k < n; k++) if ((res & (1 << k)) != 0) SimdInt.set(mask, size, k, -1);
            } else {
                mask[0] = res;
            }
            sse.storeXmm(0, mask);
        }
        sse.setFlags(lb < n, false, res != 0);
        Flags f = cpu.flags;
        f.setBit(Flags.SF, la < n);
        f.setBit(Flags.OF, (res & 1) != 0);
    }

    private static int explicitLength(long reg, boolean wide, int n) {
        long v = wide ? reg : (int) reg;
        long abs = v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v);
        return (int) Math.min(abs, n);
    }

    private static int implicitLength(long[] v, int size, int n) {
        for (int k = 0; k < n; k++) if (SimdInt.get(v, size, k) == 0) return k;
        return n;
    }

    private static long element(long[] v, int size, int k, boolean signed) {
        return signed ? SimdInt.sget(v, size, k) : SimdInt.get(v, size, k);
    }

    /** IntRes1: bit j for element j of b. */
    private static int aggregate(int mode, long[] a, long[] b, int la, int lb, int size, boolean signed, int n) {
        int res = 0;
        for (int j = 0; j < n; j++) {
            boolean bit = false;
            long bj = element(b, size, j, signed);
            switch (mode) {
                case 0: // equal any
                    if (j < lb) for (int i = 0; i < la && !bit; i++) bit = element(a, size, i, signed) == bj;
                    break;
                case 1: // ranges: pairs (low, high) in a
                    if (j < lb) for (int i = 0; i + 1 < la && !bit; i += 2)
                        bit = bj >= element(a, size, i, signed) && bj <= element(a, size, i + 1, signed);
                    break;
                case 2: // equal each
                    bit = j >= la && j >= lb || j < la && j < lb && element(a, size, j, signed) == bj;
                    break;
                default: { // equal ordered: a occurs in b starting at j
                    bit = true;
                    for (int k = 0; k < n - j && bit; k++) {
                        if (k >= la) break;
                        bit = j + k < lb && element(a, size, k, signed) == element(b, size, j + k, signed);
                    }
                    break;
                }
            }
            if (bit) res |= 1 << j;
        }
        return res;
    }
}
