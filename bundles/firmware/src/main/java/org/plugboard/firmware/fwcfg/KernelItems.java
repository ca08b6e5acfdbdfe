package org.plugboard.firmware.fwcfg;

import java.util.List;
import org.plugboard.api.device.ConfigException;

/**
 * A {@code -kernel} handed to firmware through fw_cfg, as QEMU does when it boots a kernel with
 * SeaBIOS: the items the firmware's option ROM reads, and which option ROM that is.
 */
interface KernelItems {
    /** An {@code -initrd} file: its spec (the file name, then for a multiboot module its arguments after a space) and contents. */
    record Initrd(String spec, byte[] data) {
    }

    /** Puts the kernel items into {@code store}. */
    void install(FwCfgStore store);

    /** The option ROM's fw_cfg file name ({@code genroms/...}), first in the boot order. */
    String romFile();

    /** Whether QEMU would take {@code image} for a Linux kernel (anything that is not multiboot is, and fails there). */
    static boolean bootsAsLinux(byte[] image) {
        return LinuxBootItems.isLinux(image) || !MultibootItems.isMultiboot(image);
    }

    /**
     * Splits a kernel the way QEMU 7.2 does: a Linux kernel (the "HdrS" header) first, else a multiboot image.
     *
     * @param ramBelow4g RAM below 4 GiB, which bounds where a Linux initrd may go
     */
    static KernelItems of(String kernelName, byte[] image, String commandLine, List<Initrd> initrds, long ramBelow4g)
            throws ConfigException {
        if (bootsAsLinux(image)) {
            if (initrds.size() > 1)
                throw new ConfigException("fw_cfg: a Linux kernel takes one initrd, not " + initrds.size());
            return new LinuxBootItems(kernelName, image, commandLine, initrds.isEmpty() ? null : initrds.get(0).data(), ramBelow4g);
        }
        return new MultibootItems(kernelName, image, commandLine, initrds);
    }
}
