package org.plugboard.hpet.piix;

import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;

/**
 * An {@code hpet} factory ranked above the stock one: it wraps each stock HPET with the RCBA
 * bridge stand-in. Starting this bundle swaps running HPETs to the patched device (state carried)
 * and the guest finds the HPET the ICH way after its next reset; stopping it swaps back.
 */
@Component(service = DeviceFactory.class, property = {DeviceFactory.TYPE + "=hpet", "service.ranking:Integer=100"})
public final class PiixHpetPatchFactory implements DeviceFactory {
    private final DeviceFactory stock;

    @Activate
    public PiixHpetPatchFactory(@Reference(target = "(plugboard.hpet.stock=true)") DeviceFactory stock) {
        this.stock = stock;
    }

    @Override
    public String type() { return stock.type(); }

    @Override
    public String description() {
        return stock.description() + ", plus an ICH-style RCBA/HPTC at 00:1f.0 for the Mac OS X HPET lookup";
    }

    @Override
    public Map<String, String> properties() { return stock.properties(); }

    @Override
    public Device create(DeviceConfig config) throws ConfigException {
        return new HpetWithRcba(stock.create(config));
    }
}
