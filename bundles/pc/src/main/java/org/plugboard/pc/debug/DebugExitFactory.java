package org.plugboard.pc.debug;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + DebugExit.TYPE)
public final class DebugExitFactory extends AbstractDeviceFactory {
    public DebugExitFactory() {
        super(DebugExit.TYPE, "Debug exit port: a write of v powers off with exit status (v << 1) | 1",
                "iobase", "first I/O port (default 0x501)",
                "iosize", "number of ports, 1..4 (default 2)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        int base = ioBase(config, "iobase", 0x501);
        int size = (int) config.number("iosize", 2, 1, 4);
        if (base + size > 0x10000) throw new ConfigException("device " + config.id() + " (" + DebugExit.TYPE
                + "): ports 0x" + Integer.toHexString(base) + " + " + size + " run past 0xffff");
        return new DebugExit(base, size);
    }
}
