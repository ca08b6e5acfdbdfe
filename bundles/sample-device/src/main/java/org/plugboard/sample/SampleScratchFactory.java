package org.plugboard.sample;

import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

/** The factory: reads the configuration, and the build tag of the bundle it came from. */
@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + SampleScratchFactory.TYPE)
public class SampleScratchFactory implements DeviceFactory {
    public static final String TYPE = "sample-scratch";

    @Override
    public String type() { return TYPE; }

    @Override
    public String description() { return "scratch registers, an MMIO mirror and a ticking timer (an example device)"; }

    @Override
    public Map<String, String> properties() {
        return Map.of("iobase", "first of 16 I/O ports (default 0x700)",
                "mmio", "base of the 4 KiB MMIO mirror (default 0xfeb00000)",
                "irq", "ISA IRQ the tick pulses (default 5)");
    }

    @Override
    public Device create(DeviceConfig config) throws ConfigException {
        int iobase = (int) config.number("iobase", 0x700, 0, 0xfff0);
        long mmio = config.number("mmio", 0xfeb00000L, 0, 0xfffff000L);
        if ((mmio & 0xfff) != 0) throw new ConfigException("device " + config.id() + ": mmio 0x" + Long.toHexString(mmio) + " is not 4 KiB aligned");
        int irq = (int) config.number("irq", 5, 0, 15);
        return new SampleScratch(iobase, mmio, irq, buildTag());
    }

    /** The bundle's X-Build-Tag header; outside a framework (the test kit) "dev". */
    private String buildTag() {
        Bundle b = FrameworkUtil.getBundle(getClass());
        String tag = b == null ? null : b.getHeaders().get("X-Build-Tag");
        return tag == null || tag.isEmpty() ? "dev" : tag;
    }
}
