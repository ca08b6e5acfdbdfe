package org.plugboard.pc.fpu;

import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.AbstractDeviceFactory;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + FpuErrorLatch.TYPE)
public final class FpuErrorLatchFactory extends AbstractDeviceFactory {
    public FpuErrorLatchFactory() {
        super(FpuErrorLatch.TYPE, "x87 error reporting: FERR# raises IRQ 13, a write to port 0xF0 clears it and asserts IGNNE#",
                "iobase", "I/O port (default 0xf0)",
                "irq", "ISA IRQ FERR# raises (default 13)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        return new FpuErrorLatch(ioBase(config, "iobase", 0xf0), (int) config.number("irq", 13, 0, 15));
    }
}
