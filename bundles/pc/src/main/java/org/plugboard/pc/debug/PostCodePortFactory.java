package org.plugboard.pc.debug;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + PostCodePort.TYPE)
public final class PostCodePortFactory extends AbstractDeviceFactory {
    public PostCodePortFactory() {
        super(PostCodePort.TYPE, "POST code port: the last byte written is shown by the shell",
                "iobase", "I/O port (default 0x80)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        return new PostCodePort(ioBase(config, "iobase", 0x80));
    }
}
