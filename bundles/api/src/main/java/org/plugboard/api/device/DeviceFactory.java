package org.plugboard.api.device;

import java.util.Map;

/**
 * Creates device instances of one type. Register it as an OSGi service with the property
 * {@value #TYPE}; competing factories for a type are ordered by {@code service.ranking}.
 */
public interface DeviceFactory {
    /** The service property that names the device type, e.g. {@code isa-serial}, {@code e1000}. */
    String TYPE = "plugboard.device.type";

    /** The device type, equal to the {@value #TYPE} service property. */
    String type();

    /** A one-line description, shown by {@code vm:factories} and {@code --help}. */
    String description();

    /** The properties this type accepts, name to one-line help; anything else is refused. */
    Map<String, String> properties();

    /**
     * Properties whose values must never be shown or logged (keys a user supplies): the machine
     * masks them in every description of the configuration.
     */
    default java.util.Set<String> secretProperties() {
        return java.util.Set.of();
    }

    /** Creates an unrealized instance. */
    Device create(DeviceConfig config) throws ConfigException;
}
