package org.plugboard.chipset.piix.pm;

import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.Region;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.chipset.piix.pci.Relocatable;
import org.plugboard.chipset.piix.support.ChipsetFunction;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.ResourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PIIX4 power-management function at 00:01.3. Identity and defaults as QEMU's
 * (hw/acpi/piix4.c, piix4_pm_realize/piix4_pm_reset/piix4_pm_class_init): 8086:7113 revision
 * 03, class 0680, status 0x0280, interrupt pin INTA, PMBA (0x40) 0x00000001 with decoding off
 * (PMREGMISC 0x80 bit 0), DEVACTB byte 0x5b = 0x02 (SMM marked initialised: this machine has
 * none), SMBus base (0x90) 0xb101 and SMBus host configuration (0xd2) 0x09, the device-presence
 * bytes 0x5f/0x63/0x67 reflecting LPT1, COM1 and COM2. The SCI goes to ISA IRQ 9.
 * <p>
 * Sleep: SLP_TYP 0 is S5 (soft off) and 2 is S4, both power the machine off with status 0 as
 * QEMU does (hw/acpi/core.c, acpi_pm1_cnt_write; QEMU's PIIX4 DSDT has _S5 = 0, S4 value 2).
 * S3 (SLP_TYP 1) is not supported and is ignored.
 * <p>
 * QEMU's hot-plug register blocks live here too: PCI hot-plug at 0xae00 ({@link PciHotplugBlock})
 * and CPU hot-plug at 0xaf00 ({@link CpuHotplugBlock}); the DSDT nodes that drive them, and the
 * GPE0 block's reservation, are this function's contribution.
 */
final class Piix4Pm extends ChipsetFunction implements FirmwareContributor {
    private static final Logger LOG = LoggerFactory.getLogger(Piix4Pm.class);
    static final String TYPE = "piix4-pm";
    static final int DEVFN = (1 << 3) | 3;
    static final int VENDOR_INTEL = 0x8086, DEVICE_82371AB_3 = 0x7113, REVISION = 0x03;
    static final int PMBA = 0x40, DEVACTB_HIGH = 0x5b, PMREGMISC = 0x80, SMBBA = 0x90, SMBHSTCFG = 0xd2;
    static final int DEFAULT_SMBUS_BASE = 0xb100;
    static final int SCI_IRQ = 9;
    static final int SLP_TYP_S5 = 0, SLP_TYP_S3 = 1, SLP_TYP_S4 = 2;
    private static final int BASE_MASK = 0xffc0, IO_PRIORITY = 1;

    private final int smbusBase;
    private Pm1Block pm1;
    private Gpe0Block gpe;
    private ApmPorts apm;
    private SmbusHost smbus;
    private Relocatable pmWindow;
    private Relocatable smbusWindow;
    private IrqLine sci;
    private PciHotplugBlock pciHotplug;
    private CpuHotplugBlock cpuHotplug;
    private Mapping cpuHotplugWindow;

    Piix4Pm(int smbusBase) {
        super(TYPE, DEVFN);
        this.smbusBase = smbusBase;
    }

    @Override
    protected void initConfig(PciConfig c) {
        c.identity(VENDOR_INTEL, DEVICE_82371AB_3, REVISION, 0x06, 0x80, 0x00);
        c.set16(PciConfig.STATUS, 0x0280);
        c.interruptPin(1);
        c.set32(PMBA, 0x00000001);
        c.set8(DEVACTB_HIGH, 0x02);
        c.set32(SMBBA, smbusBase | 1);
        c.set8(SMBHSTCFG, 0x09);
        AddressSpace io = ctx.io();
        c.set8(0x5f, 0x10 | (decoded(io, 0x378) ? 0x80 : 0));
        c.set8(0x63, 0x60);
        c.set8(0x67, (decoded(io, 0x3f8) ? 0x08 : 0) | (decoded(io, 0x2f8) ? 0x90 : 0));
    }

    private static boolean decoded(AddressSpace io, long port) {
        return io.entries().stream().anyMatch(e -> e.start() <= port && port <= e.end());
    }

    @Override
    protected void realizeFunction() {
        sci = ctx.isaIrq(SCI_IRQ);
        pm1 = new Pm1Block(ctx.clock(), ctx.clock().newTimer("pm-timer-overflow", this::updateSci), this::updateSci,
                this::sleep);
        gpe = new Gpe0Block(this::updateSci);
        apm = new ApmPorts(this::apmCommand);
        smbus = new SmbusHost();
        pmWindow = new Relocatable(ctx.io(), Region.of("piix4-pm", ctx.id(), Pm1Block.SIZE, 1, 4, pm1), IO_PRIORITY);
        smbusWindow = new Relocatable(ctx.io(), Region.of("pm-smbus", ctx.id(), SmbusHost.SIZE, 1, 4, smbus), IO_PRIORITY);
        ctx.io().map(Region.of("acpi-gpe0", ctx.id(), Gpe0Block.SIZE, 1, 4, gpe), Gpe0Block.PORT);
        ctx.io().map(Region.of("apm-io", ctx.id(), ApmPorts.SIZE, 1, 1, apm), ApmPorts.PORT);
        pciHotplug = new PciHotplugBlock();
        ctx.io().map(Region.of("acpi-pci-hotplug", ctx.id(), PciHotplugBlock.SIZE, 4, 4, pciHotplug), PciHotplugBlock.PORT);
        cpuHotplug = new CpuHotplugBlock(ctx.machine().cpuCount(), this::mapCpuHotplug);
        mapCpuHotplug();
        resetFunction();
    }

    /** The CPU hot-plug block in its current form: the legacy bitmap until the guest switches it. */
    private void mapCpuHotplug() {
        if (cpuHotplugWindow != null) cpuHotplugWindow.unmap();
        cpuHotplugWindow = cpuHotplug.modern()
                ? ctx.io().map(Region.of("acpi-cpu-hotplug", ctx.id(), CpuHotplugBlock.MODERN_SIZE, 1, 4, cpuHotplug.modernOps),
                        CpuHotplugBlock.PORT)
                : ctx.io().map(Region.of("acpi-cpu-hotplug-legacy", ctx.id(), CpuHotplugBlock.LEGACY_SIZE, 1, 4, cpuHotplug.legacy),
                        CpuHotplugBlock.PORT);
    }

    @Override
    public void contribute(FirmwareBuilder builder) {
        builder.acpiNode(AcpiScope.PCI_ROOT, Aml.device("GPE0", Aml.name("_HID", Aml.string("PNP0A06")),
                Aml.name("_UID", Aml.string("GPE0 resources")), Aml.name("_STA", Aml.integer(0x0b)),
                Aml.name("_CRS", new ResourceTemplate().io(Gpe0Block.PORT, Gpe0Block.PORT, 1, Gpe0Block.SIZE).toAml())));
        PciHotplugAml.contribute(builder);
        CpuHotplugAml.contribute(builder, ctx.machine().cpuCount());
    }

    @Override
    protected void configWritten(int offset, int size) {
        if (touches(offset, size, PMBA, 4) || touches(offset, size, PMREGMISC, 1) || touches(offset, size, SMBBA, 4)
                || touches(offset, size, SMBHSTCFG, 1))
            applyConfig();
    }

    @Override
    protected void applyConfig() {
        pmWindow.placeAt(base(PMBA, PMREGMISC));
        smbusWindow.placeAt(base(SMBBA, SMBHSTCFG));
    }

    /** The I/O base a base register holds while its enable bit is set, else -1. */
    private long base(int baseRegister, int enableRegister) {
        long base = config32(baseRegister) & BASE_MASK;
        return (config.get8(enableRegister) & 1) != 0 && base != 0 ? base : -1;
    }

    @Override
    protected void resetFunction() {
        pm1.reset();
        gpe.reset();
        apm.reset();
        smbus.reset();
        updateSci();
    }

    private void updateSci() {
        boolean pm1Sci = pm1.evaluateSci(); // always evaluated: it re-arms the overflow timer
        sci.set(pm1Sci || gpe.sci());
    }

    private void apmCommand(int command) {
        if (command == ApmPorts.ACPI_ENABLE) pm1.setSciEnabled(true);
        else if (command == ApmPorts.ACPI_DISABLE) pm1.setSciEnabled(false);
    }

    private void sleep(int slpTyp) {
        if (slpTyp == SLP_TYP_S5 || slpTyp == SLP_TYP_S4) {
            ctx.machine().requestShutdown(0);
        } else if (slpTyp == SLP_TYP_S3) {
            LOG.warn("{}: the guest asked for S3 (suspend to RAM), which this machine does not support", ctx.id());
        }
    }

    /** The power button: sets PWRBTN_STS (and the SCI) if the guest enabled its event. */
    void pressPowerButton() {
        pm1.powerButton();
    }

    @Override
    protected void saveFunction(DeviceState s) {
        s.putInt("pm1Status", pm1.status()).putInt("pm1Enable", pm1.enable()).putInt("pm1Control", pm1.control())
                .putLong("timerOverflowTicks", pm1.overflowTicks()).putBytes("gpe0", gpe.save())
                .putInt("apmControl", apm.control()).putInt("apmStatus", apm.statusByte()).putBytes("smbus", smbus.save())
                .putInt("pciHotplugSelect", pciHotplug.select()).putBoolean("cpuHotplugModern", cpuHotplug.modern())
                .putInt("cpuHotplugSelector", cpuHotplug.selector()).putInt("cpuHotplugCommand", cpuHotplug.command());
    }

    @Override
    protected void restoreFunction(DeviceState s) {
        pm1.restore(s.getInt("pm1Status"), s.getInt("pm1Enable"), s.getInt("pm1Control"), s.getLong("timerOverflowTicks"));
        gpe.restore(s.getBytes("gpe0"));
        apm.restore(s.getInt("apmControl"), s.getInt("apmStatus"));
        smbus.restore(s.getBytes("smbus"));
        pciHotplug.restoreSelect(s.has("pciHotplugSelect") ? s.getInt("pciHotplugSelect") : 0);
        cpuHotplug.restore(s.getBoolean("cpuHotplugModern", false), s.has("cpuHotplugSelector") ? s.getInt("cpuHotplugSelector") : 0,
                s.has("cpuHotplugCommand") ? s.getInt("cpuHotplugCommand") : 0);
        mapCpuHotplug();
        updateSci();
    }

    @Override
    public String describe() {
        long base = pmWindow.base();
        return "PIIX4 PM: " + (base < 0 ? "PM registers not decoded" : String.format("PM base 0x%x", base))
                + String.format(", PM1_CNT 0x%04x, SCI %s", pm1.control(), sci.isAsserted() ? "asserted" : "idle");
    }
}
