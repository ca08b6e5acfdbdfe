package org.plugboard.firmware.fwcfg;

import java.util.List;
import org.plugboard.firmware.acpi.AcpiPlatform;
import org.plugboard.firmware.acpi.IsaDevice;
import org.plugboard.firmware.smbios.SmbiosOptions;

/**
 * What the user configured for the fw_cfg device, read and checked by the factory.
 *
 * @param lowMemoryLimit how much RAM may sit below 4 GiB, or -1 for what the machine maps there
 * @param kernel         the {@code -kernel} image, or null
 * @param kernelName     its path as given (a multiboot command line starts with it, as on QEMU)
 * @param initrds        the {@code -initrd} files (one for Linux, the modules for multiboot)
 * @param kernelRom      the option ROM SeaBIOS runs to boot the kernel from fw_cfg (QEMU's linuxboot_dma.bin or
 *                       multiboot_dma.bin), or null without a kernel
 * @param append         the kernel command line
 * @param smbios         the {@code -smbios} options
 * @param bootOrder      firmware device paths in boot order ({@code bootorder} file lines)
 * @param isaDevices     the standard ISA devices the DSDT describes
 * @param acpiLayout     QEMU pc's root tables, or ACPI 2.0 ones
 * @param amdHtHole      whether e820 reserves the AMD HyperTransport window below 1 TiB (QEMU does
 *                       for an AMD CPU model such as the default qemu64)
 * @param nographic      whether the machine runs without a display (QEMU's -nographic): SeaBIOS then
 *                       mirrors its console on COM1
 */
record FwCfgSettings(long lowMemoryLimit, byte[] kernel, String kernelName, List<KernelItems.Initrd> initrds, byte[] kernelRom, String append,
                     SmbiosOptions smbios, List<String> bootOrder, List<IsaDevice> isaDevices,
                     AcpiPlatform.Layout acpiLayout, boolean amdHtHole, boolean nographic) {
    FwCfgSettings {
        initrds = List.copyOf(initrds);
        bootOrder = List.copyOf(bootOrder);
        isaDevices = List.copyOf(isaDevices);
    }
}
