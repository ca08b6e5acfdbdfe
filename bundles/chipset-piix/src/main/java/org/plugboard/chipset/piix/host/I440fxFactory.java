package org.plugboard.chipset.piix.host;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + I440fx.TYPE)
public final class I440fxFactory extends AbstractDeviceFactory {
    public I440fxFactory() {
        super(I440fx.TYPE, "i440FX host bridge (8086:1237): PCI bus 0, config ports 0xcf8/0xcfc, PAM and SMRAM");
    }

    @Override
    protected Device createChecked(DeviceConfig config) {
        return new I440fx();
    }
}
