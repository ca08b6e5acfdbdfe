package org.plugboard.firmware.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.acpi.AcpiPlatform;
import org.plugboard.firmware.acpi.AcpiTableSet;
import org.plugboard.firmware.acpi.AcpiTables;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.firmware.smbios.SmbiosPlatform;
import org.plugboard.firmware.smbios.SmbiosTableSet;
import org.plugboard.firmware.smbios.SmbiosTables;

/**
 * Fills a {@link FwCfgStore} with what QEMU 7.2's pc machine offers its firmware (as read back
 * from it through the port interface): signature, id, RAM size and CPU counts, the kernel items,
 * and the files {@code bios-geometry}, {@code bootorder}, {@code etc/acpi/rsdp},
 * {@code etc/acpi/tables} (padded to 128 KiB), {@code etc/boot-fail-wait}, {@code etc/e820},
 * {@code etc/smbios/smbios-anchor}, {@code etc/smbios/smbios-tables}, {@code etc/system-states}, {@code etc/table-loader}
 * (padded to 4 KiB), {@code etc/tpm/log}, {@code genroms/linuxboot_dma.bin} or {@code genroms/multiboot_dma.bin}
 * with a kernel, plus
 * the files devices contributed.
 */
final class FwCfgContent {
    private static final int E820_RAM = 1, E820_RESERVED = 2;
    private static final long AMD_HT_START = 0xfd00000000L, AMD_HT_SIZE = 0x300000000L;
    /** QEMU pads the tables to a fixed size, so firmware reserves the same memory whatever the tables hold. */
    private static final int ACPI_TABLES_PADDING = 0x20000, LOADER_PADDING = 0x1000;

    private FwCfgContent() {
    }

    /** {@code ramBelow4g}: what the machine maps below 4 GiB, unless the {@code lowmem} property says otherwise. */
    static FwCfgStore build(FwCfgSettings s, int cpus, long ramSize, long ramBelow4g, Contributions contributions)
            throws ConfigException {
        long below = s.lowMemoryLimit() >= 0 ? Math.min(ramSize, s.lowMemoryLimit()) : Math.min(ramSize, ramBelow4g);
        long above = ramSize - below;
        FwCfgStore store = new FwCfgStore();

        store.put(FwCfgKeys.SIGNATURE, "QEMU".getBytes(StandardCharsets.US_ASCII));
        store.put(FwCfgKeys.ID, u32(FwCfgKeys.ID_TRADITIONAL | FwCfgKeys.ID_DMA));
        store.put(FwCfgKeys.UUID, uuid(s));
        store.put(FwCfgKeys.RAM_SIZE, new LeWriter().u64(ramSize).toArray());
        store.put(FwCfgKeys.NOGRAPHIC, new LeWriter().u16(s.nographic() ? 1 : 0).toArray());
        store.put(FwCfgKeys.NB_CPUS, new LeWriter().u16(cpus).toArray());
        store.put(FwCfgKeys.MAX_CPUS, new LeWriter().u16(cpus).toArray());
        store.put(FwCfgKeys.BOOT_MENU, new LeWriter().u16(0).toArray());
        store.put(FwCfgKeys.NUMA, new byte[8 * (1 + cpus)]);          // no NUMA nodes, no CPU-to-node map
        store.put(FwCfgKeys.X86_ACPI_TABLES, new LeWriter().u16(0).toArray()); // no legacy -acpitable blobs
        store.put(FwCfgKeys.X86_IRQ0_OVERRIDE, u32(1));
        List<String> bootOrder = new ArrayList<>(s.bootOrder());
        if (s.kernel() != null) {
            KernelItems items = KernelItems.of(s.kernelName(), s.kernel(), s.append(), s.initrds(), below);
            items.install(store);
            // the option ROM SeaBIOS runs to fetch and start the kernel, first in the boot order
            store.putFile(items.romFile(), s.kernelRom());
            bootOrder.add(0, "/rom@" + items.romFile());
        }

        store.putFile("etc/e820", e820(s, below, above));
        AcpiTableSet acpi = AcpiTables.build(contributions,
                AcpiPlatform.pc(s.acpiLayout(), cpus, below, above).withIsaDevices(s.isaDevices()));
        store.putFile(AcpiTableSet.TABLES_FILE, padded(acpi.tables(), ACPI_TABLES_PADDING));
        store.putFile(AcpiTableSet.RSDP_FILE, acpi.rsdp());
        store.putFile(AcpiTableSet.LOADER_FILE, padded(acpi.loader(), LOADER_PADDING));
        store.putFile(AcpiTableSet.SYSTEM_STATES_FILE, acpi.systemStates());

        SmbiosTableSet smbios = SmbiosTables.build(s.smbios(), SmbiosPlatform.pc(cpus, below, above),
                contributions.smbiosStructures(), false);
        store.putFile(SmbiosTableSet.TABLES_FILE, smbios.tables());
        store.putFile(SmbiosTableSet.ANCHOR_FILE, smbios.anchor());

        store.putFile("bootorder", bootOrderFile(bootOrder));
        store.putFile("bios-geometry", new byte[0]);        // no disks with a forced geometry
        store.putFile("etc/boot-fail-wait", u32(-1));       // -boot reboot-timeout: never reboot
        store.putFile("etc/tpm/log", new byte[0]);          // no TPM event log
        for (Map.Entry<String, byte[]> f : contributions.fwCfgFiles().entrySet()) {
            if (store.selectorOf(f.getKey()) >= 0)
                throw new ConfigException("fw_cfg: a device contributed file '" + f.getKey() + "', which the firmware builds itself");
            store.putFile(f.getKey(), f.getValue());
        }
        return store;
    }

    // QEMU lists the AMD HyperTransport reservation before the RAM
    private static byte[] e820(FwCfgSettings s, long below, long above) {
        LeWriter e820 = new LeWriter();
        if (s.amdHtHole()) e820.u64(AMD_HT_START).u64(AMD_HT_SIZE).u32(E820_RESERVED);
        e820.u64(0).u64(below).u32(E820_RAM);
        if (above > 0) e820.u64(1L << 32).u64(above).u32(E820_RAM);
        return e820.toArray();
    }

    private static byte[] padded(byte[] data, int unit) {
        return Arrays.copyOf(data, (data.length + unit - 1) / unit * unit);
    }

    private static byte[] u32(long v) {
        return new LeWriter().u32(v).toArray();
    }

    // the system UUID as written (big-endian), zero when none was given
    private static byte[] uuid(FwCfgSettings s) {
        String text = s.smbios().get(1, "uuid", null);
        byte[] b = new byte[16];
        if (text != null) {
            String hex = text.replace("-", "");
            for (int i = 0; i < 16; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    // one device path a line, the last line NUL-terminated instead; empty without any
    private static byte[] bootOrderFile(List<String> paths) {
        if (paths.isEmpty()) return new byte[0];
        return (String.join("\n", paths) + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
