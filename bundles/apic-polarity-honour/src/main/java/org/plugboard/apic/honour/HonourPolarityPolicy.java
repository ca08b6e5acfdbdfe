package org.plugboard.apic.honour;

import org.osgi.service.component.annotations.Component;
import org.plugboard.apic.policy.PolarityPolicy;

/**
 * The pre-2014 behaviour: the IOAPIC applies the polarity bit the guest programmed to the line's
 * level, as if the line carried the electrical level of an active-high wire. A guest that
 * programs ActiveLow for an active-high source (Mac OS X up to 10.9 does, against the ACPI hint)
 * then sees its devices' requests as deassertions and idle lines as requests: the historical
 * hang. Starting this bundle switches running IOAPICs to it; stopping it restores stock
 * behaviour.
 */
@Component(service = PolarityPolicy.class, property = "service.ranking:Integer=100")
public final class HonourPolarityPolicy implements PolarityPolicy {
    @Override
    public boolean pinAsserted(boolean lineAsserted, boolean activeLow) {
        return lineAsserted != activeLow;
    }

    @Override
    public String toString() {
        return "honour the guest's polarity bit";
    }
}
