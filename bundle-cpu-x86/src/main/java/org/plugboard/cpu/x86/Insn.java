package org.plugboard.cpu.x86;

/**
 * One decoded instruction: what to do ({@link #op}, {@link #sub}) and its operands, resolved
 * once by the {@link Decoder} so execution never looks at instruction bytes again.
 * <p>
 * Registers are numbered 0-15 in encoding order (REX bits applied); for byte operands without
 * REX, 16-19 stand for AH, CH, DH, BH.
 */
final class Insn {
    /** The operation, an {@link Op} constant. */
    int op;
    /** A sub-operation (ALU kind, shift kind, condition code, segment number, ...). */
    int sub;
    /** Length in bytes. */
    int len;
    /** Operand size in bytes (1, 2, 4, 8). */
    int osize;
    /** Address size in bytes (2, 4, 8). */
    int asize;
    /** The ModRM reg field (or the register an opcode names). */
    int reg;
    /** The ModRM byte as encoded (the x87 keeps it in its last-opcode register). */
    int modrm;
    /** The r/m register when {@link #mem} is false. */
    int rm;
    /** True when the r/m operand is in memory. */
    boolean mem;
    /** Address parts: base and index register or -1, scale as a shift, displacement. */
    int base = -1, index = -1, scale;
    long disp;
    /** RIP-relative addressing (64-bit mode): the address adds the next instruction's RIP. */
    boolean ripRelative;
    /** The segment the memory operand uses (after overrides). */
    int seg;
    /** Immediates: the value, or a branch displacement; imm2 holds a far pointer's selector or ENTER's level. */
    long imm, imm2;
    /** 0 = none, 1 = REP/REPE (F3), 2 = REPNE (F2). */
    int rep;
    boolean lock;
    /** A segment override prefix was given (string instructions need to know). */
    boolean segOverride;

    /** Mask for the address size, set by the decoder. */
    long amask;

    @Override
    public String toString() {
        return Op.name(op) + "/" + sub + " os=" + osize + " as=" + asize + " reg=" + reg + (mem ? " mem" : " rm=" + rm)
                + " imm=" + Long.toHexString(imm) + " len=" + len;
    }
}
