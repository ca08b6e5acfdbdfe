package org.plugboard.cpu.x86;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/** Operation numbers of decoded instructions; the interpreter switches on them. */
final class Op {
    static final int
        UD = 0,                  // undefined opcode: #UD
        ALU_RM_R = 1,            // sub = ADD OR ADC SBB AND SUB XOR CMP; E op= G
        ALU_R_RM = 2,            // G op= E
        ALU_RM_I = 3,            // E op= imm
        TEST_RM_R = 4, TEST_RM_I = 5,
        INC = 6, DEC = 7, NOT = 8, NEG = 9,
        MULDIV = 10,             // sub = 4 MUL, 5 IMUL, 6 DIV, 7 IDIV (F6/F7 /4-/7)
        IMUL_R_RM = 11, IMUL_R_RM_I = 12,
        SHIFT_I = 13, SHIFT_CL = 14,   // sub = ROL ROR RCL RCR SHL SHR SAL SAR
        SHLD_I = 15, SHLD_CL = 16, SHRD_I = 17, SHRD_CL = 18,
        MOV_RM_R = 19, MOV_R_RM = 20, MOV_RM_I = 21, MOV_RM_SEG = 22, MOV_SEG_RM = 23, LEA = 24,
        MOVZX = 25, MOVSX = 26,  // imm = source size
        XCHG = 27, XADD = 28, CMPXCHG = 29, CMPXCHG8B = 30,
        PUSH_RM = 31, PUSH_I = 32, PUSH_SEG = 33, POP_RM = 34, POP_SEG = 35,
        PUSHA = 36, POPA = 37, PUSHF = 38, POPF = 39, ENTER = 40, LEAVE = 41,
        CBW = 42, CWD = 43,
        JCC = 44, JMP = 45, CALL = 46, JMP_RM = 47, CALL_RM = 48, RET = 49,
        JMP_FAR = 50, CALL_FAR = 51, JMP_FAR_M = 52, CALL_FAR_M = 53, RETF = 54, IRET = 55,
        LOOP = 56, JCXZ = 57,
        INT = 58, INT3 = 59, INTO = 60, INT1 = 61,
        SETCC = 62, CMOVCC = 63,
        BT_RM_R = 64, BT_RM_I = 65, BSF = 66, BSR = 67, TZCNT = 68, LZCNT = 69, POPCNT = 70, BSWAP = 71,
        MOVS = 72, CMPS = 73, STOS = 74, LODS = 75, SCAS = 76, INS = 77, OUTS = 78,
        IN_I = 79, IN_DX = 80, OUT_I = 81, OUT_DX = 82,
        CLC = 83, STC = 84, CMC = 85, CLI = 86, STI = 87, CLD = 88, STD = 89, SAHF = 90, LAHF = 91, SALC = 92,
        DAA = 93, DAS = 94, AAA = 95, AAS = 96, AAM = 97, AAD = 98,
        XLAT = 99, NOP = 100, HLT = 101, CPUID = 102, RDTSC = 103, RDTSCP = 104, RDMSR = 105, WRMSR = 106,
        LGDT = 107, LIDT = 108, SGDT = 109, SIDT = 110, LLDT = 111, LTR = 112, SLDT = 113, STR = 114,
        LMSW = 115, SMSW = 116, INVLPG = 117, CLTS = 118,
        MOV_R_CR = 119, MOV_CR_R = 120, MOV_R_DR = 121, MOV_DR_R = 122,
        LAR = 123, LSL = 124, VERR = 125, VERW = 126, ARPL = 127,
        SYSCALL = 128, SYSRET = 129, SYSENTER = 130, SYSEXIT = 131, SWAPGS = 132,
        PRIV_NOP = 133,          // INVD, WBINVD: CPL 0 only, nothing to do without caches
        LOAD_FAR_PTR = 134,      // LDS LES LSS LFS LGS; sub = segment
        BOUND = 135, MOVSXD = 136,
        FPU = 137,               // x87 escape: #NM per CR0.EM/TS, otherwise #UD (no FPU yet)
        FWAIT = 138,
        SSE = 139,               // MMX/SSE opcode: #UD (CPUID advertises none)
        MONITOR = 140, MWAIT = 141, RDPMC = 142, PAUSE = 143, INVALID64 = 144;
    static final int STAC_CLAC = 145; // sub 1 = STAC (set EFLAGS.AC), 0 = CLAC

    static final int COUNT = 146;

    private static final String[] NAMES = new String[COUNT];

    static {
        for (Field f : Op.class.getDeclaredFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers()) && !f.getName().equals("COUNT")) {
                try {
                    NAMES[f.getInt(null)] = f.getName();
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    static String name(int op) {
        return op >= 0 && op < COUNT && NAMES[op] != null ? NAMES[op] : "op" + op;
    }

    private Op() {
    }
}
