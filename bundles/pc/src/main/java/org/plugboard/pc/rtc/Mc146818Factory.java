package org.plugboard.pc.rtc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.AbstractDeviceFactory;

@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + Mc146818.TYPE)
public final class Mc146818Factory extends AbstractDeviceFactory {
    public Mc146818Factory() {
        super(Mc146818.TYPE, "MC146818 real-time clock with 128 bytes of CMOS RAM",
                "iobase", "index port; data is the next one (default 0x70)",
                "irq", "ISA IRQ (default 8)",
                "base", "starting time: utc, localtime, or a date as 2006-06-17T16:01:21 or 2006-06-17 (default utc)",
                "below-4g-mem", "RAM below 4 GiB for the CMOS memory fields (default: as the machine maps it)");
    }

    @Override
    protected Device createChecked(DeviceConfig config) throws ConfigException {
        return new Mc146818(ioBase(config, "iobase", 0x70), (int) config.number("irq", 8, 0, 15), timeBase(config),
                config.number("below-4g-mem", -1, -1, 1L << 32));
    }

    /** The calendar second the clock shows at power-on (the RTC keeps wall-clock time, no zone). */
    private static LongSupplier timeBase(DeviceConfig config) throws ConfigException {
        String base = config.string("base", "utc").trim();
        switch (base) {
            case "utc": return () -> Instant.now().getEpochSecond();
            case "localtime": return () -> LocalDateTime.now().toEpochSecond(ZoneOffset.UTC);
            default:
                try {
                    long fixed = base.contains("T") ? LocalDateTime.parse(base).toEpochSecond(ZoneOffset.UTC)
                            : LocalDate.parse(base).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                    if (fixed < LocalDate.of(0, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC)
                            || fixed >= LocalDate.of(10000, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                        throw new ConfigException("device " + config.id() + " (" + Mc146818.TYPE + "): property 'base': "
                                + base + " is outside the years 0..9999 the clock can show");
                    return () -> fixed;
                } catch (DateTimeParseException e) {
                    throw new ConfigException("device " + config.id() + " (" + Mc146818.TYPE + "): property 'base': '"
                            + base + "' is not utc, localtime, or a date like 2006-06-17T16:01:21");
                }
        }
    }
}
