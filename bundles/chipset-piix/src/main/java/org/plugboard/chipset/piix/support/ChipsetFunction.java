package org.plugboard.chipset.piix.support;

import org.plugboard.api.bus.Region;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.pci.PciAttachment;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.api.pci.PciFunction;
import org.plugboard.api.pci.PciHost;

/**
 * A chipset function at a fixed devfn: its config space with QEMU's defaults, attaching to the
 * PCI host, reset to power-on values, and state (the config bytes plus what a subclass adds).
 * Subclasses set their power-on config in {@link #initConfig}, react to the guest's config
 * writes in {@link #configWritten} and derive their mappings from config in {@link #applyConfig}.
 */
public abstract class ChipsetFunction implements Device, PciFunction {
    /** QEMU's default subsystem IDs for functions that set none (hw/pci/pci.c, pci_set_default_subsystem_id). */
    public static final int QEMU_SUBSYSTEM_VENDOR = 0x1af4, QEMU_SUBSYSTEM_ID = 0x1100;
    private static final int HEADER_SIZE = 0x40;

    private final String type;
    private final int devfn;
    protected final PciConfig config = new PciConfig();
    protected DeviceContext ctx;
    protected PciAttachment attachment;
    private PciHost host;

    protected ChipsetFunction(String type, int devfn) {
        this.type = type;
        this.devfn = devfn;
        // QEMU's write masks (hw/pci/pci.c, pci_init_wmask): the latency timer is read-only,
        // everything past the header is writable unless a device narrows it
        config.setMask8(PciConfig.LATENCY, 0);
        for (int o = HEADER_SIZE; o < config.size(); o++) config.setMask8(o, 0xff);
    }

    public String type() { return type; }

    @Override
    public final void realize(DeviceContext context) {
        ctx = context;
        host = hostFor(context);
        powerOnConfig();
        attachment = host.attach(context.id(), this, devfn);
        realizeFunction();
        applyConfig();
    }

    /** The host to plug into: the machine's, unless the subclass is the host bridge that makes it. */
    protected PciHost hostFor(DeviceContext context) {
        return context.pci().orElseThrow(() -> new IllegalStateException(
                type + " needs a PCI host: put the host bridge (i440fx) before it in the board"));
    }

    /** Maps the function's fixed regions, takes lines and timers. */
    protected abstract void realizeFunction();

    /** Fills in the power-on config values (identity, registers); masks are already QEMU's. */
    protected abstract void initConfig(PciConfig c);

    /** Brings mappings and outputs in line with the config space as it is now. */
    protected abstract void applyConfig();

    /** The guest wrote config bytes [offset, offset+size). */
    protected void configWritten(int offset, int size) {
    }

    private void powerOnConfig() {
        config.restore(new byte[config.size()]);
        config.subsystem(QEMU_SUBSYSTEM_VENDOR, QEMU_SUBSYSTEM_ID);
        initConfig(config);
    }

    @Override
    public void reset() {
        powerOnConfig();
        resetFunction();
        applyConfig();
        relatchThroughHost();
    }

    /** Resets what lives outside the config space. */
    protected abstract void resetFunction();

    /**
     * Lets the host re-decode BARs and INTx after the config space changed behind its back
     * (reset, restore): a configuration write of the command register with its own value.
     */
    private void relatchThroughHost() {
        host.configWrite(attachment.bus(), attachment.devfn(), PciConfig.COMMAND, 2, config.get16(PciConfig.COMMAND));
    }

    @Override
    public int configRead(int offset, int size) {
        return config.read(offset, size);
    }

    @Override
    public void configWrite(int offset, int size, int value) {
        config.write(offset, size, value);
        configWritten(offset, size);
    }

    @Override
    public Region barRegion(int index) {
        return null;
    }

    protected static boolean touches(int offset, int size, int start, int length) {
        return offset < start + length && start < offset + size;
    }

    @Override
    public final DeviceState saveState() {
        DeviceState s = new DeviceState(type, 1).putBytes("config", config.snapshot());
        saveFunction(s);
        return s;
    }

    @Override
    public final void restoreState(DeviceState s) {
        s.expect(type, 1, 1);
        config.restore(s.getBytes("config"));
        restoreFunction(s);
        applyConfig();
        relatchThroughHost();
    }

    /** Adds what lives outside the config space to the state. */
    protected void saveFunction(DeviceState s) {
    }

    protected void restoreFunction(DeviceState s) {
    }

    /** The config dword at {@code offset}, for subclasses decoding base registers. */
    protected long config32(int offset) {
        return config.get32(offset) & 0xffffffffL;
    }
}
