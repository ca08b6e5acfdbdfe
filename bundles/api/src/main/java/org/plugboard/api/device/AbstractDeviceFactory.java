package org.plugboard.api.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part most factories share: a type, a description, the accepted properties with their
 * help, and the refusal of any property not in that list (a typo must not silently fall back
 * to a default). A factory extends it and implements {@link #createChecked}.
 */
public abstract class AbstractDeviceFactory implements DeviceFactory {
    private final String type;
    private final String description;
    private final Map<String, String> properties;

    /** {@code nameAndHelp} alternates property names and their one-line help. */
    protected AbstractDeviceFactory(String type, String description, String... nameAndHelp) {
        if (nameAndHelp.length % 2 != 0) throw new IllegalArgumentException("property names and help must pair up");
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
                        + "'; accepted: " + (properties.isEmpty() ? "none" : String.join(", ", properties.keySet())));
        }
        return createChecked(config);
    }

    /** Creates the instance once every property name is known to be accepted. */
    protected abstract Device createChecked(DeviceConfig config) throws ConfigException;

    /** Reads an I/O base property: a port number in 0..0xffff. */
    protected static int ioBase(DeviceConfig config, String name, int dflt) throws ConfigException {
        return (int) config.number(name, dflt, 0, 0xffff);
    }
}
