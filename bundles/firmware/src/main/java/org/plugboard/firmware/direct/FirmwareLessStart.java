package org.plugboard.firmware.direct;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.boot.PlatformSetup;
import org.plugboard.api.bus.DmaException;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.acpi.AcpiTableSet;
import org.plugboard.firmware.acpi.BiosLinker;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.smbios.SmbiosTableSet;

/**
 * The firmware-less start: leaves the platform as SeaBIOS 1.16 leaves QEMU's pc before it jumps
 * to a {@code -kernel}. In SeaBIOS's order: the shadow RAM opened, the boot CPU's local APIC LINT
 * pins programmed, PCI bus 0 assigned and enabled, the MTRRs on every CPU ({@link CpuSetup}), the legacy devices programmed, the fw_cfg tables placed (ACPI through the
 * table-loader, SMBIOS), the BIOS area, IVT and BDA written, the shadow closed; the e820 map
 * it returns is the machine's base map with the firmware's high zone and fw_cfg's reserved
 * ranges carved out.
 */
@Component(service = PlatformSetup.class)
public final class FirmwareLessStart implements PlatformSetup {
    /** SeaBIOS's high zone: at most 256 KiB at the top of RAM below 4 GiB. */
    static final long MAX_HIGH_ZONE = 256 << 10;
    static final long ONE_MIB = 1 << 20;
    private static final int E820_ENTRY = 20;

    @Override
    public String name() {
        return "firmware-less start (the state SeaBIOS leaves)";
    }

    @Override
    public List<MemoryRange> prepare(Target target) throws ConfigException {
        long low = target.ramBelow4g();
        if (low < 2 * ONE_MIB) throw new ConfigException("a firmware-less start needs at least 2 MiB of RAM below 4 GiB, not "
                + (low >> 10) + " KiB");
        E820Map map = new E820Map(target.baseMemoryMap());
        PciSetup pci = new PciSetup(target.io());
        List<PciFunction> functions = pci.enumerate();
        PiixChipset chipset = pci.chipset(functions);
        if (chipset != null) chipset.openShadow();
        pci.configure(functions, chipset, new BarAllocator(windowStart(low), above4g(target.baseMemoryMap())));
        CpuSetup.setUp(target.cpus(), low, windowStart(low));
        new LegacyDevices(target.io()).setUp();

        BiosArea bios = new BiosArea();
        MemoryZone fseg = bios.zone();
        MemoryZone high = new MemoryZone("the high zone", Math.max(ONE_MIB, low - MAX_HIGH_ZONE), low);
        FwCfgPorts fwCfg = new FwCfgPorts(target.io());
        try {
            if (fwCfg.present()) {
                placeTables(fwCfg, target, bios, high, fseg);
                reserveFromFwCfg(fwCfg, map);
            }
            bios.write(target.dma());
        } catch (DmaException e) {
            throw new ConfigException("firmware-less start: writing guest memory: " + e.getMessage());
        }
        if (high.lowest() < low) map.reserve(high.lowest() & -4096L, low - (high.lowest() & -4096L));
        if (chipset != null) chipset.closeShadow();
        return map.ranges();
    }

    private static void placeTables(FwCfgPorts fwCfg, Target target, BiosArea bios, MemoryZone high, MemoryZone fseg)
            throws ConfigException, DmaException {
        byte[] loader = fwCfg.file(AcpiTableSet.LOADER_FILE);
        if (loader != null) {
            TableLoader.Placement p = TableLoader.run(loader, fwCfg::file, high, fseg);
            for (Map.Entry<String, byte[]> e : p.contents().entrySet()) {
                long at = p.addresses().get(e.getKey());
                if (p.zones().get(e.getKey()) == BiosLinker.Zone.FSEG) bios.put(at, e.getValue());
                else target.dma().write(at, e.getValue(), 0, e.getValue().length);
            }
        }
        byte[] anchor = fwCfg.file(SmbiosTableSet.ANCHOR_FILE), tables = fwCfg.file(SmbiosTableSet.TABLES_FILE);
        if (anchor != null && tables != null) {
            SmbiosPlacement.Placed s = SmbiosPlacement.place(anchor, tables, high, fseg);
            if (s.tableAddress() >= BiosArea.BASE) bios.put(s.tableAddress(), s.table());
            else target.dma().write(s.tableAddress(), s.table(), 0, s.table().length);
            bios.put(s.entryPointAddress(), s.entryPoint());
        }
    }

    /** The reserved entries of fw_cfg's {@code etc/e820} (QEMU's AMD HyperTransport hole, ...), as SeaBIOS adds them. */
    private static void reserveFromFwCfg(FwCfgPorts fwCfg, E820Map map) {
        byte[] e820 = fwCfg.file("etc/e820");
        if (e820 == null) return;
        for (int at = 0; at + E820_ENTRY <= e820.length; at += E820_ENTRY) {
            if (LeWriter.read(e820, at + 16, 4) == E820Map.RESERVED)
                map.reserve(LeWriter.read(e820, at, 8), LeWriter.read(e820, at + 8, 8));
        }
    }

    /** Where SeaBIOS starts the i440FX's 32-bit PCI window: 2 GiB, 3 GiB, or the end of low RAM. */
    static long windowStart(long low) {
        if (low <= 0x80000000L) return 0x80000000L;
        if (low <= 0xc0000000L) return 0xc0000000L;
        return low;
    }

    /** The first 1 GiB boundary above all RAM (and at least 4 GiB): where 64-bit BARs go when they must. */
    static long above4g(List<MemoryRange> base) {
        long end = 1L << 32;
        for (MemoryRange r : base) if (r.type() == E820Map.USABLE) end = Math.max(end, r.base() + r.length());
        return (end + (1L << 30) - 1) & -(1L << 30);
    }
}
