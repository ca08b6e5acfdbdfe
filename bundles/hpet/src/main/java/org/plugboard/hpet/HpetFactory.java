package org.plugboard.hpet;

import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

/**
 * Device type {@code hpet}. The service property {@value #STOCK} marks this factory, so a quirk
 * bundle that wraps the stock HPET (bundles/hpet-piix-patch) can find it among the {@code hpet}
 * factories, its own included.
 */
@Component(service = DeviceFactory.class,
        property = {DeviceFactory.TYPE + "=" + Hpet.TYPE, HpetFactory.STOCK + ":Boolean=true"})
public final class HpetFactory implements DeviceFactory {
    /** Service property set on the stock HPET factory. */
    public static final String STOCK = "plugboard.hpet.stock";

    /** IRQ2, IRQ8 and GSI 16-23: what a Q35-class chipset can route. A PIIX machine sets 0x4 (IRQ2 only). */
    static final long DEFAULT_INTCAP = 0x00ff0104L;

    private static final Map<String, String> PROPERTIES = Map.of(
            "base", "MMIO base (default 0xfed00000)",
            "timers", "number of comparators, 3..32 (default 3)",
            "intcap", "bitmap of the GSIs a comparator may route to (default 0xff0104: 2, 8, 16-23; PIIX: 0x4)",
            "msi", "comparators can deliver FSB (MSI) messages (default off)");

    @Override
    public String type() { return Hpet.TYPE; }

    @Override
    public String description() { return "High Precision Event Timer: 64-bit counter at 100 MHz, 3..32 comparators"; }

    @Override
    public Map<String, String> properties() { return PROPERTIES; }

    @Override
    public Device create(DeviceConfig config) throws ConfigException {
        for (String name : config.properties().keySet()) {
            if (!PROPERTIES.containsKey(name))
                throw new ConfigException("device " + config.id() + " (hpet): unknown property '" + name
                        + "'; accepted: " + String.join(", ", PROPERTIES.keySet()));
        }
        return new Hpet(config.number("base", 0xfed00000L, 0, 0xfffffc00L), (int) config.number("timers", 3, 3, 32),
                config.number("intcap", DEFAULT_INTCAP, 0, 0xffffffffL), config.bool("msi", false));
    }
}
