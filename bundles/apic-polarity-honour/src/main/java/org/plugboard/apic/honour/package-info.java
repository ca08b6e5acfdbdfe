/** Quirk: an IOAPIC polarity policy that honours the guest's polarity bit. */
package org.plugboard.apic.honour;
