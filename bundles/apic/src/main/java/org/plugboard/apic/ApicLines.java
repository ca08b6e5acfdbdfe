package org.plugboard.apic;

/**
 * Fabric line names the APIC devices agree on. The EOI broadcast travels on one line per vector:
 * a local APIC pulses {@code apic.eoi.V} when the guest completes level-triggered vector V, and
 * IOAPICs follow the lines of all vectors from 16 up.
 */
final class ApicLines {
    private ApicLines() {
    }

    static String eoi(int vector) {
        return "apic.eoi." + vector;
    }

    static String intr(int cpu) {
        return "cpu" + cpu + ".intr";
    }

    static String nmi(int cpu) {
        return "cpu" + cpu + ".nmi";
    }
}
