package org.plugboard.cpu.x86;

import static org.plugboard.cpu.x86.SseDecoder.NONE;
import static org.plugboard.cpu.x86.SseDecoder.P66;
import static org.plugboard.cpu.x86.SseDecoder.PF2;
import static org.plugboard.cpu.x86.SseDecoder.PF3;

/**
 * SSE moves, shuffles, unpacks and bitwise operations on XMM registers (no floating-point
 * exceptions): MOVUPS/MOVAPS/MOVSS/MOVSD and their double and integer forms, the half-register
 * moves, MOVD/MOVQ, MOVMSKPS, SHUFPS, PSHUFD/PSHUFHW/PSHUFLW, INSERTPS/EXTRACTPS, LDDQU,
 * MASKMOVDQU. Operands come through {@link Sse}, which makes the CR0/CR4 checks.
 */
final class SimdMoves {
    private final Cpu cpu;
    private final Sse sse;
    private final long[] d = new long[2], t = new long[2], u = new long[2];

    SimdMoves(Cpu cpu, Sse sse) {
        this.cpu = cpu;
        this.sse = sse;
    }

    /** Runs the instruction if it is one of this unit's; false otherwise (the caller raises #UD). */
    boolean execute(Insn i, int prefix, int m) {
        switch (m) {
            case 0x10: case 0x11: movUnaligned(i, prefix, m == 0x11); return true;
            case 0x28: case 0x29: case 0x2b: case 0x6f: case 0x7f: case 0xe7: return movFull(i, prefix, m);
            case 0x12: case 0x13: case 0x16: case 0x17: return movHalf(i, prefix, m);
            case 0x6e: case 0x7e: case 0xd6: return movQuad(i, prefix, m);
            case 0x14: case 0x15:
                if (prefix > P66) return false;
                sse.loadXmm(i.reg, d);
                sse.source128(i, t);
                SimdInt.unpack(d, t, 2, prefix == P66 ? 8 : 4, m == 0x15, u);
                sse.storeXmm(i.reg, d);
                return true;
            case 0x54: case 0x55: case 0x56: case 0x57: {
                if (prefix > P66) return false;
                sse.loadXmm(i.reg, d);
                sse.source128(i, t);
                SimdInt.elementwise(m == 0x54 ? 0xdb : m == 0x55 ? 0xdf : m == 0x56 ? 0xeb : 0xef, d, t, 2);
                sse.storeXmm(i.reg, d);
                return true;
            }
            case 0xc6: {
                if (prefix > P66) return false;
                sse.loadXmm(i.reg, d);
                sse.source128(i, t);
                int imm = (int) i.imm;
                if (prefix == P66) {
                    u[0] = d[imm & 1];
                    u[1] = t[(imm >> 1) & 1];
                } else {
                    for (int k = 0; k < 4; k++) SimdInt.set(u, 4, k, SimdInt.get(k < 2 ? d : t, 4, (imm >> (2 * k)) & 3));
                }
                sse.storeXmm(i.reg, u);
                return true;
            }
            case 0x50: {
                if (prefix > P66 || i.mem) return false;
                sse.loadXmm(i.rm, t);
                long mask = 0;
                int size = prefix == P66 ? 8 : 4;
                for (int k = 0; k < 16 / size; k++) mask |= (SimdInt.get(t, size, k) >>> (size * 8 - 1)) << k;
                cpu.setReg(i.reg, i.osize == 8 ? 8 : 4, mask);
                return true;
            }
            case 0x70: {
                if (prefix == NONE) return false;
                sse.loadXmm(i.reg, d);
                sse.source128(i, t);
                d[0] = t[0];
                d[1] = t[1];
                if (prefix == P66) SimdInt.shuffle(d, t, 4, 0, 4, (int) i.imm);
                else SimdInt.shuffle(d, t, 2, prefix == PF3 ? 4 : 0, 4, (int) i.imm);
                sse.storeXmm(i.reg, d);
                return true;
            }
            case 0xd7: case 0xc4: case 0xc5: case 0xf7: return prefix == P66 && xmmIntegerMove(i, m);
            case 0xf0:
                if (prefix != PF2 || !i.mem) return false;
                sse.readMem(i, 16, d, false); // LDDQU
                sse.storeXmm(i.reg, d);
                return true;
            case 0x217: { // EXTRACTPS
                if (prefix != P66) return false;
                sse.loadXmm(i.reg, d);
                long v = SimdInt.get(d, 4, (int) i.imm & 3);
                if (i.mem) cpu.write(i.seg, sse.address(i, 1), 4, v);
                else cpu.setReg(i.rm, i.osize == 8 ? 8 : 4, v);
                return true;
            }
            case 0x221: return prefix == P66 && insertps(i);
            default: return false;
        }
    }

    private boolean xmmIntegerMove(Insn i, int m) {
        switch (m) {
            case 0xd7:
                if (i.mem) throw sse.undefined();
                sse.loadXmm(i.rm, t);
                cpu.setReg(i.reg, i.osize == 8 ? 8 : 4, SimdInt.byteMask(t, 2));
                return true;
            case 0xc4:
                sse.loadXmm(i.reg, d);
                SimdInt.set(d, 2, (int) i.imm & 7, sse.gpr(i, 2));
                sse.storeXmm(i.reg, d);
                return true;
            case 0xc5:
                if (i.mem) throw sse.undefined();
                sse.loadXmm(i.rm, t);
                cpu.setReg(i.reg, i.osize == 8 ? 8 : 4, SimdInt.get(t, 2, (int) i.imm & 7));
                return true;
            default: // 0xf7 MASKMOVDQU
                if (i.mem) throw sse.undefined();
                sse.loadXmm(i.reg, d);
                sse.loadXmm(i.rm, t);
                sse.maskedStore(i, 2, d, t);
                return true;
        }
    }

    /** INSERTPS: a dword from a register lane (imm 7:6) or memory into lane imm 5:4, then zeroing by imm 3:0. */
    private boolean insertps(Insn i) {
        int imm = (int) i.imm;
        sse.loadXmm(i.reg, d);
        long v;
        if (i.mem) {
            v = cpu.read(i.seg, sse.address(i, 1), 4);
        } else {
            sse.loadXmm(i.rm, t);
            v = SimdInt.get(t, 4, (imm >> 6) & 3);
        }
        SimdInt.set(d, 4, (imm >> 4) & 3, v);
        for (int k = 0; k < 4; k++) if ((imm & (1 << k)) != 0) SimdInt.set(d, 4, k, 0);
        sse.storeXmm(i.reg, d);
        return true;
    }

    /** MOVUPS/MOVUPD (unaligned), MOVSS/MOVSD (a scalar: loads clear the rest, register moves merge). */
    private void movUnaligned(Insn i, int prefix, boolean store) {
        int bytes = prefix == PF3 ? 4 : prefix == PF2 ? 8 : 16;
        if (!store) {
            if (i.mem) {
                sse.readMem(i, bytes, d, false);
            } else {
                sse.loadXmm(i.reg, d);
                sse.loadXmm(i.rm, t);
                merge(d, t, bytes);
            }
            sse.storeXmm(i.reg, d);
        } else {
            sse.loadXmm(i.reg, t);
            if (i.mem) {
                sse.writeMem(i, bytes, t, false);
            } else {
                sse.loadXmm(i.rm, d);
                merge(d, t, bytes);
                sse.storeXmm(i.rm, d);
            }
        }
    }

    /** The low {@code bytes} of t into d. */
    private static void merge(long[] d, long[] t, int bytes) {
        if (bytes == 4) d[0] = (d[0] & ~0xffffffffL) | (t[0] & 0xffffffffL);
        else if (bytes == 8) d[0] = t[0];
        else {
            d[0] = t[0];
            d[1] = t[1];
        }
    }

    /** MOVAPS/MOVAPD/MOVDQA (aligned), MOVDQU, MOVNTPS/MOVNTPD/MOVNTDQ (stores to aligned memory only). */
    private boolean movFull(Insn i, int prefix, int m) {
        boolean aligned;
        switch (m) {
            case 0x28: case 0x29: case 0x2b: if (prefix > P66) return false; aligned = true; break;
            case 0xe7: if (prefix != P66) return false; aligned = true; break;
            case 0x6f: case 0x7f: if (prefix != P66 && prefix != PF3) return false; aligned = prefix == P66; break;
            default: return false;
        }
        boolean store = m == 0x29 || m == 0x2b || m == 0x7f || m == 0xe7;
        if ((m == 0x2b || m == 0xe7) && !i.mem) throw sse.undefined();
        if (store) {
            sse.loadXmm(i.reg, t);
            if (i.mem) sse.writeMem(i, 16, t, aligned);
            else sse.storeXmm(i.rm, t);
        } else {
            sse.source(i, 16, aligned, t);
            sse.storeXmm(i.reg, t);
        }
        return true;
    }

    /** MOVLPS/MOVHPS/MOVLPD/MOVHPD, MOVHLPS/MOVLHPS, MOVSLDUP/MOVSHDUP/MOVDDUP. */
    private boolean movHalf(Insn i, int prefix, int m) {
        boolean low = m == 0x12 || m == 0x13;
        if (m == 0x13 || m == 0x17) { // stores
            if (prefix > P66 || !i.mem) throw sse.undefined();
            sse.loadXmm(i.reg, t);
            if (!low) t[0] = t[1];
            sse.writeMem(i, 8, t, false);
            return true;
        }
        sse.loadXmm(i.reg, d);
        if (prefix == PF3) { // MOVSLDUP (0x12) / MOVSHDUP (0x16)
            sse.source128(i, t);
            int from = low ? 0 : 1;
            for (int k = 0; k < 4; k++) SimdInt.set(d, 4, k, SimdInt.get(t, 4, (k & ~1) + from));
        } else if (prefix == PF2) {
            if (!low) return false;
            sse.source(i, 8, false, t); // MOVDDUP
            d[0] = d[1] = t[0];
        } else {
            if (i.mem) sse.readMem(i, 8, t, false);
            else if (prefix == P66) throw sse.undefined();
            else { // MOVHLPS / MOVLHPS
                sse.loadXmm(i.rm, t);
                if (low) t[0] = t[1];
            }
            if (low) d[0] = t[0];
            else d[1] = t[0];
        }
        sse.storeXmm(i.reg, d);
        return true;
    }

    /** MOVD/MOVQ between XMM and general registers or memory, MOVQ xmm/m64, MOVQ2DQ and MOVDQ2Q. */
    private boolean movQuad(Insn i, int prefix, int m) {
        if (m == 0x6e && prefix == P66) {
            d[0] = sse.gpr(i, i.osize);
            d[1] = 0;
            sse.storeXmm(i.reg, d);
        } else if (m == 0x7e && prefix == P66) {
            sse.loadXmm(i.reg, t);
            sse.storeGpr(i, i.osize, t[0]);
        } else if (m == 0x7e && prefix == PF3) { // MOVQ xmm, xmm/m64: the upper half is cleared
            sse.source(i, 8, false, t);
            d[0] = t[0];
            d[1] = 0;
            sse.storeXmm(i.reg, d);
        } else if (m == 0xd6 && prefix == P66) {
            sse.loadXmm(i.reg, t);
            if (i.mem) {
                sse.writeMem(i, 8, t, false);
            } else {
                t[1] = 0;
                sse.storeXmm(i.rm, t);
            }
        } else if (m == 0xd6 && prefix == PF3 && !i.mem) { // MOVQ2DQ
            sse.mmxOperand();
            d[0] = sse.mm(i.rm);
            d[1] = 0;
            sse.storeXmm(i.reg, d);
        } else if (m == 0xd6 && prefix == PF2 && !i.mem) { // MOVDQ2Q
            sse.mmxOperand();
            sse.loadXmm(i.rm, t);
            sse.setMm(i.reg, t[0]);
        } else {
            return false;
        }
        return true;
    }
}
