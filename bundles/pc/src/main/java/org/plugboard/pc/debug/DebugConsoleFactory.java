package org.plugboard.pc.debug;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + DebugConsole.TYPE)
public final class DebugConsoleFactory extends AbstractDeviceFactory {
    public DebugConsoleFactory() {
        super(DebugConsole.TYPE, "Debug console port (Bochs/QEMU port 0xe9 hack)",
                "iobase", "I/O port (default 0xe9)",
                "chardev", "character backend for the output (default debugcon)",
                "readback", "value a read returns (default 0xe9)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        return new DebugConsole(ioBase(config, "iobase", 0xe9), config.string("chardev", "debugcon"),
                (int) config.number("readback", 0xe9, 0, 0xff));
    }
}
