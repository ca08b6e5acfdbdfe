package org.plugboard.cpu.x86;

import org.junit.jupiter.api.Test;

/**
 * The x87 unit against this machine's processor: random x87 instructions from random x87 states
 * (FXSAVE images) in every rounding mode and precision, compared bit for bit including the status and
 * tag words (transcendentals: all but the low 16 mantissa bits and C1; Extended80Test checks their values within 1 ulp).
 * Scale with -Ddifftest.scale=N (default 1000).
 */
class X87DifferentialTest {
    @Test
    void x87UnitMatchesTheHostProcessor() throws Exception {
        int scale = Integer.getInteger("difftest.scale", 1000);
        X87Families families = new X87Families(Long.getLong("difftest.seed", 20261125L));
        DiffRun.check("x87 differential test", families.all(scale));
    }
}
