package org.plugboard.cpu.x86;

import org.junit.jupiter.api.Test;

/**
 * MMX/SSE against this machine's processor: random instructions from random x87/SSE states (FXSAVE
 * images), compared bit for bit including MXCSR. Scale with -Ddifftest.scale=N (default 1000).
 */
class SseDifferentialTest {
    @Test
    void simdUnitMatchesTheHostProcessor() throws Exception {
        int scale = Integer.getInteger("difftest.scale", 1000);
        SseFamilies families = new SseFamilies(Long.getLong("difftest.seed", 20261125L));
        DiffRun.check("SSE differential test", families.all(scale));
    }
}
