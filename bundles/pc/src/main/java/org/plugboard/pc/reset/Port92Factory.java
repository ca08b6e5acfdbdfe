package org.plugboard.pc.reset;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Port92.TYPE)
public final class Port92Factory extends AbstractDeviceFactory {
    public Port92Factory() {
        super(Port92.TYPE, "System control port A: fast A20 gate and reset",
                "iobase", "I/O port (default 0x92)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        return new Port92(ioBase(config, "iobase", 0x92));
    }
}
