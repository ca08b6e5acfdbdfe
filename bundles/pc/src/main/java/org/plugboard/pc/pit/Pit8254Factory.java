package org.plugboard.pc.pit;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Pit8254.TYPE)
public final class Pit8254Factory extends AbstractDeviceFactory {
    public Pit8254Factory() {
        super(Pit8254.TYPE, "8254 interval timer (counter 0 on IRQ 0, counter 2 and the speaker at port 0x61)",
                "iobase", "first of the 4 I/O ports (default 0x40)",
                "irq", "ISA IRQ driven by counter 0 (default 0)",
                "speaker-iobase", "port with counter 2's gate and OUT, -1 for none (default 0x61)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        int speakerPort = (int) config.number("speaker-iobase", 0x61, -1, 0xffff);
        return new Pit8254((int) config.number("iobase", 0x40, 0, 0xfffc), (int) config.number("irq", 0, 0, 15),
                speakerPort);
    }
}
