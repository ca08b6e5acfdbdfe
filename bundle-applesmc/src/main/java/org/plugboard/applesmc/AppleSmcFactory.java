package org.plugboard.applesmc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates AppleSMC instances: {@code -device isa-applesmc,iobase=0x300,osk=...}, with the
 * property names QEMU uses, plus {@code oskfile=PATH}.
 */
@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + AppleSmcFactory.TYPE)
public final class AppleSmcFactory implements DeviceFactory {
    public static final String TYPE = "isa-applesmc";
    static final String IOBASE = "iobase";
    static final int DEFAULT_IOBASE = 0x300;
    private static final Logger LOG = LoggerFactory.getLogger(AppleSmcFactory.class);

    private final OskSource oskSource;

    public AppleSmcFactory() {
        this(new OskSource(HostOsk.ofThisHost()));
    }

    /** For tests that stand in for the host's SMC. */
    AppleSmcFactory(OskSource oskSource) {
        this.oskSource = oskSource;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Apple System Management Controller (keys, OSK from the user or the host, writable keys, key enumeration)";
    }

    @Override
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(IOBASE, "first port of the 0x20-port window (default 0x300, where Mac OS X and Linux look)");
        p.put(OskSource.OSK, "the 64-character OSK string, or 'host' to read it from this Apple host's SMC via /dev/port");
        p.put(OskSource.OSK_FILE, "a file holding the 64-byte OSK string (instead of osk=)");
        return p;
    }

    /** The key itself: masked wherever the machine describes this device's configuration. */
    @Override
    public java.util.Set<String> secretProperties() {
        return java.util.Set.of(OskSource.OSK);
    }

    @Override
    public Device create(DeviceConfig config) throws ConfigException {
        for (String name : config.properties().keySet())
            if (!properties().containsKey(name))
                throw new ConfigException("device " + config.id() + " (" + TYPE + "): unknown property '" + name
                        + "'; it takes " + String.join(", ", properties().keySet()));
        int ioBase = (int) config.number(IOBASE, DEFAULT_IOBASE, 0, 0x10000 - SmcCodes.WINDOW_SIZE);
        Osk osk = oskSource.resolve(config);
        LOG.info("{}: AppleSMC at 0x{}, {}", config.id(), Integer.toHexString(ioBase), osk);
        return new AppleSmc(config.id(), ioBase, osk);
    }
}
