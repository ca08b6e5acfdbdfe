package org.plugboard.apic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

/** What this bundle's factories share: type, description, accepted properties, refusal of unknown ones. */
abstract class ApicDeviceFactory implements DeviceFactory {
    private final String type;
    private final String description;
    private final Map<String, String> properties;

    /** {@code nameAndHelp} alternates property names and their one-line help. */
    ApicDeviceFactory(String type, String description, String... nameAndHelp) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < nameAndHelp.length; i += 2) p.put(nameAndHelp[i], nameAndHelp[i + 1]);
        this.type = type;
        this.description = description;
        this.properties = Collections.unmodifiableMap(p);
    }

    @Override
    public final String type() { return type; }

    @Override
    public final String description() { return description; }

    @Override
    public final Map<String, String> properties() { return properties; }

    @Override
    public final Device create(DeviceConfig config) throws ConfigException {
        for (String name : config.properties().keySet()) {
            if (!properties.containsKey(name))
                throw new ConfigException("device " + config.id() + " (" + type + "): unknown property '" + name
                        + "'; accepted: " + String.join(", ", properties.keySet()));
        }
        return createChecked(config);
    }

    /** Creates the instance once every property name is known to be accepted. */
    abstract Device createChecked(DeviceConfig config) throws ConfigException;
}
