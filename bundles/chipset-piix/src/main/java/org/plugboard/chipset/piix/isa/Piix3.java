package org.plugboard.chipset.piix.isa;

import org.plugboard.api.bus.Region;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.chipset.piix.host.PcSlotSwizzle;
import org.plugboard.chipset.piix.support.ChipsetFunction;

/**
 * The PIIX3 ISA bridge at 00:01.0, a multifunction device (IDE and PM are its functions 1 and
 * 3). Identity and power-on values as QEMU's (hw/isa/piix.c, piix_reset and piix3_class_init):
 * 8086:7000 revision 00, class 0601, header type 0x80, command 0x0000, status 0x0200, PIRQ
 * routes 0x80 (off). QEMU's piix_reset writes command 0x0007, but its PCI bus reset runs after it and
 * clears the writable command bits, so a guest (and SeaBIOS) finds 0x0000 and SeaBIOS leaves 0x0103.
 * It describes its PIRQ routing in the DSDT ({@link PirqLinks}).
 */
final class Piix3 extends ChipsetFunction implements FirmwareContributor {
    static final String TYPE = "piix3";
    static final int DEVFN = 1 << 3;
    static final int VENDOR_INTEL = 0x8086, DEVICE_82371SB_0 = 0x7000;
    static final int PIRQ_ROUTE = 0x60, PIRQS = 4;

    private PirqRouter router;
    private ResetControl resetControl;

    Piix3() {
        super(TYPE, DEVFN);
    }

    @Override
    protected void initConfig(PciConfig c) {
        c.identity(VENDOR_INTEL, DEVICE_82371SB_0, 0x00, 0x06, 0x01, 0x00);
        c.set8(PciConfig.HEADER_TYPE, 0x80);
        c.set16(PciConfig.STATUS, 0x0200);
        c.set8(0x4c, 0x4d);
        c.set8(0x4e, 0x03);
        for (int i = 0; i < PIRQS; i++) c.set8(PIRQ_ROUTE + i, 0x80);
        c.set8(0x69, 0x02);
        c.set8(0x70, 0x80);
        c.set8(0x76, 0x0c);
        c.set8(0x77, 0x0c);
        c.set8(0x78, 0x02);
        c.set8(0xa0, 0x08);
        c.set8(0xa8, 0x0f);
    }

    @Override
    public void contribute(FirmwareBuilder builder) {
        PirqLinks.contribute(builder, new PcSlotSwizzle());
    }

    @Override
    protected void realizeFunction() {
        router = new PirqRouter(ctx.interrupts(), PcSlotSwizzle.PIRQ_LINES);
        resetControl = new ResetControl(ctx);
        // above the config-address register (0xcf8-0xcfb, priority 0), as in QEMU
        ctx.io().mapOverlapping(Region.of("piix-reset-control", ctx.id(), 1, 1, 1, resetControl), ResetControl.PORT, 1);
        router.listen();
    }

    @Override
    protected void configWritten(int offset, int size) {
        if (touches(offset, size, PIRQ_ROUTE, PIRQS)) applyConfig();
    }

    @Override
    protected void applyConfig() {
        for (int i = 0; i < PIRQS; i++) router.setRoute(i, config.get8(PIRQ_ROUTE + i));
        router.drive();
    }

    @Override
    protected void resetFunction() {
        resetControl.setValue(0);
    }

    @Override
    protected void saveFunction(DeviceState s) {
        s.putInt("resetControl", resetControl.value());
    }

    @Override
    protected void restoreFunction(DeviceState s) {
        resetControl.setValue(s.getInt("resetControl"));
        router.resample();
    }

    @Override
    public String describe() {
        return "PIIX3 ISA bridge: " + router.describe();
    }
}
