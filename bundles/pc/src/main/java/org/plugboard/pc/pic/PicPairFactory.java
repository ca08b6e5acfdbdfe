package org.plugboard.pc.pic;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + PicPair.TYPE)
public final class PicPairFactory extends AbstractDeviceFactory {
    public PicPairFactory() {
        super(PicPair.TYPE, "Cascaded 8259A interrupt controller pair with ELCR (PC/AT)",
                "master-iobase", "master's I/O ports (default 0x20)",
                "slave-iobase", "slave's I/O ports (default 0xa0)",
                "elcr-iobase", "edge/level control registers, -1 for none (default 0x4d0)",
                "output", "IRQ line driven with the master's INT output (default cpu0.intr)",
                "cpu", "vCPU that acknowledges through this PIC, -1 when an APIC does (default 0)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        int elcrBase = (int) config.number("elcr-iobase", 0x4d0, -1, 0xfffe);
        return new PicPair(ioBase(config, "master-iobase", 0x20), ioBase(config, "slave-iobase", 0xa0), elcrBase,
                config.string("output", "cpu0.intr"), (int) config.number("cpu", 0, -1, 255));
    }
}
