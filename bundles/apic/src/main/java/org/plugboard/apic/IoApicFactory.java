package org.plugboard.apic;

import org.plugboard.api.device.AbstractDeviceFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.apic.policy.PolarityPolicy;

/**
 * Device type {@code ioapic}. The factory tracks the best {@link PolarityPolicy} service
 * (dynamic, greedy: a higher-ranked policy replaces the bound one at once) and switches every live
 * IOAPIC in place when it changes, so starting or stopping a policy bundle takes effect on running
 * machines without a swap; with no policy service present the stock {@link PolarityPolicy#LOGICAL}
 * applies.
 */
@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + IoApic.TYPE)
public final class IoApicFactory extends AbstractDeviceFactory {
    private final AtomicReference<PolarityPolicy> policy = new AtomicReference<>(PolarityPolicy.LOGICAL);
    private final Set<IoApic> live = ConcurrentHashMap.newKeySet();

    /** What an IOAPIC instance asks its factory: the policy now, and to be told of changes while it lives. */
    interface PolicySource {
        PolarityPolicy current();

        void register(IoApic ioapic);

        void unregister(IoApic ioapic);
    }

    private final PolicySource source = new PolicySource() {
        @Override public PolarityPolicy current() { return policy.get(); }
        @Override public void register(IoApic ioapic) { live.add(ioapic); }
        @Override public void unregister(IoApic ioapic) { live.remove(ioapic); }
    };

    public IoApicFactory() {
        super(IoApic.TYPE, "I/O APIC with 24 pins (version 0x20, explicit EOI register), polarity per policy service",
                "base", "MMIO base (default 0xfec00000)",
                "id", "IOAPIC ID, 0..15 (default 0)",
                "version", "0x20 (EOI register) or 0x11 (default 0x20)",
                "gsi-base", "first global system interrupt: pin N follows gsi.(base+N) (default 0)",
                "isa-lines", "also follow isa.N (isa.0 on pin 2) until the chipset routes ISA IRQs to gsi lines (default on)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        long version = config.number("version", 0x20, 0x11, 0x20);
        if (version != 0x11 && version != 0x20)
            throw new ConfigException("device " + config.id() + " (ioapic): property 'version': 0x11 or 0x20");
        return new IoApic(config.number("base", 0xfec00000L, 0, 0xfffff000L), (int) config.number("id", 0, 0, 15),
                (int) version, (int) config.number("gsi-base", 0, 0, 1 << 20), config.bool("isa-lines", true), source);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindPolicy(PolarityPolicy p) {
        policy.set(p);
        announce(p);
    }

    /** A greedy rebind binds the successor first: only the policy in force falls back to the stock one. */
    public void unbindPolicy(PolarityPolicy p) {
        if (policy.compareAndSet(p, PolarityPolicy.LOGICAL)) announce(PolarityPolicy.LOGICAL);
    }

    private void announce(PolarityPolicy p) {
        for (IoApic ioapic : live) ioapic.policyChanged(p);
    }
}
