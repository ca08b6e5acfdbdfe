package org.plugboard.cpu.x86;

/** Exception vector numbers (Intel SDM vol. 3, table 6-1). */
final class Vectors {
    static final int DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
            TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18, XM = 19, VE = 20, CP = 21;

    /** True for the exceptions that push an error code. */
    static boolean hasErrorCode(int vector) {
        return vector == DF || (vector >= TS && vector <= PF) || vector == AC;
    }

    /** Contributory exceptions, for the double-fault rules (SDM vol. 3, table 6-5). */
    static boolean contributory(int vector) {
        return vector == DE || (vector >= TS && vector <= GP);
    }

    /**
     * Fault-class exceptions, reported with the return address at the faulting instruction (SDM
     * vol. 3, table 6-1); #DB is a fault or a trap by its cause and is left to the caller.
     */
    static boolean faultClass(int vector) {
        return vector == DE || vector == BR || vector == UD || vector == NM || (vector >= TS && vector <= PF)
                || vector == MF || vector == AC || vector == XM || vector == VE || vector == CP;
    }

    private Vectors() {
    }
}
