package org.plugboard.cpu.x86;

import org.plugboard.api.bus.MemorySpace;

/**
 * Decodes the block starting at a linear address: instructions up to a control transfer or a
 * state change that must be seen before the next instruction, never past the end of the page
 * (so a block depends on one physical page only). An instruction that straddles two pages gets a
 * one-instruction block of its own that is not cached.
 */
final class BlockBuilder {
    private static final int MAX_INSNS = 64;
    private static final boolean[] ENDS_BLOCK = new boolean[Op.COUNT];

    static {
        int[] ends = {Op.JCC, Op.JMP, Op.CALL, Op.JMP_RM, Op.CALL_RM, Op.RET, Op.JMP_FAR, Op.CALL_FAR, Op.JMP_FAR_M,
            Op.CALL_FAR_M, Op.RETF, Op.IRET, Op.LOOP, Op.JCXZ, Op.INT, Op.INT3, Op.INTO, Op.INT1, Op.HLT, Op.UD,
            Op.INVALID64, Op.MOV_SEG_RM, Op.POP_SEG, Op.LOAD_FAR_PTR, Op.POPF, Op.STI, Op.MOV_CR_R, Op.LMSW,
            Op.CLTS, Op.INVLPG, Op.WRMSR, Op.SYSCALL, Op.SYSRET, Op.SYSENTER, Op.SYSEXIT, Op.IN_I, Op.IN_DX,
            Op.OUT_I, Op.OUT_DX, Op.INS, Op.OUTS, Op.MWAIT, Op.FPU, Op.LGDT, Op.LIDT, Op.LLDT, Op.LTR};
        for (int op : ends) ENDS_BLOCK[op] = true;
    }

    /** Thrown by the byte source when the next instruction would leave the block's page. */
    private static final class PageEnd extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PageEnd() {
            super(null, null, false, false);
        }
    }

    private static final PageEnd PAGE_END = new PageEnd();

    private final Mmu mmu;
    private final CodeCache cache;
    private final Decoder decoder = new Decoder();
    private final BlockCompiler compiler;
    private MemorySpace memory;
    private long pageEnd;
    private boolean mayCross;

    private final Decoder.ByteSource source;

    BlockBuilder(Mmu mmu, CodeCache cache, int compileThreshold) {
        this.mmu = mmu;
        this.cache = cache;
        this.compiler = new BlockCompiler(cache, compileThreshold);
        this.source = lin -> {
            if (lin >= pageEnd && !mayCross) throw PAGE_END;
            return mmu.fetch(lin);
        };
    }

    void bind(MemorySpace memory) {
        this.memory = memory;
    }

    /** The block at {@code linear}: from the cache, or decoded now. Raises #PF on fetch. */
    Block blockAt(long linear, int codeSize, long linearMask) {
        long physical = mmu.translateCode(linear);
        Block b = cache.lookup(physical, codeSize);
        if (b != null) return b;
        pageEnd = (linear | 0xfff) + 1;
        java.util.ArrayList<Insn> insns = new java.util.ArrayList<>(16);
        long at = linear;
        boolean cacheable = memory.page(physical >>> 12).ram != null;
        while (insns.size() < MAX_INSNS) {
            Insn in = new Insn();
            mayCross = insns.isEmpty();
            try {
                decoder.decode(source, at, codeSize, in);
            } catch (PageEnd end) {
                break;
            }
            insns.add(in);
            long next = at + in.len;
            if (next > pageEnd) { // the first instruction straddles two pages
                cacheable = false;
                break;
            }
            at = next & linearMask;
            if (ENDS_BLOCK[in.op] || next == pageEnd) break;
        }
        b = new InterpretedBlock(physical, linear, codeSize, insns.toArray(new Insn[0]), compiler);
        if (cacheable) cache.add(b);
        else b.valid = false; // executed once, never found again
        return b;
    }
}
