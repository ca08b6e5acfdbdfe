package org.plugboard.chipset.piix.ide;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Piix3Ide.TYPE)
public final class Piix3IdeFactory extends AbstractDeviceFactory {
    public Piix3IdeFactory() {
        super(Piix3Ide.TYPE, "PIIX3 IDE (8086:7010) at 00:01.1: legacy ports 0x1f0/0x170, bus-master BAR4; no drives yet");
    }

    @Override
    protected Device createChecked(DeviceConfig config) {
        return new Piix3Ide();
    }
}
