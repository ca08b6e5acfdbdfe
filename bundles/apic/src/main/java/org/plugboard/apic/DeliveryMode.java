package org.plugboard.apic;

/** The delivery-mode field shared by the ICR, the LVT entries, IOAPIC redirection entries and MSI data. */
final class DeliveryMode {
    static final int FIXED = 0;
    static final int LOWEST_PRIORITY = 1;
    static final int SMI = 2;
    static final int NMI = 4;
    static final int INIT = 5;
    static final int STARTUP = 6;
    static final int EXTINT = 7;

    private DeliveryMode() {
    }
}
