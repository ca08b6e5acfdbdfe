package org.plugboard.apic;

/** 256 interrupt vectors as a bit set: the IRR, ISR and TMR of a local APIC. */
final class VectorSet {
    private final long[] bits = new long[4];

    void set(int vector) {
        bits[vector >>> 6] |= 1L << vector;
    }

    void clear(int vector) {
        bits[vector >>> 6] &= ~(1L << vector);
    }

    boolean contains(int vector) {
        return (bits[vector >>> 6] & 1L << vector) != 0;
    }

    /** The highest vector in the set, or -1 when it is empty. */
    int highest() {
        for (int i = 3; i >= 0; i--)
            if (bits[i] != 0) return i * 64 + 63 - Long.numberOfLeadingZeros(bits[i]);
        return -1;
    }

    void clearAll() {
        java.util.Arrays.fill(bits, 0);
    }

    /** The 32-bit register {@code index} (0..7) of the eight that show the set to the guest. */
    int word(int index) {
        return (int) (bits[index >>> 1] >>> (32 * (index & 1)));
    }

    long[] toLongs() {
        return bits.clone();
    }

    void load(long[] saved) {
        System.arraycopy(saved, 0, bits, 0, 4);
    }
}
