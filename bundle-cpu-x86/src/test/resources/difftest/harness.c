/*
 * Differential-test oracle: executes one x86 instruction natively, in 64-bit mode or (through a
 * far call to the 32-bit user code segment 0x23 that Linux provides) in compatibility mode.
 *
 * stdin, one case per line:  MODE HEXBYTES SEED FLAGS R0 .. R15 [FX IMAGEHEX]   (MODE 64 or 32, numbers in hex)
 * stdout, one line per case: FLAGS R0 .. R15 BUFFERHEX [FX IMAGEHEX],  or  FAULT SIGNO
 *
 * The x87/SSE state around the instruction comes from a 512-byte FXSAVE image: FXRSTOR loads it
 * just before the instruction and FXSAVE stores it right after (in the instruction's own mode, so
 * the image has that mode's layout). Without FX the instruction starts from the FNINIT state with
 * MXCSR 0x1f80 and no image is printed. The C runtime's own state is set aside and put back.
 *
 * Fixed addresses shared with the Java side: code at 0x100000, state and data at 0x200000
 * (registers at +0, flags at +0x80, a 256-byte buffer at +0x100 filled from SEED, stack below +0x1000).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CODE 0x100000UL
#define DATA 0x200000UL
#define FLAGS_AT (DATA + 0x80)
#define SAVED_RSP (DATA + 0x88)
#define SAVED_ESP (DATA + 0x90)
#define FARPTR (DATA + 0x98)
#define BUFFER (DATA + 0x100)
#define BUFLEN 256
#define STUB32 (CODE + 0x800)
#define STACK (DATA + 0x800)
#define CASEFX (DATA + 0x2000)
#define HOSTFX (DATA + 0x2200)

static uint8_t *p;
static sigjmp_buf env;

static void emit(int b) { *p++ = (uint8_t)b; }
static void emit32(uint32_t v) { for (int i = 0; i < 4; i++) emit((v >> (8 * i)) & 0xff); }

/* 64-bit: mov reg, [abs32] (load) or mov [abs32], reg (store) */
static void mov64(int reg, uint32_t addr, int store) {
    emit(0x48 | ((reg & 8) ? 4 : 0));
    emit(store ? 0x89 : 0x8b);
    emit(((reg & 7) << 3) | 4);
    emit(0x25);
    emit32(addr);
}

/* FXSAVE (/0) or FXRSTOR (/1) with an absolute address: REX.W form in 64-bit code, plain in 32-bit code */
static void fx(int mode, int restore, uint32_t addr) {
    if (mode == 64) { emit(0x48); emit(0x0f); emit(0xae); emit(restore ? 0x0c : 0x04); emit(0x25); }
    else { emit(0x0f); emit(0xae); emit(restore ? 0x0d : 0x05); }
    emit32(addr);
}

/* 32-bit: mov reg, [abs32] or mov [abs32], reg */
static void mov32(int reg, uint32_t addr, int store) {
    emit(store ? 0x89 : 0x8b);
    emit(((reg & 7) << 3) | 5);
    emit32(addr);
}

static void build(int mode, const uint8_t *insn, int len) {
    p = (uint8_t *)CODE;
    emit(0x53); emit(0x55); emit(0x41); emit(0x54); emit(0x41); emit(0x55); emit(0x41); emit(0x56); emit(0x41); emit(0x57);
    mov64(4, SAVED_RSP, 1);
    fx(64, 0, HOSTFX);
    if (mode == 64) {
        fx(64, 1, CASEFX);
        mov64(4, DATA + 8 * 4, 0);
        emit(0xff); emit(0x34); emit(0x25); emit32(FLAGS_AT); /* push qword [flags] */
        emit(0x9d);                                           /* popfq */
        for (int r = 0; r < 16; r++) if (r != 4) mov64(r, DATA + 8 * r, 0);
        memcpy(p, insn, len); p += len;
        for (int r = 0; r < 16; r++) mov64(r, DATA + 8 * r, 1);
        emit(0x9c);                                           /* pushfq */
        emit(0x8f); emit(0x04); emit(0x25); emit32(FLAGS_AT); /* pop qword [flags] */
        fx(64, 0, CASEFX);
        emit(0xfc);                                           /* cld: the C code after us assumes DF = 0 */
    } else {
        emit(0xbc); emit32(DATA + 0xf00);                     /* mov esp, low stack */
        emit(0xff); emit(0x1c); emit(0x25); emit32(FARPTR);   /* call far [m16:32] */
    }
    mov64(4, SAVED_RSP, 0);
    fx(64, 1, HOSTFX);
    emit(0x41); emit(0x5f); emit(0x41); emit(0x5e); emit(0x41); emit(0x5d); emit(0x41); emit(0x5c); emit(0x5d); emit(0x5b);
    emit(0xc3);
    if (mode == 32) {
        p = (uint8_t *)STUB32;
        emit(0x16); emit(0x1f); emit(0x16); emit(0x07);       /* DS = ES = SS: 64-bit processes run with null DS/ES */
        emit(0x89); emit(0x25); emit32(SAVED_ESP);            /* mov [saved], esp */
        emit(0x8b); emit(0x25); emit32(DATA + 8 * 4);         /* mov esp, [regs+32] */
        emit(0xff); emit(0x35); emit32(FLAGS_AT);             /* push dword [flags] */
        emit(0x9d);                                           /* popfd */
        fx(32, 1, CASEFX);
        for (int r = 0; r < 8; r++) if (r != 4) mov32(r, DATA + 8 * r, 0);
        memcpy(p, insn, len); p += len;
        for (int r = 0; r < 8; r++) mov32(r, DATA + 8 * r, 1);
        emit(0x9c);                                           /* pushfd */
        emit(0x8f); emit(0x05); emit32(FLAGS_AT);             /* pop dword [flags] */
        fx(32, 0, CASEFX);
        emit(0xfc);                                           /* cld */
        emit(0x8b); emit(0x25); emit32(SAVED_ESP);            /* mov esp, [saved] */
        emit(0xcb);                                           /* retf */
    }
}

/* The buffer, then the 64 bytes above the initial stack pointer (what POP reads), from one LCG. */
static void fill(uint64_t seed) {
    uint8_t *b = (uint8_t *)BUFFER, *s = (uint8_t *)STACK;
    for (int i = 0; i < BUFLEN + 64; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        if (i < BUFLEN) b[i] = (uint8_t)(seed >> 56);
        else s[i - BUFLEN] = (uint8_t)(seed >> 56);
    }
}

static void on_signal(int sig) { siglongjmp(env, sig); }

int main(void) {
    if (mmap((void *)CODE, 0x10000, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED
        || mmap((void *)DATA, 0x10000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    static uint8_t altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_ONSTACK | SA_NODEFER;
    int sigs[] = {SIGFPE, SIGSEGV, SIGILL, SIGBUS, SIGTRAP};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
    *(uint32_t *)FARPTR = (uint32_t)STUB32;
    *(uint16_t *)(FARPTR + 4) = 0x23;

    char line[8192];
    uint64_t *regs = (uint64_t *)DATA;
    while (fgets(line, sizeof line, stdin)) {
        int mode;
        char hex[64];
        unsigned long long seed, flags, r[16];
        if (sscanf(line, "%d %63s %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx",
                   &mode, hex, &seed, &flags, &r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], &r[8], &r[9],
                   &r[10], &r[11], &r[12], &r[13], &r[14], &r[15]) != 20) {
            printf("BADINPUT\n");
            continue;
        }
        uint8_t insn[16];
        int len = (int)strlen(hex) / 2;
        for (int i = 0; i < len; i++) sscanf(hex + 2 * i, "%2hhx", &insn[i]);
        build(mode, insn, len);
        fill(seed);
        uint8_t *image = (uint8_t *)CASEFX;
        const char *fxhex = strstr(line, " FX ");
        memset(image, 0, 512);
        if (fxhex) {
            for (int i = 0; i < 512; i++) sscanf(fxhex + 4 + 2 * i, "%2hhx", &image[i]);
        } else {
            *(uint16_t *)image = 0x37f;           /* FCW after FNINIT */
            *(uint32_t *)(image + 24) = 0x1f80;   /* MXCSR at power-on */
        }
        for (int i = 0; i < 16; i++) regs[i] = r[i];
        *(uint64_t *)FLAGS_AT = flags;
        int sig = sigsetjmp(env, 1);
        if (sig == 0) {
            ((void (*)(void))CODE)();
        } else {
            printf("FAULT %d\n", sig);
            fflush(stdout);
            continue;
        }
        printf("%llx", (unsigned long long)*(uint64_t *)FLAGS_AT);
        for (int i = 0; i < 16; i++) printf(" %llx", (unsigned long long)regs[i]);
        putchar(' ');
        for (int i = 0; i < BUFLEN; i++) printf("%02x", ((uint8_t *)BUFFER)[i]);
        if (fxhex) {
            printf(" FX ");
            for (int i = 0; i < 512; i++) printf("%02x", image[i]);
        }
        putchar('\n');
        fflush(stdout); /* the Java side reads each batch before sending the next */
    }
    return 0;
}
