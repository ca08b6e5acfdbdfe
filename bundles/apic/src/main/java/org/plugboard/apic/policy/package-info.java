/**
 * The IOAPIC's polarity policy, a service interface that quirk bundles implement (see
 * {@link org.plugboard.apic.policy.PolarityPolicy}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.apic.policy;
