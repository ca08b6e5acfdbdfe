/* This machine's x87 as the reference for Extended80. Reads lines "op fcw asexp amant bsexp bmant mem"
 * (hex); loads ST1 = b, ST0 = a, puts mem in a 64-bit memory operand, runs op with FCW = fcw and
 * prints "sexp mant fsw mem": ST0 after the op (stored with FSTP m80), the status word and the memory
 * operand. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef struct __attribute__((packed)) { uint64_t m; uint16_t s; } ext_t;

#define OP(name, insn) static void name(uint16_t cw, ext_t *a, ext_t *b, ext_t *r, uint16_t *sw, uint64_t *mem) { \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfninit" \
                     : [r] "=m"(*r), [sw] "=m"(*sw), [mem] "+m"(*mem) : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw) : "memory", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"); }

OP(fadd, "fadd %%st(1), %%st") OP(fsub, "fsub %%st(1), %%st") OP(fmul, "fmul %%st(1), %%st")
OP(fdiv, "fdiv %%st(1), %%st") OP(fsqrt, "fsqrt") OP(frndint, "frndint")
OP(fcom, "fcom %%st(1)") OP(fucom, "fucom %%st(1)")
OP(fst32, "fsts %[mem]") OP(fst64, "fstl %[mem]") OP(fld32, "flds %[mem]") OP(fld64, "fldl %[mem]")
OP(fild64, "fildll %[mem]") OP(fist16, "fists %[mem]") OP(fist32, "fistl %[mem]") OP(fist64, "fistpll %[mem]\n\tfld %%st(0)")
OP(fsin, "fsin") OP(fcos, "fcos") OP(fptan, "fptan\n\tfstp %%st(0)") OP(fpatan, "fpatan") OP(f2xm1, "f2xm1")
OP(fyl2x, "fyl2x") OP(fyl2xp1, "fyl2xp1")
OP(fisttp16, "fisttps %[mem]\n\tfld %%st(0)") OP(fisttp32, "fisttpl %[mem]\n\tfld %%st(0)") OP(fisttp64, "fisttpll %[mem]\n\tfld %%st(0)")

#define E(n) { #n, n }
static const struct { const char *name; void (*fn)(uint16_t, ext_t *, ext_t *, ext_t *, uint16_t *, uint64_t *); } ops[] = {
    E(fadd), E(fsub), E(fmul), E(fdiv), E(fsqrt), E(frndint), E(fcom), E(fucom), E(fst32), E(fst64), E(fld32), E(fld64),
    E(fsin), E(fcos), E(fptan), E(fpatan), E(f2xm1), E(fyl2x), E(fyl2xp1),
    E(fild64), E(fist16), E(fist32), E(fist64), E(fisttp16), E(fisttp32), E(fisttp64),
};

int main(void) {
    char op[32];
    unsigned cw, as, bs;
    unsigned long long am, bm, mem;
    while (scanf("%31s %x %x %llx %x %llx %llx", op, &cw, &as, &am, &bs, &bm, &mem) == 7) {
        size_t i;
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) if (!strcmp(ops[i].name, op)) break;
        if (i == sizeof ops / sizeof ops[0]) { fprintf(stderr, "unknown op %s\n", op); return 2; }
        ext_t a = { am, as }, b = { bm, bs }, r;
        uint16_t sw;
        uint64_t m = mem;
        ops[i].fn(cw, &a, &b, &r, &sw, &m);
        printf("%x %llx %x %llx\n", r.s, (unsigned long long) r.m, sw, (unsigned long long) m);
    }
    return 0;
}
