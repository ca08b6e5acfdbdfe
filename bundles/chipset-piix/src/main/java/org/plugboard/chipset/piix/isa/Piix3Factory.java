package org.plugboard.chipset.piix.isa;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Piix3.TYPE)
public final class Piix3Factory extends AbstractDeviceFactory {
    public Piix3Factory() {
        super(Piix3.TYPE, "PIIX3 ISA bridge (8086:7000) at 00:01.0: PIRQA-D routing, reset control at 0xcf9");
    }

    @Override
    protected Device createChecked(DeviceConfig config) {
        return new Piix3();
    }
}
