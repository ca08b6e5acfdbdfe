package org.plugboard.firmware.fwcfg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.acpi.BiosLinker;
import org.plugboard.testkit.DeviceTestKit;

/**
 * fw_cfg as firmware reads it, compared with Debian 12's QEMU 7.2. The reference was read on
 * {@code qemu-system-x86_64 -machine pc -m 128 -smp 2 -nodefaults} by a 64 KiB probe firmware
 * (given with {@code -bios}) that walked the file directory and the items through ports
 * 0x510/0x511 and printed them on the 0x402 debug console ({@code tools/qemu-probe/capture.sh}).
 */
class FwCfgQemuReferenceTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * QEMU's directory, in its order, with sizes, less {@code genroms/kvmvapic.bin} (the APIC's
     * TPR-patching option ROM, a QEMU artifact Plugboard does not have). {@code etc/system-states}
     * comes with the DSDT's sleep states here; on QEMU the PIIX4 PM adds it.
     */
    private static final Map<String, Integer> QEMU_FILES = new LinkedHashMap<>();

    static {
        QEMU_FILES.put("bios-geometry", 0);
        QEMU_FILES.put("bootorder", 0);
        QEMU_FILES.put("etc/acpi/rsdp", 0x14);
        QEMU_FILES.put("etc/acpi/tables", 0x20000);
        QEMU_FILES.put("etc/boot-fail-wait", 4);
        QEMU_FILES.put("etc/e820", 0x28);
        QEMU_FILES.put("etc/smbios/smbios-anchor", 0x1f);
        QEMU_FILES.put("etc/smbios/smbios-tables", 0x141);
        QEMU_FILES.put("etc/system-states", 6);
        QEMU_FILES.put("etc/table-loader", 0x1000);
        QEMU_FILES.put("etc/tpm/log", 0);
    }

    private static final String QEMU_E820 = "00000000fd0000000000000003000000020000000000000000000000000000080000000001000000";
    private static final String QEMU_ANCHOR = "5f534d5f001f020851000000000000005f444d495f00410100000000080028";
    private static final String QEMU_BOOT_FAIL_WAIT = "ffffffff";
    /** S0, S3 (SLP_TYP 1), S4 (2), S5 (0) declared; S1 and S2 not. */
    private static final String QEMU_SYSTEM_STATES = "800000818280";

    /**
     * The shape of QEMU's table-loader: command, file(s), pointer size. QEMU's HPET device adds
     * one more checksum (its table) and one more RSDT pointer; without it the rest is the same.
     */
    private static final List<String> QEMU_LOADER_SHAPE_WITHOUT_HPET = List.of(
            "ALLOCATE etc/acpi/rsdp 16 FSEG", "ALLOCATE etc/acpi/tables 64 HIGH",
            "CHECKSUM etc/acpi/tables",                                           // DSDT
            "POINTER etc/acpi/tables<-etc/acpi/tables 4", "POINTER etc/acpi/tables<-etc/acpi/tables 4",
            "CHECKSUM etc/acpi/tables",                                           // FACP
            "CHECKSUM etc/acpi/tables",                                           // APIC
            "CHECKSUM etc/acpi/tables",                                           // WAET
            "POINTER etc/acpi/tables<-etc/acpi/tables 4", "POINTER etc/acpi/tables<-etc/acpi/tables 4",
            "POINTER etc/acpi/tables<-etc/acpi/tables 4",
            "CHECKSUM etc/acpi/tables",                                           // RSDT
            "POINTER etc/acpi/rsdp<-etc/acpi/tables 4", "CHECKSUM etc/acpi/rsdp");

    private static DeviceTestKit qemuLikeKit() throws ConfigException {
        return DeviceTestKit.builder(new FwCfgFactory()).ramSize(128 << 20).cpus(2).property("acpi", "qemu").build();
    }

    @Test
    void directoryAndFileSizesMatch() throws ConfigException {
        try (DeviceTestKit kit = qemuLikeKit()) {
            Map<String, Integer> mine = new LinkedHashMap<>();
            new FwCfgPorts(kit).directory().forEach((name, entry) -> mine.put(name, entry[1]));
            assertEquals(QEMU_FILES, mine);
        }
    }

    @Test
    void e820AnchorAndBootFailWaitMatchByteForByte() throws ConfigException {
        try (DeviceTestKit kit = qemuLikeKit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertEquals(QEMU_E820, HEX.formatHex(p.file("etc/e820")));
            assertEquals(QEMU_ANCHOR, HEX.formatHex(p.file("etc/smbios/smbios-anchor")));
            assertEquals(QEMU_BOOT_FAIL_WAIT, HEX.formatHex(p.file("etc/boot-fail-wait")));
            assertEquals(QEMU_SYSTEM_STATES, HEX.formatHex(p.file("etc/system-states")));
        }
    }

    @Test
    void itemsMatch() throws ConfigException {
        try (DeviceTestKit kit = qemuLikeKit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertEquals("51454d55", HEX.formatHex(p.item(0x00, 4)));
            assertEquals("03000000", HEX.formatHex(p.item(0x01, 4)));
            assertEquals("0000000800000000", HEX.formatHex(p.item(0x03, 8)));
            assertEquals("0200", HEX.formatHex(p.item(0x05, 2)));
            assertEquals("0200", HEX.formatHex(p.item(0x0f, 2)));
            assertEquals("0000", HEX.formatHex(p.item(0x8000, 2)));
            assertEquals("01000000", HEX.formatHex(p.item(0x8002, 4)));
        }
    }

    @Test
    void tableLoaderHasQemusCommandSequence() throws ConfigException {
        try (DeviceTestKit kit = qemuLikeKit()) {
            List<String> shape = new ArrayList<>();
            for (BiosLinker.Command c : BiosLinker.parse(new FwCfgPorts(kit).file("etc/table-loader")).commands()) {
                if (c instanceof BiosLinker.Allocate a) shape.add("ALLOCATE " + a.file() + " " + a.alignment() + " " + a.zone());
                else if (c instanceof BiosLinker.AddPointer ptr)
                    shape.add("POINTER " + ptr.destFile() + "<-" + ptr.sourceFile() + " " + ptr.size());
                else if (c instanceof BiosLinker.AddChecksum k) shape.add("CHECKSUM " + k.file());
            }
            assertEquals(QEMU_LOADER_SHAPE_WITHOUT_HPET, shape);
        }
    }
}
