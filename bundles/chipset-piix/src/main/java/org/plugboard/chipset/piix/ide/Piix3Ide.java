package org.plugboard.chipset.piix.ide;

import org.plugboard.api.bus.Region;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.chipset.piix.support.ChipsetFunction;

/**
 * The PIIX3 IDE function at 00:01.1 with no drives. Identity and defaults as QEMU's
 * (hw/ide/piix.c, piix3_ide_class_init/piix_ide_reset/pci_piix_ide_realize): 8086:7010
 * revision 00, class 0101 with prog-if 0x80 (both channels in legacy mode, bus-master
 * capable), command 0, status 0x0280, no interrupt pin, BAR4 a 16-byte I/O BAR reading 0x00000001.
 * The legacy ports are decoded whatever the command register says, as on the chip.
 */
final class Piix3Ide extends ChipsetFunction {
    static final String TYPE = "piix3-ide";
    static final int DEVFN = (1 << 3) | 1;
    static final int VENDOR_INTEL = 0x8086, DEVICE_82371SB_1 = 0x7010;
    static final int BMDMA_BAR = 4;
    static final int[][] LEGACY_PORTS = {{0x1f0, 0x3f6}, {0x170, 0x376}};

    private final EmptyAtaChannel[] channels = {new EmptyAtaChannel(), new EmptyAtaChannel()};
    private final BusMasterRegisters busMaster = new BusMasterRegisters();
    private Region busMasterRegion;

    Piix3Ide() {
        super(TYPE, DEVFN);
    }

    @Override
    protected void initConfig(PciConfig c) {
        c.identity(VENDOR_INTEL, DEVICE_82371SB_1, 0x00, 0x01, 0x01, 0x80);
        c.set16(PciConfig.STATUS, 0x0280);
        c.bar(BMDMA_BAR, PciConfig.BarType.IO, BusMasterRegisters.SIZE);
    }

    @Override
    protected void realizeFunction() {
        busMasterRegion = Region.of("piix-bmdma", ctx.id(), BusMasterRegisters.SIZE, 1, 4, busMaster);
        for (int i = 0; i < channels.length; i++) {
            String name = i == 0 ? "ide-primary" : "ide-secondary";
            ctx.io().map(Region.of(name, ctx.id(), EmptyAtaChannel.COMMAND_BLOCK_SIZE, 1, 4, channels[i].commandBlock),
                    LEGACY_PORTS[i][0]);
            ctx.io().map(Region.of(name + "-control", ctx.id(), 1, 1, 1, channels[i].controlBlock), LEGACY_PORTS[i][1]);
        }
    }

    @Override
    public Region barRegion(int index) {
        return index == BMDMA_BAR ? busMasterRegion : null;
    }

    @Override
    protected void applyConfig() {
        // BAR4 is decoded by the PCI host; nothing else follows config
    }

    @Override
    protected void resetFunction() {
        for (EmptyAtaChannel c : channels) c.reset();
        busMaster.reset();
    }

    @Override
    protected void saveFunction(DeviceState s) {
        int[] bm = busMaster.save();
        long[] l = new long[bm.length];
        for (int i = 0; i < bm.length; i++) l[i] = bm[i] & 0xffffffffL;
        s.putLongs("busMaster", l).putInt("driveHead0", channels[0].driveHead()).putInt("driveHead1", channels[1].driveHead());
    }

    @Override
    protected void restoreFunction(DeviceState s) {
        busMaster.restore(s.getLongs("busMaster"));
        channels[0].setDriveHead(s.getInt("driveHead0"));
        channels[1].setDriveHead(s.getInt("driveHead1"));
    }

    @Override
    public String describe() {
        return "PIIX3 IDE, legacy mode, no drives";
    }
}
