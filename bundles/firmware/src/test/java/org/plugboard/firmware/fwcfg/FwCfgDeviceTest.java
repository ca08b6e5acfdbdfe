package org.plugboard.firmware.fwcfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.firmware.bytes.LeWriter.read;
import static org.plugboard.firmware.bytes.LeWriter.sum;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.firmware.FirmwareBuilder.AcpiScope;
import org.plugboard.api.firmware.FirmwareContributor;
import org.plugboard.firmware.acpi.BiosLinker;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.assembly.FirmwareAssembler;
import org.plugboard.testkit.DeviceTestKit;

/** The fw_cfg device through its ports and DMA interface, as SeaBIOS and Linux' qemu_fw_cfg use it. */
class FwCfgDeviceTest {
    private static final int CTL_ERROR = 0x01, CTL_READ = 0x02, CTL_SKIP = 0x04, CTL_SELECT = 0x08, CTL_WRITE = 0x10;

    @TempDir
    Path dir;

    private static DeviceTestKit kit() throws ConfigException {
        return DeviceTestKit.builder(new FwCfgFactory()).ramSize(32 << 20).cpus(2).property("acpi", "acpi2").build();
    }

    @Test
    void signatureIdAndMachineFacts() throws ConfigException {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertEquals("QEMU", new String(p.item(0x00, 4), StandardCharsets.US_ASCII));
            assertEquals(3, p.le(0x01, 4), "port interface and DMA");
            assertEquals(32 << 20, p.le(0x03, 8));
            assertEquals(2, p.le(0x05, 2));
            assertEquals(2, p.le(0x0f, 2), "max_cpus");
            assertEquals(1, p.le(0x8002, 4), "IRQ0 override");
        }
    }

    @Test
    void selectorRewindsAndReadsPastTheEndGiveZeros() throws ConfigException {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            p.select(0x00);
            assertArrayEquals("QE".getBytes(StandardCharsets.US_ASCII), p.read(2));
            p.select(0x00);
            assertArrayEquals("QEMU".getBytes(StandardCharsets.US_ASCII), p.read(4), "selecting again starts over");
            assertArrayEquals(new byte[4], p.read(4), "past the end: zeros");
            p.select(0x4000);
            assertEquals('Q', kit.inb(FwCfgPorts.DATA), "the write-channel bit selects the same item");
            assertEquals('E', kit.inb(FwCfgPorts.SELECTOR), "a byte read of the selector port reads data too");
            p.select(0x0006);
            assertArrayEquals(new byte[8], p.read(8), "an item that does not exist reads as zeros");
            p.select(0x00);
            kit.outb(FwCfgPorts.DATA, 0x55);
            kit.outb(FwCfgPorts.SELECTOR, 0x19);
            assertEquals('Q', kit.inb(FwCfgPorts.DATA), "byte writes neither store nor select");
            p.select(0x00);
            kit.reset();
            assertEquals('Q', kit.inb(FwCfgPorts.DATA), "reset selects the signature at offset 0");
        }
    }

    /** A device that only describes itself: a node under the ISA bridge. */
    private static final class Contributor extends org.plugboard.api.device.AbstractDeviceFactory {
        Contributor() {
            super("test-contributor", "contributes an ACPI node");
        }

        @Override
        protected org.plugboard.api.device.Device createChecked(org.plugboard.api.device.DeviceConfig config) {
            return new Node();
        }

        private static final class Node implements org.plugboard.api.device.Device,
                org.plugboard.api.firmware.FirmwareContributor {
            @Override public void realize(org.plugboard.api.device.DeviceContext context) { }
            @Override public void reset() { }
            @Override public org.plugboard.api.device.DeviceState saveState() { return new org.plugboard.api.device.DeviceState("test-contributor", 1); }
            @Override public void restoreState(org.plugboard.api.device.DeviceState state) { }

            @Override
            public void contribute(org.plugboard.api.firmware.FirmwareBuilder builder) {
                builder.acpiNode(org.plugboard.api.firmware.FirmwareBuilder.AcpiScope.ISA_BRIDGE,
                        org.plugboard.firmware.aml.Aml.device("TST0",
                                org.plugboard.firmware.aml.Aml.name("_HID", org.plugboard.firmware.aml.Aml.eisaId("PNP0C02"))));
            }
        }
    }

    @Test
    void theDsdtDescribesTheOtherDevicesOfTheMachineByThemselves() throws Exception {
        // the other device contributes its own node; fw_cfg learns of it from the machine at reset
        try (DeviceTestKit kit = DeviceTestKit.builder(new FwCfgFactory()).neighbour(new Contributor(), "tst", Map.of()).build()) {
            String tables = new String(new FwCfgPorts(kit).file("etc/acpi/tables"), StandardCharsets.ISO_8859_1);
            assertTrue(tables.contains("TST0"), "the other device's node is in the DSDT");
            assertTrue(tables.indexOf("ISA_") < tables.indexOf("TST0"), "under the ISA bridge");
        }
        try (DeviceTestKit kit = kit()) {
            String tables = new String(new FwCfgPorts(kit).file("etc/acpi/tables"), StandardCharsets.ISO_8859_1);
            assertFalse(tables.contains("TST0"), "no device, no node");
        }
    }

    @Test
    void directoryListsFilesSortedByNameWithConsecutiveSelectors() throws ConfigException {
        try (DeviceTestKit kit = kit()) {
            Map<String, int[]> dir = new FwCfgPorts(kit).directory();
            List<String> names = new ArrayList<>(dir.keySet());
            assertEquals(List.of("bios-geometry", "bootorder", "etc/acpi/rsdp", "etc/acpi/tables", "etc/boot-fail-wait",
                    "etc/e820", "etc/smbios/smbios-anchor", "etc/smbios/smbios-tables", "etc/system-states", "etc/table-loader",
                    "etc/tpm/log"), names);
            int expect = 0x20;
            for (String n : names) assertEquals(expect++, dir.get(n)[0], n + " selector");
            assertEquals(0, dir.get("bootorder")[1]);
            assertEquals(36, dir.get("etc/acpi/rsdp")[1]);
            assertEquals(31, dir.get("etc/smbios/smbios-anchor")[1]);
            assertEquals(0x1000, dir.get("etc/table-loader")[1], "padded to 4 KiB like QEMU");
            assertEquals(0x20000, dir.get("etc/acpi/tables")[1], "padded to 128 KiB like QEMU");
            assertEquals(4, dir.get("etc/boot-fail-wait")[1]);
        }
    }

    @Test
    void filesReadThroughTheDataPort() throws ConfigException {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            byte[] e820 = p.file("etc/e820");
            assertEquals(40, e820.length, "the AMD HyperTransport hole (qemu64 is an AMD model), then RAM below 4 GiB");
            assertEquals(0xfd00000000L, read(e820, 0, 8));
            assertEquals(0x300000000L, read(e820, 8, 8));
            assertEquals(2, read(e820, 16, 4), "reserved");
            assertEquals(0, read(e820, 20, 8));
            assertEquals(32 << 20, read(e820, 28, 8));
            assertEquals(1, read(e820, 36, 4));
            byte[] rsdp = p.file("etc/acpi/rsdp");
            assertEquals("RSD PTR ", new String(rsdp, 0, 8, StandardCharsets.US_ASCII));
            byte[] anchor = p.file("etc/smbios/smbios-anchor");
            assertEquals("_SM_", new String(anchor, 0, 4, StandardCharsets.US_ASCII));
            assertEquals(p.directory().get("etc/smbios/smbios-tables")[1], read(anchor, 0x16, 2));
        }
    }

    @Test
    void ramAbove4GibAndTheQemuTableLayoutFollowTheProperties() throws ConfigException {
        try (DeviceTestKit kit = DeviceTestKit.builder(new FwCfgFactory()).ramSize(64 << 20).property("lowmem", "0x2000000")
                .property("amd-ht-hole", "off").property("acpi", "qemu").build()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            byte[] e820 = p.file("etc/e820");
            assertEquals(40, e820.length);
            assertEquals(32 << 20, read(e820, 8, 8), "32 MiB below 4 GiB");
            assertEquals(1L << 32, read(e820, 20, 8));
            assertEquals(32 << 20, read(e820, 28, 8), "the rest above");
            assertEquals(20, p.file("etc/acpi/rsdp").length, "revision-0 RSDP");
            assertEquals(0, p.file("etc/acpi/rsdp")[15]);
        }
        assertMessage("is not qemu or acpi2", () -> DeviceTestKit.builder(new FwCfgFactory()).property("acpi", "3").build());
    }

    @Test
    void theTableLoaderPlacesTheTablesAsFirmwareWould() throws ConfigException {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            BiosLinker linker = BiosLinker.parse(p.file("etc/table-loader"));
            Map<String, byte[]> placed = linker.apply(
                    Map.of("etc/acpi/tables", p.file("etc/acpi/tables"), "etc/acpi/rsdp", p.file("etc/acpi/rsdp")),
                    Map.of("etc/acpi/tables", 0x1ff0000L, "etc/acpi/rsdp", 0xf0000L));
            byte[] rsdp = placed.get("etc/acpi/rsdp");
            byte[] tables = placed.get("etc/acpi/tables");
            assertEquals(0, sum(rsdp, 0, 36));
            int xsdt = (int) (read(rsdp, 24, 8) - 0x1ff0000L);
            assertEquals("XSDT", new String(tables, xsdt, 4, StandardCharsets.US_ASCII));
            int madt = (int) (read(tables, xsdt + 36 + 8, 8) - 0x1ff0000L);
            assertEquals("APIC", new String(tables, madt, 4, StandardCharsets.US_ASCII));
            assertEquals(0, sum(tables, madt, (int) read(tables, madt + 4, 4)));
            assertEquals(0, tables[madt + 44], "first entry: a local APIC");
            assertEquals(0, tables[madt + 52], "second entry: a local APIC (2 CPUs)");
        }
    }

    @Test
    void dmaReadsSelectsSkipsAndZeroFillsPastTheEnd() throws Exception {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            long desc = 0x1000, buf = 0x2000;
            assertEquals(0, p.dma(desc, 0x0000 << 16 | CTL_SELECT | CTL_READ, 4, buf), "control comes back 0");
            assertEquals("QEMU", new String(bytes(kit, buf, 4), StandardCharsets.US_ASCII));

            int tables = p.directory().get("etc/acpi/tables")[0];
            byte[] viaPorts = p.file("etc/acpi/tables");
            assertEquals(0, p.dma(desc, tables << 16 | CTL_SELECT | CTL_READ, viaPorts.length, buf));
            assertArrayEquals(viaPorts, bytes(kit, buf, viaPorts.length), "DMA gives what the data port gives");

            p.select(0x00);
            assertEquals(0, p.dma(desc, CTL_SKIP, 2, 0));
            assertEquals('M', kit.inb(FwCfgPorts.DATA), "a skip moves the offset the port then reads from");

            kit.dma().write(buf, new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 0, 8);
            assertEquals(0, p.dma(desc, 0x0001 << 16 | CTL_SELECT | CTL_READ, 8, buf));
            assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, bytes(kit, buf, 8), "past the end the buffer gets zeros");

            assertEquals(0, p.dma(desc, 0x0000 << 16 | CTL_SELECT, 4, buf), "no operation: nothing happens");
            assertEquals('Q', kit.inb(FwCfgPorts.DATA), "but the selection was made");
        }
    }

    @Test
    void dmaToMemoryThatIsNotRamSetsTheErrorBit() throws Exception {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertEquals(CTL_ERROR, p.dma(0x1000, CTL_SELECT | CTL_READ, 4, 0xf0000000L), "destination outside RAM");
            assertEquals(CTL_ERROR, p.dma(0x1000, CTL_SELECT | CTL_READ, 64, (32 << 20) - 8), "crossing the end of RAM");
            assertEquals(CTL_ERROR, p.dma(0x1000, CTL_SELECT | CTL_WRITE, 4, 0x2000), "no item is writable");
            p.start(0xf0000000L);   // the descriptor itself is unreachable: nothing to report, nothing breaks
            assertEquals(0, p.dma(0x1000, CTL_SELECT | CTL_READ, 4, 0x2000), "the device still works");
        }
    }

    @Test
    void dmaRegisterReadsTheSignatureAndTakesOnlyWholeHalves() throws Exception {
        try (DeviceTestKit kit = kit()) {
            assertEquals("QEMU", le4(kit.inl(FwCfgPorts.DMA_HIGH)));
            assertEquals(" CFG", le4(kit.inl(FwCfgPorts.DMA_LOW)));
            FwCfgPorts p = new FwCfgPorts(kit);
            p.dma(0x1000, CTL_SELECT | CTL_READ, 4, 0x2000);
            kit.dma().write(0x2000, new byte[4], 0, 4);
            kit.outw(FwCfgPorts.DMA_LOW, 0x1000);   // a 16-bit write does not start anything
            assertArrayEquals(new byte[4], bytes(kit, 0x2000, 4));
        }
    }

    @Test
    void aLinuxKernelIsSplitIntoSetupKernelCommandLineAndInitrd() throws Exception {
        Path kernel = dir.resolve("bzImage");
        Files.write(kernel, bzImage(2, 0x020c, 8192));
        Path initrd = dir.resolve("initrd");
        byte[] initrdData = new byte[10000];
        Arrays.fill(initrdData, (byte) 0x5a);
        Files.write(initrd, initrdData);
        Path rom = dir.resolve("linuxboot_dma.bin");
        Files.write(rom, new byte[] {0x55, (byte) 0xaa, 3});
        try (DeviceTestKit kit = DeviceTestKit.builder(new FwCfgFactory()).ramSize(32 << 20)
                .property("kernel", kernel.toString()).property("initrd", initrd.toString())
                .property("linuxboot-rom", rom.toString()).property("bootorder", "/pci@i0cf8/ide@1,1/drive@0/disk@0")
                .property("append", "console=ttyS0 quiet").build()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertEquals(0x10000, p.le(0x16, 4), "setup address");
            assertEquals(3 * 512, p.le(0x17, 4), "setup size: (2 + 1) sectors");
            assertEquals(0x100000, p.le(0x07, 4), "kernel address");
            assertEquals(8192 - 3 * 512, p.le(0x08, 4));
            byte[] kernelPart = p.item(0x11, 8192 - 3 * 512);
            assertEquals((byte) (3 * 512), kernelPart[0], "the protected-mode part starts after the setup");
            assertEquals(0x20000, p.le(0x13, 4), "command line address");
            assertEquals(20, p.le(0x14, 4), "size with the NUL");
            assertEquals("console=ttyS0 quiet\0", new String(p.item(0x15, 20), StandardCharsets.US_ASCII));

            byte[] setup = p.item(0x18, 3 * 512);
            assertEquals(0xb0, setup[0x210] & 0xff, "loader type");
            assertEquals(0x81, setup[0x211] & 0xff, "LOADED_HIGH | CAN_USE_HEAP");
            assertEquals(0x20000, read(setup, 0x228, 4), "cmd_line_ptr");
            assertEquals(0x20000 - 0x10000 - 0x200, read(setup, 0x224, 2), "heap_end_ptr");
            long initrdAt = p.le(0x0a, 4);
            assertEquals(initrdAt, read(setup, 0x218, 4));
            assertEquals(10000, read(setup, 0x21c, 4));
            assertEquals(10000, p.le(0x0b, 4));
            assertEquals(0, initrdAt % 4096);
            assertTrue(initrdAt + 10000 <= (32 << 20) - LinuxBootItems.ACPI_DATA_SIZE, "below the ACPI data at the top of RAM");
            assertArrayEquals(initrdData, p.item(0x12, 10000));
            assertArrayEquals(new byte[] {0x55, (byte) 0xaa, 3}, p.file("genroms/linuxboot_dma.bin"));
            assertEquals("/rom@genroms/linuxboot_dma.bin\n/pci@i0cf8/ide@1,1/drive@0/disk@0\0",
                    new String(p.file("bootorder"), StandardCharsets.US_ASCII), "the kernel boots first");
        }
    }

    @Test
    void badKernelsAndPropertiesFailBeforeTheMachineStarts() throws Exception {
        Path notLinux = dir.resolve("kernel.elf");
        Files.write(notLinux, new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertMessage("is neither a Linux kernel", () -> DeviceTestKit.builder(new FwCfgFactory()).property("kernel", notLinux.toString()).build());
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, Arrays.copyOf(bzImage(40, 0x020c, 8192), 0x300));
        assertMessage("is truncated", () -> DeviceTestKit.builder(new FwCfgFactory()).property("kernel", truncated.toString()).build());
        assertMessage("cannot read", () -> DeviceTestKit.builder(new FwCfgFactory()).property("kernel", dir.resolve("missing").toString()).build());
        Path bz = dir.resolve("bz");
        Files.write(bz, bzImage(2, 0x020c, 8192));
        assertMessage("linuxboot-rom " + dir.resolve("no.rom") + ": cannot read", () -> DeviceTestKit.builder(new FwCfgFactory())
                .property("kernel", bz.toString()).property("linuxboot-rom", dir.resolve("no.rom").toString()).build());
        assertMessage("initrd given without kernel", () -> DeviceTestKit.builder(new FwCfgFactory()).property("initrd", notLinux.toString()).build());
        assertMessage("unknown property 'iobase'", () -> DeviceTestKit.builder(new FwCfgFactory()).property("iobase", "0x510").build());
        assertMessage("unknown field 'colour'", () -> DeviceTestKit.builder(new FwCfgFactory()).property("smbios", "type=1,colour=red").build());
    }

    @Test
    void smbiosOptionsBootOrderAndSerialPortsComeFromProperties() throws Exception {
        try (DeviceTestKit kit = DeviceTestKit.builder(new FwCfgFactory())
                .property("smbios", "type=2,manufacturer=Apple Inc.;type=1,product=iMac11,,1")
                .property("bootorder", "/pci@i0cf8/ide@1,1/drive@0/disk@0;/rom@genroms/linuxboot_dma.bin")
                .property("serials", "0x3f8;0x2f8").build()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            String smbios = new String(p.file("etc/smbios/smbios-tables"), StandardCharsets.ISO_8859_1);
            assertTrue(smbios.contains("Apple Inc.\0"));
            assertTrue(smbios.contains("iMac11,1\0"));
            assertEquals("/pci@i0cf8/ide@1,1/drive@0/disk@0\n/rom@genroms/linuxboot_dma.bin\0",
                    new String(p.file("bootorder"), StandardCharsets.US_ASCII));
            String tables = new String(p.file("etc/acpi/tables"), StandardCharsets.ISO_8859_1);
            assertTrue(tables.contains("COM2"), "a second serial port gets its DSDT node");
            assertTrue(tables.contains("FWCF\u0008_HID\r" + "QEMU0002"), "fw_cfg describes itself as QEMU does");
        }
    }

    @Test
    void contributionsFromTheMachineRebuildTheTables() throws Exception {
        FirmwareContributor smc = b -> {
            b.acpiNode(AcpiScope.ISA_BRIDGE, Aml.device("SMC", Aml.name("_HID", Aml.eisaId("APP0001"))));
            b.fwCfgFile("opt/org.plugboard/hello", "hi".getBytes(StandardCharsets.US_ASCII));
            b.smbiosStructure(new byte[] {(byte) 0x85, 5, 0x00, (byte) 0x85, 0x00, 0, 0});
        };
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertFalse(new String(p.file("etc/acpi/tables"), StandardCharsets.ISO_8859_1).contains("SMC_"));
            ((FirmwareAssembler) kit.device()).assemble(List.of(smc));
            assertTrue(new String(p.file("etc/acpi/tables"), StandardCharsets.ISO_8859_1).contains("SMC_"));
            assertEquals("hi", new String(p.file("opt/org.plugboard/hello"), StandardCharsets.US_ASCII));
            assertTrue(p.directory().containsKey("opt/org.plugboard/hello"));
            assertEquals(12, p.directory().size());
            byte[] smbios = p.file("etc/smbios/smbios-tables");
            assertEquals(0x85, smbios[smbios.length - 6 - 13 - 7] & 0xff, "the contributed structure sits before types 32 and 127");

            FirmwareContributor clash = b -> b.fwCfgFile("etc/e820", new byte[20]);
            assertThrows(IllegalStateException.class, () -> ((FirmwareAssembler) kit.device()).assemble(List.of(clash)));
        }
    }

    @Test
    void stateCarriesTheSelectionAndOffsetAcrossASwap() throws ConfigException {
        try (DeviceTestKit kit = kit()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            p.select(0x00);
            p.read(2);
            kit.outl(FwCfgPorts.DMA_HIGH, 0x12345678);
            DeviceState saved = kit.save();
            assertEquals(0, saved.getInt("selector"));
            assertEquals(2, saved.getInt("offset"));
            kit.swapTo(new FwCfgFactory());
            assertEquals('M', kit.inb(FwCfgPorts.DATA));
            assertEquals(0x78563412L, kit.save().getLong("dmaAddressHigh"));
            assertThrows(IllegalArgumentException.class, () -> kit.device().restoreState(new DeviceState("i8254", 1)));
        }
    }

    /** A minimal bzImage: setup sectors, boot protocol version, LOADED_HIGH, the initrd limit, and a recognisable body. */
    private static byte[] bzImage(int setupSects, int protocol, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) i;
        b[0x1f1] = (byte) setupSects;
        b[0x202] = 'H'; b[0x203] = 'd'; b[0x204] = 'r'; b[0x205] = 'S';
        b[0x206] = (byte) protocol; b[0x207] = (byte) (protocol >> 8);
        b[0x210] = 0;
        b[0x211] = 0x01;
        b[0x22c] = (byte) 0xff; b[0x22d] = (byte) 0xff; b[0x22e] = (byte) 0xff; b[0x22f] = 0x7f;
        return b;
    }

    private static byte[] bytes(DeviceTestKit kit, long at, int n) throws Exception {
        byte[] b = new byte[n];
        kit.dma().read(at, b, 0, n);
        return b;
    }

    private static String le4(int v) {
        return new String(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}, StandardCharsets.US_ASCII);
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        ConfigException x = assertThrows(ConfigException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
