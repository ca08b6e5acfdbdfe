package org.plugboard.cpu.x86;

import org.junit.jupiter.api.Test;

/**
 * Differential testing against this machine's processor: random single instructions from random
 * states, by family, in 64-bit and compatibility mode; registers, defined flags and a memory
 * buffer must match. Prints the coverage. Scale with -Ddifftest.scale=N (default 1000 cases per unit).
 */
class DifferentialTest {
    @Test
    void interpreterMatchesTheHostProcessor() throws Exception {
        int scale = Integer.getInteger("difftest.scale", 1000);
        InstructionFamilies families = new InstructionFamilies(Long.getLong("difftest.seed", 20261125L), NativeOracle.hostFlags());
        DiffRun.check("differential test coverage", families.all(scale));
    }
}
