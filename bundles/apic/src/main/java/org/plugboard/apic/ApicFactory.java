package org.plugboard.apic;

import org.plugboard.api.device.AbstractDeviceFactory;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

/** Device type {@code apic}: the local APICs of all vCPUs. */
@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + LocalApicDevice.TYPE)
public final class ApicFactory extends AbstractDeviceFactory {
    /** Version 0x14 with six LVT entries: Mac OS X panics below 0x14. */
    static final long DEFAULT_VERSION = 0x00050014L;

    public ApicFactory() {
        super(LocalApicDevice.TYPE, "Local APIC of every vCPU (xAPIC at 0xfee00000, x2APIC MSRs, MSI window)",
                "version", "version register; 0x10..0xff means that version with 6 LVT entries (default 0x00050014)",
                "lint0", "fabric line wired to LINT0, the 8259's INT output (default lint0)",
                "lint1", "fabric line wired to LINT1, the NMI input (default lint1)",
                "tsc-per-ns", "TSC ticks per virtual nanosecond, for TSC-deadline mode when the vCPU hands over no counter of its own (default 2)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        long version = config.number("version", DEFAULT_VERSION, 0x10, 0xffffffffL);
        if (version <= 0xff) version |= 5 << 16;
        return new LocalApicDevice((int) version, config.string("lint0", "lint0"), config.string("lint1", "lint1"),
                config.number("tsc-per-ns", 2, 1, 1000));
    }
}
