package org.plugboard.chipset.piix.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

/** The factory part every chipset function shares: type, description, accepted properties. */
public abstract class ChipsetFactory implements DeviceFactory {
    private final String type;
    private final String description;
    private final Map<String, String> properties;

    /** {@code nameAndHelp} alternates property names and their one-line help. */
    protected ChipsetFactory(String type, String description, String... nameAndHelp) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameAndHelp.length; i += 2) p.put(nameAndHelp[i], nameAndHelp[i + 1]);
        this.type = type;
        this.description = description;
        this.properties = Collections.unmodifiableMap(p);
    }

    @Override public final String type() { return type; }
    @Override public final String description() { return description; }
    @Override public final Map<String, String> properties() { return properties; }

    @Override
    public final Device create(DeviceConfig config) throws ConfigException {
        for (String name : config.properties().keySet())
            if (!properties.containsKey(name))
                throw new ConfigException("device " + config.id() + " (" + type + "): unknown property '" + name
                        + "'; accepted: " + (properties.isEmpty() ? "none" : String.join(", ", properties.keySet())));
        return createChecked(config);
    }

    protected abstract Device createChecked(DeviceConfig config) throws ConfigException;
}
