package org.plugboard.machine;

import org.plugboard.api.device.DeviceFactory;

/** A device factory service with what ranks it and where it comes from. */
public record FactoryHandle(DeviceFactory factory, long serviceId, int ranking, String bundle) {
    /** A factory outside any framework (tests, the test kit). */
    public static FactoryHandle of(DeviceFactory factory) {
        return new FactoryHandle(factory, -1, 0, factory.getClass().getName());
    }

    public String type() {
        return factory.type();
    }

    /** Higher ranking first, then the older service (lower id), as OSGi orders services. */
    public boolean betterThan(FactoryHandle o) {
        return o == null || ranking > o.ranking || (ranking == o.ranking && serviceId < o.serviceId);
    }
}
