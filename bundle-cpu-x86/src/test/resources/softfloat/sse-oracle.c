/* This machine's SSE unit as the reference for the soft-float core. Reads lines "op mxcsr a b"
 * (hex), runs op once with MXCSR = mxcsr (all exceptions masked by the caller), prints
 * "result mxcsr&0x3f" in hex. a and b arrive in xmm0/xmm1 and rax/rcx. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef struct { uint64_t r; uint32_t flags; } out_t;

#define XR(name, insn) static out_t name(uint32_t mx, uint64_t a, uint64_t b) { out_t o; uint32_t af; \
    __asm__ volatile("movq %[a], %%xmm0\n\tmovq %[b], %%xmm1\n\tmovq %[a], %%rax\n\tmovq %[b], %%rcx\n\t" \
                     "ldmxcsr %[mx]\n\t" insn "\n\tstmxcsr %[af]\n\tmovq %%xmm0, %[r]" \
                     : [r] "=r"(o.r), [af] "=m"(af) : [a] "r"(a), [b] "r"(b), [mx] "m"(mx) \
                     : "rax", "rcx", "xmm0", "xmm1", "cc", "memory"); o.flags = af; return o; }
#define GR(name, insn) static out_t name(uint32_t mx, uint64_t a, uint64_t b) { out_t o; uint32_t af; \
    __asm__ volatile("movq %[a], %%xmm0\n\tmovq %[b], %%xmm1\n\tmovq %[a], %%rax\n\tmovq %[b], %%rcx\n\t" \
                     "ldmxcsr %[mx]\n\t" insn "\n\tstmxcsr %[af]\n\tmovq %%rax, %[r]" \
                     : [r] "=r"(o.r), [af] "=m"(af) : [a] "r"(a), [b] "r"(b), [mx] "m"(mx) \
                     : "rax", "rcx", "xmm0", "xmm1", "cc", "memory"); o.flags = af; return o; }

XR(add32, "addss %%xmm1, %%xmm0") XR(sub32, "subss %%xmm1, %%xmm0") XR(mul32, "mulss %%xmm1, %%xmm0")
XR(div32, "divss %%xmm1, %%xmm0") XR(sqrt32, "sqrtss %%xmm0, %%xmm0")
XR(add64, "addsd %%xmm1, %%xmm0") XR(sub64, "subsd %%xmm1, %%xmm0") XR(mul64, "mulsd %%xmm1, %%xmm0")
XR(div64, "divsd %%xmm1, %%xmm0") XR(sqrt64, "sqrtsd %%xmm0, %%xmm0")
XR(f64to32, "cvtsd2ss %%xmm0, %%xmm0") XR(f32to64, "cvtss2sd %%xmm0, %%xmm0")
XR(i32to32, "cvtsi2ssl %%eax, %%xmm0") XR(i32to64, "cvtsi2sdl %%eax, %%xmm0")
XR(i64to32, "cvtsi2ssq %%rax, %%xmm0") XR(i64to64, "cvtsi2sdq %%rax, %%xmm0")
GR(f32toI32t, "cvttss2si %%xmm0, %%eax") GR(f32toI32r, "cvtss2si %%xmm0, %%eax")
GR(f32toI64t, "cvttss2si %%xmm0, %%rax") GR(f32toI64r, "cvtss2si %%xmm0, %%rax")
GR(f64toI32t, "cvttsd2si %%xmm0, %%eax") GR(f64toI32r, "cvtsd2si %%xmm0, %%eax")
GR(f64toI64t, "cvttsd2si %%xmm0, %%rax") GR(f64toI64r, "cvtsd2si %%xmm0, %%rax")
#define ROUNDS(imm) XR(round32_##imm, "roundss $" #imm ", %%xmm0, %%xmm0") XR(round64_##imm, "roundsd $" #imm ", %%xmm0, %%xmm0")
ROUNDS(0) ROUNDS(1) ROUNDS(2) ROUNDS(3) ROUNDS(4) ROUNDS(8) ROUNDS(9) ROUNDS(10) ROUNDS(11) ROUNDS(12)
GR(ucom32, "ucomiss %%xmm1, %%xmm0\n\tpushfq\n\tpopq %%rax") GR(com32, "comiss %%xmm1, %%xmm0\n\tpushfq\n\tpopq %%rax")
GR(ucom64, "ucomisd %%xmm1, %%xmm0\n\tpushfq\n\tpopq %%rax") GR(com64, "comisd %%xmm1, %%xmm0\n\tpushfq\n\tpopq %%rax")

#define E(n) { #n, n }
static const struct { const char *name; out_t (*fn)(uint32_t, uint64_t, uint64_t); } ops[] = {
    E(add32), E(sub32), E(mul32), E(div32), E(sqrt32), E(add64), E(sub64), E(mul64), E(div64), E(sqrt64),
    E(f64to32), E(f32to64), E(i32to32), E(i32to64), E(i64to32), E(i64to64),
    E(f32toI32t), E(f32toI32r), E(f32toI64t), E(f32toI64r), E(f64toI32t), E(f64toI32r), E(f64toI64t), E(f64toI64r),
    E(round32_0), E(round32_1), E(round32_2), E(round32_3), E(round32_4), E(round32_8), E(round32_9), E(round32_10),
    E(round32_11), E(round32_12), E(round64_0), E(round64_1), E(round64_2), E(round64_3), E(round64_4), E(round64_8),
    E(round64_9), E(round64_10), E(round64_11), E(round64_12), E(ucom32), E(com32), E(ucom64), E(com64),
};

int main(void) {
    char op[32];
    unsigned mx;
    unsigned long long a, b;
    while (scanf("%31s %x %llx %llx", op, &mx, &a, &b) == 4) {
        size_t i;
        for (i = 0; i < sizeof ops / sizeof ops[0]; i++) if (!strcmp(ops[i].name, op)) break;
        if (i == sizeof ops / sizeof ops[0]) { fprintf(stderr, "unknown op %s\n", op); return 2; }
        out_t o = ops[i].fn(mx, a, b);
        uint64_t r = o.r;
        if (!strncmp(op, "ucom", 4) || !strncmp(op, "com", 3)) {
            r = (r & 4) ? 3 : (r & 0x40) ? 1 : (r & 1) ? 0 : 2;
        } else if (strstr(op, "32") && strncmp(op, "f32toI64", 8) != 0 && strncmp(op, "i32to64", 7) != 0
                   && strncmp(op, "f32to64", 7) != 0) {
            r &= 0xffffffffu;
        }
        printf("%llx %x\n", (unsigned long long) r, o.flags & 0x3f);
    }
    return 0;
}
