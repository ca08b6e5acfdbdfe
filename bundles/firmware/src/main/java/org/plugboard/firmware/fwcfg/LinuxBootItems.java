package org.plugboard.firmware.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * A Linux bzImage/zImage split the way QEMU hands a {@code -kernel} to firmware through fw_cfg
 * (SeaBIOS' linuxboot option ROM copies the parts into place): the real-mode setup code with its
 * header patched (loader type, command line pointer, heap end, initrd location), the
 * protected-mode kernel, the command line and the initrd, each with its load address and size.
 */
final class LinuxBootItems implements KernelItems {
    static final String ROM = "genroms/linuxboot_dma.bin";
    private static final int HEADER_MAGIC_OFFSET = 0x202;   // "HdrS"
    private static final int SETUP_SECTS = 0x1f1;
    private static final int VERSION = 0x206;
    private static final int TYPE_OF_LOADER = 0x210;
    private static final int LOADFLAGS = 0x211;
    private static final int RAMDISK_IMAGE = 0x218;
    private static final int RAMDISK_SIZE = 0x21c;
    private static final int HEAP_END_PTR = 0x224;
    private static final int CMD_LINE_PTR = 0x228;
    private static final int INITRD_ADDR_MAX = 0x22c;
    private static final int LOADED_HIGH = 0x01, CAN_USE_HEAP = 0x80;
    private static final int QEMU_LOADER_ID = 0xb0;
    /** Room QEMU's pc machine keeps free for ACPI data at the top of low RAM (initrds go below it). */
    static final long ACPI_DATA_SIZE = 0x20000 + 0x8000;

    final int setupAddress, kernelAddress, cmdlineAddress;
    final byte[] setup, kernel, cmdline;
    final int initrdAddress;
    final byte[] initrd;

    /**
     * @param ramBelow4g RAM below 4 GiB, which bounds where the initrd may go
     * @param initrdData the initrd, or null
     */
    LinuxBootItems(String kernelName, byte[] image, String commandLine, byte[] initrdData, long ramBelow4g)
            throws ConfigException {
        int protocol = isLinux(image) ? le(image, VERSION, 2) : 0;
        if (protocol == 0)
            throw new ConfigException("fw_cfg: kernel " + kernelName + " is neither a Linux kernel (no 'HdrS' header at 0x202)"
                    + " nor a multiboot image (no valid multiboot header in its first 8 KiB)");
        int realAddr, cmdAddr, protAddr;
        // old protocols keep the command line just below 0x9a000, in a 16-byte aligned slot
        int cmdlineSlot = (commandLine.length() + 16) & ~15;
        if (protocol < 0x200 || (image[LOADFLAGS] & LOADED_HIGH) == 0) {
            realAddr = 0x90000; cmdAddr = 0x9a000 - cmdlineSlot; protAddr = 0x10000;  // zImage: all below 1 MiB
        } else if (protocol < 0x202) {
            realAddr = 0x90000; cmdAddr = 0x9a000 - cmdlineSlot; protAddr = 0x100000;
        } else {
            realAddr = 0x10000; cmdAddr = 0x20000; protAddr = 0x100000;
        }
        int setupSects = image[SETUP_SECTS] & 0xff;
        int setupSize = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        if (setupSize >= image.length)
            throw new ConfigException("fw_cfg: kernel " + kernelName + " is truncated: setup of " + setupSize
                    + " bytes but the file has " + image.length);
        byte[] setupPart = Arrays.copyOf(image, setupSize);
        byte[] cmd = (commandLine + "\0").getBytes(StandardCharsets.US_ASCII);

        if (protocol >= 0x202) {
            putLe(setupPart, CMD_LINE_PTR, cmdAddr, 4);
        } else {
            putLe(setupPart, 0x20, 0xa33f, 2);                // old command line protocol: magic + offset
            putLe(setupPart, 0x22, cmdAddr - realAddr, 2);
        }
        if (protocol >= 0x200) setupPart[TYPE_OF_LOADER] = (byte) QEMU_LOADER_ID;
        if (protocol >= 0x201) {
            setupPart[LOADFLAGS] |= (byte) CAN_USE_HEAP;
            putLe(setupPart, HEAP_END_PTR, cmdAddr - realAddr - 0x200, 2);
        }

        int initrdAt = 0;
        if (initrdData != null) {
            if (protocol < 0x200) throw new ConfigException("fw_cfg: kernel " + kernelName + " is too old for an initrd");
            long max = protocol >= 0x203 ? le(image, INITRD_ADDR_MAX, 4) & 0xffffffffL : 0x37ffffffL;
            if (max >= ramBelow4g - ACPI_DATA_SIZE) max = ramBelow4g - ACPI_DATA_SIZE - 1;
            if (initrdData.length >= max)
                throw new ConfigException("fw_cfg: initrd of " + initrdData.length + " bytes does not fit below 0x"
                        + Long.toHexString(max));
            initrdAt = (int) ((max - initrdData.length) & ~4095L);
            putLe(setupPart, RAMDISK_IMAGE, initrdAt, 4);
            putLe(setupPart, RAMDISK_SIZE, initrdData.length, 4);
        }
        this.setupAddress = realAddr;
        this.kernelAddress = protAddr;
        this.cmdlineAddress = cmdAddr;
        this.setup = setupPart;
        this.kernel = Arrays.copyOfRange(image, setupSize, image.length);
        this.cmdline = cmd;
        this.initrdAddress = initrdAt;
        this.initrd = initrdData;
    }

    @Override
    public String romFile() {
        return ROM;
    }

    @Override
    public void install(FwCfgStore store) {
        store.put(FwCfgKeys.SETUP_ADDR, u32(setupAddress));
        store.put(FwCfgKeys.SETUP_SIZE, u32(setup.length));
        store.put(FwCfgKeys.SETUP_DATA, setup);
        store.put(FwCfgKeys.KERNEL_ADDR, u32(kernelAddress));
        store.put(FwCfgKeys.KERNEL_SIZE, u32(kernel.length));
        store.put(FwCfgKeys.KERNEL_DATA, kernel);
        store.put(FwCfgKeys.CMDLINE_ADDR, u32(cmdlineAddress));
        store.put(FwCfgKeys.CMDLINE_SIZE, u32(cmdline.length));
        store.put(FwCfgKeys.CMDLINE_DATA, cmdline);
        if (initrd != null) {
            store.put(FwCfgKeys.INITRD_ADDR, u32(initrdAddress));
            store.put(FwCfgKeys.INITRD_SIZE, u32(initrd.length));
            store.put(FwCfgKeys.INITRD_DATA, initrd);
        }
    }

    static boolean isLinux(byte[] image) {
        return image.length > 0x260 && image[HEADER_MAGIC_OFFSET] == 'H' && image[HEADER_MAGIC_OFFSET + 1] == 'd'
                && image[HEADER_MAGIC_OFFSET + 2] == 'r' && image[HEADER_MAGIC_OFFSET + 3] == 'S';
    }

    private static byte[] u32(long v) {
        return new LeWriter().u32(v).toArray();
    }

    private static int le(byte[] b, int at, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) v |= (b[at + i] & 0xff) << (8 * i);
        return v;
    }

    private static void putLe(byte[] b, int at, long v, int size) {
        for (int i = 0; i < size; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
