package org.plugboard.firmware.fwcfg;

import java.util.List;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.ResourceTemplate;
import org.plugboard.firmware.assembly.FirmwareAssembler;
import org.plugboard.firmware.contrib.Contributions;

/**
 * QEMU's fw_cfg device as the x86 machines map it in I/O space: a 16-bit selector at 0x510, an
 * 8-bit data port at 0x511 (any 1-byte read of the pair returns the next data byte), and the DMA
 * address register at 0x514-0x51b (big-endian; writing the low half at 0x518 starts the
 * transfer; reads give the signature "QEMU CFG").
 */
final class FwCfgDevice implements Device, FirmwareAssembler, FirmwareContributor {
    static final String TYPE = "fw_cfg";
    static final int PORT_BASE = 0x510;
    static final int DMA_BASE = 0x514;
    private static final byte[] DMA_SIGNATURE = "QEMU CFG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final FwCfgSettings settings;
    private final FwCfgCursor cursor = new FwCfgCursor(new FwCfgStore());
    private final FwCfgDmaEngine dmaEngine = new FwCfgDmaEngine(cursor);
    private DeviceContext ctx;
    private Contributions contributions = Contributions.collect(List.of(this));
    private long dmaAddressHigh;

    FwCfgDevice(FwCfgSettings settings) {
        this.settings = settings;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        rebuild();
        ctx.io().map(Region.of("fw_cfg", ctx.id(), 2, 1, 2, new PortOps()), PORT_BASE);
        ctx.io().map(Region.of("fw_cfg-dma", ctx.id(), 8, 1, 4, new DmaOps()), DMA_BASE);
    }

    @Override
    public void assemble(List<? extends FirmwareContributor> contributors) {
        List<FirmwareContributor> all = new java.util.ArrayList<>(contributors);
        if (!all.contains(this)) all.add(0, this);
        contributions = Contributions.collect(all);
        if (ctx != null) rebuild();
    }

    /** Its own node, as QEMU describes fw_cfg: {@code \_SB.PCI0.FWCF}, "QEMU0002", the 12 ports from 0x510. */
    @Override
    public void contribute(FirmwareBuilder builder) {
        builder.acpiNode(AcpiScope.PCI_ROOT, Aml.device("FWCF",
                Aml.name("_HID", Aml.string("QEMU0002")),
                Aml.name("_STA", Aml.integer(0x0b)),
                Aml.name("_CRS", new ResourceTemplate().io(PORT_BASE, PORT_BASE, 1, 0x0c).toAml())));
    }

    private void rebuild() {
        try {
            cursor.use(FwCfgContent.build(settings, ctx.machine().cpuCount(), ctx.machine().ramSize(),
                    ctx.machine().ramBelow4g(), contributions));
        } catch (ConfigException e) {
            throw new IllegalStateException("device " + ctx.id() + " (" + TYPE + "): " + e.getMessage(), e);
        }
    }

    /** The selector/data pair at 0x510. */
    private final class PortOps implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return size == 1 ? cursor.readByte() : 0xffff;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (size == 2 && offset == 0) cursor.select((int) value);
            // byte writes to the data port were dropped by QEMU 2.4 and later: ignored here too
        }
    }

    /** The DMA address register at 0x514. */
    private final class DmaOps implements RegionOps {
        @Override
        public long read(long offset, int size) {
            long v = 0;
            for (int i = 0; i < size && offset + i < DMA_SIGNATURE.length; i++)
                v |= (DMA_SIGNATURE[(int) offset + i] & 0xffL) << (8 * i);
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (size != 4) return;                       // only 32-bit halves are accepted
            long half = Integer.reverseBytes((int) value) & 0xffffffffL; // the bytes are big-endian
            if (offset == 0) {
                dmaAddressHigh = half;
            } else if (offset == 4) {
                long descriptor = dmaAddressHigh << 32 | half;
                dmaAddressHigh = 0;
                dmaEngine.run(ctx.dma(), descriptor);
            }
        }
    }

    @Override
    public void reset() {
        // a reset comes after every device is plugged (and at each machine reset): the tables the
        // firmware reads now describe the live device set
        assemble(ctx.machine().firmwareContributors());
        cursor.select(0);
        dmaAddressHigh = 0;
    }

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, 1)
                .putInt("selector", cursor.selector())
                .putInt("offset", cursor.offset())
                .putLong("dmaAddressHigh", dmaAddressHigh);
    }

    @Override
    public void restoreState(DeviceState state) {
        state.expect(TYPE, 1, 1);
        cursor.restore(state.getInt("selector"), state.getInt("offset"));
        dmaAddressHigh = state.getLong("dmaAddressHigh");
    }

    @Override
    public String describe() {
        return String.format("selector 0x%04x offset %d, %d files", cursor.selector(), cursor.offset(), cursor.fileCount());
    }
}
