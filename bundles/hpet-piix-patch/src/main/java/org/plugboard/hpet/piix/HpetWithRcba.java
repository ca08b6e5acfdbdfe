package org.plugboard.hpet.piix;

import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionConflictException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareContributor;

/**
 * The stock HPET plus what the Mac OS X 10.6 lookup needs on a PIIX machine: an LPC-bridge
 * stand-in at 00:1f.0 whose RCBA maps the chipset configuration window with HPTC. The HPET
 * itself is the stock device, unchanged, at 0xfed00000; HPTC's address select is stored and
 * read back but does not move it (select 0, the value the lookup leaves, is 0xfed00000).
 * The state is the stock HPET's plus two fields, so swaps in both directions keep the timers.
 */
final class HpetWithRcba implements Device, FirmwareContributor {
    private static final String RCBA_FIELD = "piix-patch.rcba", HPTC_FIELD = "piix-patch.hptc";

    private final Device hpet;
    private final ChipsetConfigRegisters chipsetConfig = new ChipsetConfigRegisters();
    private final RcbaBridge bridge = new RcbaBridge(this::rcbaChanged);
    private Mapping window;

    HpetWithRcba(Device hpet) {
        this.hpet = hpet;
    }

    @Override
    public void realize(DeviceContext ctx) {
        hpet.realize(ctx);
        ctx.pci().orElseThrow(() -> new IllegalStateException(
                "the HPET RCBA patch needs a PCI host (the PIIX chipset) for its bridge at 00:1f.0"))
                .attach(ctx.id(), bridge, RcbaBridge.DEVFN);
        window = ctx.memory().map(Region.of("rcba", ctx.id(), ChipsetConfigRegisters.SIZE, 4, 4, chipsetConfig),
                windowBase(bridge.rcba()));
    }

    /** Follows the guest's RCBA writes: the window moves with the base and decodes only while enabled. */
    private void rcbaChanged(int rcba) {
        if (window == null) return; // the bridge's own initial value, before realize
        try {
            window.move(windowBase(rcba));
            window.setEnabled((rcba & RcbaBridge.RCBA_ENABLE) != 0);
        } catch (RegionConflictException e) {
            window.setEnabled(false); // a base on top of another device decodes nothing useful
        }
    }

    private static long windowBase(int rcba) {
        return rcba & RcbaBridge.RCBA_BASE_MASK & 0xffffffffL;
    }

    @Override
    public void reset() {
        hpet.reset();
        chipsetConfig.reset();
        bridge.setRcba(RcbaBridge.DEFAULT_RCBA);
    }

    @Override
    public DeviceState saveState() {
        return hpet.saveState().putInt(RCBA_FIELD, bridge.rcba()).putInt(HPTC_FIELD, chipsetConfig.hptc());
    }

    /** A stock HPET's state has no RCBA fields: the bridge then starts as firmware would leave it. */
    @Override
    public void restoreState(DeviceState state) {
        hpet.restoreState(state);
        bridge.setRcba((int) state.getLong(RCBA_FIELD, RcbaBridge.DEFAULT_RCBA));
        chipsetConfig.setHptc((int) state.getLong(HPTC_FIELD, 0));
    }

    @Override
    public void close() {
        hpet.close();
    }

    @Override
    public void contribute(FirmwareBuilder builder) {
        if (hpet instanceof FirmwareContributor c) c.contribute(builder);
    }

    @Override
    public String describe() {
        return hpet.describe() + String.format("; 00:1f.0 RCBA %08x, HPTC %02x", bridge.rcba(), chipsetConfig.hptc());
    }
}
