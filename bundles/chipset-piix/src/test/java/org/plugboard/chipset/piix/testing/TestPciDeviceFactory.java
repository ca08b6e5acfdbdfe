package org.plugboard.chipset.piix.testing;

import java.util.Map;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.pci.PciAttachment;

/** A device that plugs a {@link TestPciFunction} into the machine's PCI host at property {@code devfn}. */
public final class TestPciDeviceFactory implements DeviceFactory {
    @Override public String type() { return "test-pci"; }
    @Override public String description() { return "a PCI function for chipset tests"; }
    @Override public Map<String, String> properties() { return Map.of("devfn", "where to plug"); }

    @Override
    public Device create(DeviceConfig config) throws ConfigException {
        int devfn = (int) config.number("devfn", -1);
        return new TestPciDevice(devfn);
    }

    /** The live device: its function and attachment are the test's handles. */
    public static final class TestPciDevice implements Device {
        private final int devfn;
        public TestPciFunction function;
        public PciAttachment attachment;
        private byte[] powerOn;

        TestPciDevice(int devfn) {
            this.devfn = devfn;
        }

        @Override
        public void realize(DeviceContext context) {
            function = new TestPciFunction(context.id());
            powerOn = function.config.snapshot();
            attachment = context.pci().orElseThrow().attach(context.id(), function, devfn);
        }

        /** Power-on config, changed behind the host's back as a real device's reset does. */
        @Override public void reset() { function.config.restore(powerOn); }
        @Override public DeviceState saveState() { return new DeviceState("test-pci", 1).putBytes("config", function.config.snapshot()); }
        @Override public void restoreState(DeviceState state) { function.config.restore(state.getBytes("config")); }
    }
}
