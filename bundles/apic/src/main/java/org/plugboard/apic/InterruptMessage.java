package org.plugboard.apic;

/**
 * One interrupt message on the APIC bus: an IPI from an ICR, an IOAPIC redirection or an MSI
 * write. {@code wide} marks x2APIC-format destinations (32-bit, broadcast 0xffffffff); everything
 * else uses 8-bit xAPIC destinations (broadcast 0xff).
 */
record InterruptMessage(int destination, boolean logical, int deliveryMode, int vector, boolean levelTriggered,
                        boolean assertLevel, int shorthand, int sourceCpu, boolean wide) {
    static final int NO_SHORTHAND = 0;
    static final int SELF = 1;
    static final int ALL_INCLUDING_SELF = 2;
    static final int ALL_EXCLUDING_SELF = 3;

    /** Start of the MSI address window; bits 19:12 carry the destination. */
    static final long MSI_BASE = 0xfee00000L;
    static final long MSI_SIZE = 0x100000L;

    /** Decodes an MSI (or IOAPIC) message: address bits 19:12 destination, bit 2 logical; data vector, mode, level, trigger. */
    static InterruptMessage fromMsi(long address, int data) {
        return new InterruptMessage((int) (address >>> 12) & 0xff, (address & 0x4) != 0, data >>> 8 & 7, data & 0xff,
                (data & 0x8000) != 0, (data & 0x4000) != 0, NO_SHORTHAND, -1, false);
    }

    /** The MSI address that carries this message's destination. */
    static long msiAddress(int destination, boolean logical) {
        return MSI_BASE | (long) (destination & 0xff) << 12 | (logical ? 0x4 : 0);
    }

    /** The MSI data word for a vector, delivery mode and trigger mode (level messages are asserting). */
    static int msiData(int vector, int deliveryMode, boolean levelTriggered) {
        return vector & 0xff | (deliveryMode & 7) << 8 | (levelTriggered ? 0xc000 : 0);
    }

    int broadcastId() {
        return wide ? 0xffffffff : 0xff;
    }
}
