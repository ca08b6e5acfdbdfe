package org.plugboard.pc.reset;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + KeyboardController.TYPE)
public final class KeyboardControllerFactory extends AbstractDeviceFactory {
    public KeyboardControllerFactory() {
        super(KeyboardController.TYPE, "8042 keyboard controller: PS/2 keyboard, reset pulse, A20 gate",
                "data-iobase", "data port (default 0x60)",
                "command-iobase", "status/command port (default 0x64)",
                "kbd-irq", "ISA IRQ for keyboard data (default 1)",
                "aux-irq", "ISA IRQ for auxiliary (mouse) data (default 12)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        return new KeyboardController(ioBase(config, "data-iobase", 0x60), ioBase(config, "command-iobase", 0x64),
                (int) config.number("kbd-irq", 1, 0, 15), (int) config.number("aux-irq", 12, 0, 15));
    }
}
