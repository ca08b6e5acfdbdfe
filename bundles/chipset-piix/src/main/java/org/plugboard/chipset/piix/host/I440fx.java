package org.plugboard.chipset.piix.host;

import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.api.pci.PciHost;
import org.plugboard.chipset.piix.pci.ConfigMechanism1;
import org.plugboard.chipset.piix.pci.PciBus;
import org.plugboard.chipset.piix.support.ChipsetFunction;

/**
 * The i440FX host bridge at 00:00.0: it makes the machine's PCI bus, decodes configuration
 * mechanism #1 into it and maps PAM and SMRAM. Identity and defaults as QEMU's
 * (hw/pci-host/i440fx.c): 8086:1237 revision 02, class 0600, SMRAM 0x02, and config 0x57 holding
 * the RAM size in 8 MiB units (capped at 255) for old coreboot.
 */
final class I440fx extends ChipsetFunction {
    static final String TYPE = "i440fx";
    static final int VENDOR_INTEL = 0x8086, DEVICE_82441 = 0x1237, REVISION = 0x02;
    static final int RAM_SIZE_REGISTER = 0x57, SMRAM_DEFAULT = 0x02;

    private PciBus bus;
    private ConfigMechanism1 mechanism;
    private ShadowRegisters shadow;

    I440fx() {
        super(TYPE, 0);
    }

    @Override
    protected PciHost hostFor(DeviceContext context) {
        bus = new PciBus(context.id(), context.io(), context.memory(), context.interrupts(), context.clock(),
                new PcSlotSwizzle());
        context.providePciHost(bus);
        mechanism = new ConfigMechanism1(context.id(), bus);
        mechanism.map(context.io());
        return bus;
    }

    @Override
    protected void initConfig(PciConfig c) {
        c.identity(VENDOR_INTEL, DEVICE_82441, REVISION, 0x06, 0x00, 0x00);
        c.set8(ShadowRegisters.SMRAM, SMRAM_DEFAULT);
        c.set8(RAM_SIZE_REGISTER, (int) Math.min(255, ctx.machine().ramSize() / (8 << 20)));
    }

    @Override
    protected void realizeFunction() {
        shadow = new ShadowRegisters(ctx.memory(), ctx.id(), ctx.memory().ram().size() >= 0x100000);
    }

    @Override
    protected void configWritten(int offset, int size) {
        if (ShadowRegisters.covers(offset, size)) shadow.apply(config);
    }

    @Override
    protected void applyConfig() {
        shadow.apply(config);
    }

    @Override
    protected void resetFunction() {
        mechanism.reset();
        // the other functions reset after this one, without configuration cycles: re-decode
        // their BARs once every device has reset
        ctx.clock().post(bus::refreshAll);
    }

    @Override
    protected void saveFunction(DeviceState s) {
        s.putInt("configAddress", mechanism.address());
    }

    @Override
    protected void restoreFunction(DeviceState s) {
        mechanism.setAddress(s.getInt("configAddress"));
    }

    @Override
    public String describe() {
        return "i440FX host bridge, " + bus.attachments().size() + " PCI functions; " + shadow.describe();
    }
}
