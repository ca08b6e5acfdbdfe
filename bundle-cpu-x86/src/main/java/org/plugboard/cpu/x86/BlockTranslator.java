package org.plugboard.cpu.x86;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes the class file of one block's {@link CompiledCode}: each instruction becomes calls to
 * the methods the interpreter uses ({@link Alu}, {@link Cpu}, {@link Interpreter}) with the
 * decoded fields as constants, so that the JVM inlines and folds them per instruction. Only the
 * glue is bytecode: effective addresses, 32/64-bit register loads and stores, and RIP and the
 * retired count, which are written at the block's exits and on a fault rather than after every
 * instruction. Instructions without a translation here call {@link Interpreter#execute} with
 * their {@link Insn}, so every block compiles.
 */
final class BlockTranslator {
    private static final String PKG = "org/plugboard/cpu/x86/";
    private static final String CPU = PKG + "Cpu", ALU = PKG + "Alu", INTERP = PKG + "Interpreter", INSN = PKG + "Insn";
    private static final String RUN_DESC = "(L" + INTERP + ";L" + CPU + ";[L" + INSN + ";)V";

    // locals of run()
    private static final int IN = 1, C = 2, INSNS = 3, GPR = 4, A = 5, RIP0 = 6, RETIRED0 = 8, K = 10, EA = 11,
            T = 13, EXC = 15;

    private final Insn[] insns;
    private final long ripMask;
    private MethodVisitor mv;

    BlockTranslator(Insn[] insns, int codeSize) {
        this.insns = insns;
        this.ripMask = Flags.MASK[codeSize];
    }

    byte[] translate() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object"; // locals keep one type each; never loads classes
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER, PKG + "CompiledBlockCode", null, "java/lang/Object",
                new String[] {PKG + "CompiledCode"});
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        mv = cw.visitMethod(ACC_PUBLIC, "run", RUN_DESC, null, null);
        mv.visitCode();
        body();
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private void body() {
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "gpr", "[J");
        mv.visitVarInsn(ASTORE, GPR);
        mv.visitVarInsn(ALOAD, IN);
        mv.visitFieldInsn(GETFIELD, INTERP, "alu", "L" + ALU + ";");
        mv.visitVarInsn(ASTORE, A);
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "rip", "J");
        mv.visitVarInsn(LSTORE, RIP0);
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "retired", "J");
        mv.visitVarInsn(LSTORE, RETIRED0);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, K);
        Label start = new Label(), end = new Label(), handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, PKG + "CpuFault");
        mv.visitLabel(start);
        long offset = 0;
        boolean dynamicExit = false; // the last instruction chose the next RIP (a branch, or the interpreter)
        for (int k = 0; k < insns.length; k++) {
            Insn i = insns[k];
            long next = offset + i.len;
            boolean last = k == insns.length - 1;
            if (touchesMemory(i)) sync(k, offset);
            if (!translated(i, k, next)) {
                fallback(k, offset, next);
                if (!last) exitIfStopped(k + 1, -1);
                dynamicExit = last;
            } else if (isBranch(i.op)) {
                dynamicExit = true; // a branch ends its block (BlockBuilder)
            } else if (touchesMemory(i) && !last) {
                // a write to a code page, or a page walk setting A/D bits in one, ends the block
                exitIfStopped(k + 1, next);
            }
            offset = next;
        }
        exit(insns.length, dynamicExit ? -1 : offset);
        mv.visitLabel(end);
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, EXC);
        mv.visitVarInsn(ALOAD, C);
        mv.visitVarInsn(ALOAD, INSNS);
        mv.visitVarInsn(LLOAD, RIP0);
        mv.visitVarInsn(LLOAD, RETIRED0);
        mv.visitVarInsn(ILOAD, K);
        ldc(ripMask);
        mv.visitMethodInsn(INVOKESTATIC, PKG + "CompiledBlock", "faulted", "(L" + CPU + ";[L" + INSN + ";JJIJ)V", false);
        mv.visitVarInsn(ALOAD, EXC);
        mv.visitInsn(ATHROW);
    }

    // --- the block's exits ---

    /** Ends the block after {@code retired} instructions if one of them set {@code stopBlock}. */
    private void exitIfStopped(int retired, long nextOffset) {
        Label go = new Label();
        mv.visitVarInsn(ALOAD, IN);
        mv.visitFieldInsn(GETFIELD, INTERP, "stopBlock", "Z");
        mv.visitJumpInsn(IFEQ, go);
        exit(retired, nextOffset);
        mv.visitLabel(go);
    }

    /** RIP := the next instruction (at {@code nextOffset}, or cpu.nextRip for -1); retired += count; return. */
    private void exit(int retired, long nextOffset) {
        if (nextOffset < 0) {
            mv.visitVarInsn(ALOAD, C);
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "nextRip", "J");
            mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
            storeRetired(retired);
        } else {
            sync(retired, nextOffset);
        }
        mv.visitInsn(RETURN);
    }

    /** The interpreter executes instruction {@code k}, with RIP, nextRip and retired as it expects them. */
    private void fallback(int k, long offset, long next) {
        index(~k);
        sync(k, offset);
        setNextRip(next);
        mv.visitVarInsn(ALOAD, IN);
        mv.visitVarInsn(ALOAD, INSNS);
        push(k);
        mv.visitInsn(AALOAD);
        mv.visitMethodInsn(INVOKEVIRTUAL, INTERP, "execute", "(L" + INSN + ";)V", false);
    }

    // --- translated instructions ---

    private static boolean isBranch(int op) {
        return op == Op.JCC || op == Op.JMP || op == Op.CALL || op == Op.RET;
    }

    /** Whether a translation of the instruction would read or write guest memory. */
    private static boolean touchesMemory(Insn i) {
        switch (i.op) {
            case Op.PUSH_RM: case Op.PUSH_I: case Op.POP_RM: case Op.CALL: case Op.RET: return true;
            case Op.LEA: case Op.NOP: case Op.PAUSE: case Op.JCC: case Op.JMP: return false;
            default: return i.mem;
        }
    }

    /** Emits instruction {@code i} natively if it has a translation; false to leave it to the interpreter. */
    private boolean translated(Insn i, int k, long next) {
        int os = i.osize;
        switch (i.op) {
            case Op.ALU_RM_R: case Op.ALU_RM_I:
                index(k);
                if (i.sub == Alu.CMP) {
                    aluStart(os);
                    readRm(i, os, next);
                    aluSource(i, next);
                    aluCall(Alu.CMP);
                    mv.visitInsn(POP2);
                } else {
                    updateRm(i, next, () -> {
                        aluSource(i, next);
                        aluCall(i.sub);
                    });
                }
                return true;
            case Op.ALU_R_RM:
                index(k);
                aluStart(os);
                readReg(i.reg, os);
                readRm(i, os, next);
                aluCall(i.sub);
                if (i.sub == Alu.CMP) mv.visitInsn(POP2);
                else writeReg(i.reg, os);
                return true;
            case Op.TEST_RM_R: case Op.TEST_RM_I:
                index(k);
                aluStart(os);
                readRm(i, os, next);
                aluSource(i, next);
                aluCall(Alu.AND);
                mv.visitInsn(POP2);
                return true;
            case Op.IMUL_R_RM: case Op.IMUL_R_RM_I:
                index(k);
                aluStart(os);
                if (i.op == Op.IMUL_R_RM) {
                    readReg(i.reg, os);
                    readRm(i, os, next);
                } else {
                    readRm(i, os, next);
                    ldc(i.imm & Flags.MASK[os]);
                }
                mv.visitMethodInsn(INVOKEVIRTUAL, ALU, "imul2", "(IJJ)J", false);
                writeReg(i.reg, os);
                return true;
            case Op.INC: case Op.DEC:
                index(k);
                updateRm(i, next, () -> mv.visitMethodInsn(INVOKEVIRTUAL, ALU, i.op == Op.INC ? "inc" : "dec", "(IJ)J", false));
                return true;
            case Op.SHIFT_I:
                return shift(i, k, next);
            case Op.MOV_RM_R:
                index(k);
                readReg(i.reg, os);
                writeRm(i, os, next);
                return true;
            case Op.MOV_RM_I:
                index(k);
                ldc(i.imm & Flags.MASK[os]);
                writeRm(i, os, next);
                return true;
            case Op.MOV_R_RM:
                index(k);
                readRm(i, os, next);
                writeReg(i.reg, os);
                return true;
            case Op.MOVZX: case Op.MOVSX:
                index(k);
                readRm(i, (int) i.imm, next);
                if (i.op == Op.MOVSX) {
                    push((int) i.imm);
                    mv.visitMethodInsn(INVOKESTATIC, ALU, "signExtend", "(JI)J", false);
                    ldc(Flags.MASK[os]);
                    mv.visitInsn(LAND);
                }
                writeReg(i.reg, os);
                return true;
            case Op.LEA:
                index(k);
                ea(i, next);
                writeReg(i.reg, os);
                return true;
            case Op.PUSH_RM: case Op.PUSH_I:
                index(k);
                mv.visitVarInsn(ALOAD, C);
                if (i.op == Op.PUSH_I) ldc(i.imm & Flags.MASK[os]);
                else readRm(i, os, next);
                push(os);
                mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "push", "(JI)V", false);
                return true;
            case Op.POP_RM:
                if (i.mem) return false;
                index(k);
                mv.visitVarInsn(ALOAD, IN);
                push(i.rm);
                push(os);
                mv.visitMethodInsn(INVOKEVIRTUAL, INTERP, "popRegister", "(II)V", false);
                return true;
            case Op.NOP: case Op.PAUSE:
                return true;
            case Op.JCC: case Op.JMP: case Op.CALL: case Op.RET:
                branch(i, k, next);
                return true;
            default:
                return false;
        }
    }

    private static final String[] SHIFTS = {"rol", "ror", null, null, "shl", "shr", "shl", "sar"};

    /** Shifts and rotates by a non-zero constant; RCL/RCR and zero counts stay interpreted (rare). */
    private boolean shift(Insn i, int k, long next) {
        int count = (int) i.imm & (i.osize == 8 ? 0x3f : 0x1f);
        String name = SHIFTS[i.sub];
        if (count == 0 || name == null) return false;
        index(k);
        updateRm(i, next, () -> {
            push(count);
            mv.visitMethodInsn(INVOKEVIRTUAL, ALU, name, "(IJI)J", false);
        });
        return true;
    }

    private void branch(Insn i, int k, long next) {
        index(k);
        setNextRip(next);
        mv.visitVarInsn(ALOAD, IN);
        switch (i.op) {
            case Op.JCC:
                push(i.sub);
                ldc(i.imm);
                push(i.osize);
                mv.visitMethodInsn(INVOKEVIRTUAL, INTERP, "jcc", "(IJI)V", false);
                break;
            case Op.RET:
                push(i.osize);
                ldc(i.imm);
                mv.visitMethodInsn(INVOKEVIRTUAL, INTERP, "ret", "(IJ)V", false);
                break;
            default:
                ripAt(next);
                ldc(i.imm);
                mv.visitInsn(LADD);
                push(i.osize);
                mv.visitMethodInsn(INVOKEVIRTUAL, INTERP, i.op == Op.CALL ? "call" : "branch", "(JI)V", false);
                break;
        }
    }

    // --- ALU glue: alu.<kind>(size, a, b) ---

    private void aluStart(int size) {
        mv.visitVarInsn(ALOAD, A);
        push(size);
    }

    private void aluSource(Insn i, long next) {
        if (i.op == Op.ALU_RM_I || i.op == Op.TEST_RM_I) ldc(i.imm & Flags.MASK[i.osize]);
        else readReg(i.reg, i.osize);
    }

    private static final String[] ALU_METHODS = {"add", "or", "adc", "sbb", "and", "sub", "xor", "sub"};

    private void aluCall(int kind) {
        mv.visitMethodInsn(INVOKEVIRTUAL, ALU, ALU_METHODS[kind], "(IJJ)J", false);
    }

    /**
     * Read-modify-write of the r/m operand: alu and size pushed, then the operand; {@code op}
     * pushes the rest and calls, leaving the result, which is written back. Memory is checked
     * for writing before it is read, as the interpreter does.
     */
    private void updateRm(Insn i, long next, Runnable op) {
        int os = i.osize;
        if (!i.mem) {
            aluStart(os);
            readReg(i.rm, os);
            op.run();
            writeReg(i.rm, os);
            return;
        }
        ea(i, next);
        mv.visitVarInsn(LSTORE, EA);
        mv.visitVarInsn(ALOAD, C);
        push(i.seg);
        mv.visitVarInsn(LLOAD, EA);
        push(os);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "checkWritable", "(IJI)V", false);
        aluStart(os);
        mv.visitVarInsn(ALOAD, C);
        push(i.seg);
        mv.visitVarInsn(LLOAD, EA);
        push(os);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "read", "(IJI)J", false);
        op.run();
        mv.visitVarInsn(LSTORE, T);
        mv.visitVarInsn(ALOAD, C);
        push(i.seg);
        mv.visitVarInsn(LLOAD, EA);
        push(os);
        mv.visitVarInsn(LLOAD, T);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "write", "(IJIJ)V", false);
    }

    // --- operands ---

    /** Pushes the effective address (Interpreter.ea with the decoded parts as constants). */
    private void ea(Insn i, long next) {
        ldc(i.disp);
        if (i.base >= 0) {
            gpr(i.base);
            mv.visitInsn(LADD);
        }
        if (i.index >= 0) {
            gpr(i.index);
            if (i.scale != 0) {
                push(i.scale);
                mv.visitInsn(LSHL);
            }
            mv.visitInsn(LADD);
        }
        if (i.ripRelative) {
            ripAt(next);
            mv.visitInsn(LADD);
        }
        ldc(i.amask);
        mv.visitInsn(LAND);
    }

    private void readRm(Insn i, int size, long next) {
        if (!i.mem) {
            readReg(i.rm, size);
            return;
        }
        mv.visitVarInsn(ALOAD, C);
        push(i.seg);
        ea(i, next);
        push(size);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "read", "(IJI)J", false);
    }

    /** Writes the long on the stack to the r/m operand. */
    private void writeRm(Insn i, int size, long next) {
        if (!i.mem) {
            writeReg(i.rm, size);
            return;
        }
        mv.visitVarInsn(LSTORE, T);
        mv.visitVarInsn(ALOAD, C);
        push(i.seg);
        ea(i, next);
        push(size);
        mv.visitVarInsn(LLOAD, T);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "write", "(IJIJ)V", false);
    }

    /** Cpu.reg: 32- and 64-bit reads straight from the array, the narrow ones through the method. */
    private void readReg(int r, int size) {
        if (size == 8 || size == 4) {
            gpr(r);
            if (size == 4) {
                ldc(0xffffffffL);
                mv.visitInsn(LAND);
            }
            return;
        }
        mv.visitVarInsn(ALOAD, C);
        push(r);
        push(size);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "reg", "(II)J", false);
    }

    /** Cpu.setReg of the long on the stack: 32-bit writes zero the upper half. */
    private void writeReg(int r, int size) {
        if (size == 8 || size == 4) {
            if (size == 4) {
                ldc(0xffffffffL);
                mv.visitInsn(LAND);
            }
            mv.visitVarInsn(LSTORE, T);
            mv.visitVarInsn(ALOAD, GPR);
            push(r);
            mv.visitVarInsn(LLOAD, T);
            mv.visitInsn(LASTORE);
            return;
        }
        mv.visitVarInsn(LSTORE, T);
        mv.visitVarInsn(ALOAD, C);
        push(r);
        push(size);
        mv.visitVarInsn(LLOAD, T);
        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "setReg", "(IIJ)V", false);
    }

    private void gpr(int r) {
        mv.visitVarInsn(ALOAD, GPR);
        push(r);
        mv.visitInsn(LALOAD);
    }

    // --- RIP and bookkeeping ---

    /** Pushes the RIP of the instruction at {@code offset} in the block. */
    private void ripAt(long offset) {
        mv.visitVarInsn(LLOAD, RIP0);
        ldc(offset);
        mv.visitInsn(LADD);
        ldc(ripMask);
        mv.visitInsn(LAND);
    }

    /**
     * Stores RIP and the retired count of instruction {@code k}: before the interpreter runs it,
     * and before a translated memory access, which a device model may observe.
     */
    private void sync(int k, long offset) {
        mv.visitVarInsn(ALOAD, C);
        ripAt(offset);
        mv.visitFieldInsn(PUTFIELD, CPU, "rip", "J");
        storeRetired(k);
    }

    /** cpu.retired := the count at entry + {@code count}. */
    private void storeRetired(int count) {
        mv.visitVarInsn(ALOAD, C);
        mv.visitVarInsn(LLOAD, RETIRED0);
        ldc((long) count);
        mv.visitInsn(LADD);
        mv.visitFieldInsn(PUTFIELD, CPU, "retired", "J");
    }

    private void setNextRip(long next) {
        mv.visitVarInsn(ALOAD, C);
        ripAt(next);
        mv.visitFieldInsn(PUTFIELD, CPU, "nextRip", "J");
    }

    /** Records which instruction runs, for the fault handler. */
    private void index(int k) {
        push(k);
        mv.visitVarInsn(ISTORE, K);
    }

    private void push(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    private void ldc(long v) {
        if (v == 0) mv.visitInsn(LCONST_0);
        else if (v == 1) mv.visitInsn(LCONST_1);
        else mv.visitLdcInsn(v);
    }
}
