package org.plugboard.pc.serial;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Uart16550.TYPE)
public final class Uart16550Factory extends AbstractDeviceFactory {
    public Uart16550Factory() {
        super(Uart16550.TYPE, "16550A UART on the ISA bus (COM port)",
                "iobase", "first of the 8 I/O ports (default 0x3f8)",
                "irq", "ISA IRQ 0..15 (default 4)",
                "chardev", "character backend it is wired to (default serial0; absent = output dropped)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        int base = ioBase(config, "iobase", 0x3f8);
        if (base > 0xfff8) throw new ConfigException("device " + config.id() + " (" + Uart16550.TYPE
                + "): property 'iobase': 0x" + Integer.toHexString(base) + " leaves no room for 8 ports");
        return new Uart16550(base, (int) config.number("irq", 4, 0, 15), config.string("chardev", "serial0"));
    }
}
