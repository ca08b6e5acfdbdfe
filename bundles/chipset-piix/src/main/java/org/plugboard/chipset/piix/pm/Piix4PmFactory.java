package org.plugboard.chipset.piix.pm;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Piix4Pm.TYPE)
public final class Piix4PmFactory extends AbstractDeviceFactory {
    public Piix4PmFactory() {
        super(Piix4Pm.TYPE, "PIIX4 power management (8086:7113) at 00:01.3: PM timer, PM1 registers, SCI on IRQ 9, SMBus",
                "smb_io_base", "SMBus host I/O base (default 0xb100, as QEMU's pc)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        int base = (int) config.number("smb_io_base", Piix4Pm.DEFAULT_SMBUS_BASE, 0, 0xffc0);
        if ((base & 0x3f) != 0)
            throw new ConfigException("device " + config.id() + " (" + Piix4Pm.TYPE + "): smb_io_base 0x"
                    + Integer.toHexString(base) + " is not 64-byte aligned");
        return new Piix4Pm(base);
    }
}
