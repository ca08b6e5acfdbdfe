package org.plugboard.firmware.fwcfg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.firmware.acpi.AcpiPlatform;
import org.plugboard.firmware.acpi.IsaDevice;
import org.plugboard.firmware.smbios.SmbiosOptions;

/**
 * Creates the {@code fw_cfg} device. Until the SPI lets the machine pass its {@code -kernel},
 * {@code -initrd}, {@code -append} and {@code -smbios} options to a device, they arrive as
 * properties of the device itself.
 */
@Component(service = DeviceFactory.class, property = DeviceFactory.TYPE + "=" + FwCfgDevice.TYPE)
public final class FwCfgFactory implements DeviceFactory {
    private static final Map<String, String> PROPERTIES = new LinkedHashMap<>();
    static final String DEFAULT_LINUXBOOT_ROM = "/usr/share/qemu/linuxboot_dma.bin";
    static final String DEFAULT_MULTIBOOT_ROM = "/usr/share/qemu/multiboot_dma.bin";

    static {
        PROPERTIES.put("kernel", "Linux bzImage or multiboot image handed to the firmware (the kernel/setup items)");
        PROPERTIES.put("initrd", "initrd file handed with the kernel; for a multiboot kernel, modules separated by ';'"
                + " (a module's arguments follow its file name after a space)");
        PROPERTIES.put("append", "kernel command line");
        PROPERTIES.put("linuxboot-rom", "option ROM that boots the kernel from fw_cfg (default " + DEFAULT_LINUXBOOT_ROM
                + ", Debian package qemu-system-data)");
        PROPERTIES.put("multiboot-rom", "option ROM that boots a multiboot kernel from fw_cfg (default " + DEFAULT_MULTIBOOT_ROM + ")");
        PROPERTIES.put("smbios", "-smbios options separated by ';' (type=1,,manufacturer=X;type=2: commas doubled)");
        PROPERTIES.put("bootorder", "firmware device paths separated by ';' (the bootorder file)");
        PROPERTIES.put("lowmem", "RAM that may sit below 4 GiB before the rest moves above (default: as the machine's board maps it)");
        PROPERTIES.put("acpi", "root tables: 'qemu' (RSDP rev 0, RSDT, FADT rev 1, as QEMU 7.2 pc; default, so guests see what they see on QEMU) or 'acpi2' (RSDP rev 2, XSDT, FADT rev 3)");
        PROPERTIES.put("amd-ht-hole", "reserve the AMD HyperTransport window 0xfd00000000-0xffffffffff in e820, as QEMU does for AMD CPU models (default on, for qemu64)");
        PROPERTIES.put("nographic", "the nographic item: on makes SeaBIOS mirror its console on COM1 (the machine sets it from -nographic, as QEMU)");
        PROPERTIES.put("serials", "I/O bases of the 16550 ports the DSDT lists as COM1.. (default 0x3f8; 'none')");
    }

    @Override
    public String type() { return FwCfgDevice.TYPE; }

    @Override
    public String description() {
        return "QEMU firmware configuration interface (ports 0x510/0x511, DMA at 0x514) with ACPI, SMBIOS and e820 tables";
    }

    @Override
    public Map<String, String> properties() { return PROPERTIES; }

    @Override
    public Device create(DeviceConfig config) throws ConfigException {
        for (String name : config.properties().keySet()) {
            if (!PROPERTIES.containsKey(name))
                throw new ConfigException(where(config) + "unknown property '" + name + "'; accepted: "
                        + String.join(", ", PROPERTIES.keySet()));
        }
        String kernelPath = config.string("kernel", null);
        String initrdPaths = config.string("initrd", null);
        if (initrdPaths != null && kernelPath == null) throw new ConfigException(where(config) + "initrd given without kernel");
        byte[] kernel = kernelPath == null ? null : read(config, "kernel", kernelPath);
        List<KernelItems.Initrd> initrds = new java.util.ArrayList<>();
        for (String spec : split(initrdPaths == null ? "" : initrdPaths)) {
            initrds.add(new KernelItems.Initrd(spec, read(config, "initrd", spec.split(" ", 2)[0])));
        }
        String romProperty = kernel == null ? null : KernelItems.bootsAsLinux(kernel) ? "linuxboot-rom" : "multiboot-rom";
        SmbiosOptions smbios;
        try {
            smbios = SmbiosOptions.parse(split(config.string("smbios", "")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(config) + e.getMessage());
        }
        FwCfgSettings settings = new FwCfgSettings(
                config.number("lowmem", -1, -1, 1L << 32),
                kernel,
                kernelPath,
                initrds,
                romProperty == null ? null : read(config, romProperty, config.string(romProperty,
                        romProperty.equals("linuxboot-rom") ? DEFAULT_LINUXBOOT_ROM : DEFAULT_MULTIBOOT_ROM)),
                config.string("append", ""),
                smbios,
                split(config.string("bootorder", "")),
                isaDevices(config),
                acpiLayout(config),
                config.bool("amd-ht-hole", true),
                config.bool("nographic", false));
        if (settings.kernel() != null) {
            // fail now, not when the machine starts: the split checks the image
            // (with the largest low-memory window a board has; the real one is checked at realize)
            KernelItems.of(settings.kernelName(), settings.kernel(), settings.append(), settings.initrds(),
                    settings.lowMemoryLimit() >= 0 ? settings.lowMemoryLimit() : 0xe0000000L);
        }
        return new FwCfgDevice(settings);
    }

    private static AcpiPlatform.Layout acpiLayout(DeviceConfig config) throws ConfigException {
        switch (config.string("acpi", "qemu")) {
            case "qemu": return AcpiPlatform.Layout.QEMU_PC;
            case "acpi2": return AcpiPlatform.Layout.ACPI2;
            default: throw new ConfigException(where(config) + "acpi: '" + config.string("acpi", "") + "' is not qemu or acpi2");
        }
    }

    private static List<IsaDevice> isaDevices(DeviceConfig config) throws ConfigException {
        List<IsaDevice> devices = new java.util.ArrayList<>(List.of(new IsaDevice.Rtc(), new IsaDevice.Keyboard(), new IsaDevice.Mouse()));
        String serials = config.string("serials", "0x3f8");
        if (serials.equals("none")) return devices;
        int[] standardIrq = {4, 3, 4, 3};   // COM1..COM4 share IRQ 4 and 3 in pairs
        List<String> bases = Arrays.asList(serials.split(";"));
        if (bases.size() > 4) throw new ConfigException(where(config) + "at most 4 serial ports");
        for (int i = 0; i < bases.size(); i++) {
            long base;
            try {
                base = DeviceConfig.parseNumber(bases.get(i));
            } catch (NumberFormatException e) {
                throw new ConfigException(where(config) + "serials: '" + bases.get(i) + "' is not a port number");
            }
            if (base < 0 || base > 0xfff8) throw new ConfigException(where(config) + "serials: port 0x" + Long.toHexString(base) + " out of range");
            devices.add(new IsaDevice.Serial(i + 1, (int) base, standardIrq[i]));
        }
        return devices;
    }

    private static byte[] read(DeviceConfig config, String property, String path) throws ConfigException {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new ConfigException(where(config) + property + " " + path + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static List<String> split(String list) {
        return list.isEmpty() ? List.of() : Arrays.asList(list.split(";"));
    }

    private static String where(DeviceConfig config) {
        return "device " + config.id() + " (" + FwCfgDevice.TYPE + "): ";
    }
}
