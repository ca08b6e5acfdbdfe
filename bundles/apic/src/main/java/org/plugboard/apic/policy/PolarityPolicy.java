package org.plugboard.apic.policy;

/**
 * How the IOAPIC turns a fabric line's logical level into the level its pin logic sees, given
 * the polarity bit the guest programmed in the pin's redirection entry.
 * <p>
 * Fabric lines carry logical assertion, so the stock behaviour ({@link #LOGICAL}) ignores the
 * polarity bit, as KVM and QEMU do since 2014: Mac OS X programs ActiveLow against the ACPI
 * hint, and applying the bit would turn every asserted line into a deasserted one. A quirk bundle
 * can register another policy as an OSGi service; the IOAPIC uses the highest-ranked one and
 * switches live machines when policies come and go.
 */
@FunctionalInterface
public interface PolarityPolicy {
    /**
     * The level the pin logic sees.
     *
     * @param lineAsserted logical level of the line (true = the device requests an interrupt)
     * @param activeLow    the redirection entry's polarity bit (bit 13) is set
     */
    boolean pinAsserted(boolean lineAsserted, boolean activeLow);

    /** The stock policy: the line's logical level, whatever the polarity bit says. */
    PolarityPolicy LOGICAL = (lineAsserted, activeLow) -> lineAsserted;
}
