package org.plugboard.apic;

/** What one local APIC needs from the others and from the machine: the APIC bus and the CPU pins. */
interface ApicBus {
    /** Routes a message (IPI) to the local APICs it addresses. */
    void send(InterruptMessage message);

    /** Tells the IOAPICs that a level-triggered {@code vector} was completed. */
    void broadcastEoi(int vector);

    void init(int cpu);

    void startup(int cpu, int vector);

    /** The INTA cycle forwarded to the 8259 behind LINT0 (ExtINT), returning its vector. */
    int acknowledgeExtInt();

    /** A CPU moved, enabled or disabled its register page (IA32_APIC_BASE or x2APIC mode changed). */
    void registerPagesChanged();
}
