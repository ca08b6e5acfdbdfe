package org.plugboard.bootloader;

import java.util.Arrays;
import org.plugboard.api.device.ConfigException;

/**
 * The Linux x86 setup header of a bzImage (Documentation/arch/x86/boot.rst): the fields a boot
 * loader reads from the file, and the raw header bytes that go into boot_params unchanged
 * apart from the fields the loader fills in.
 */
final class SetupHeader {
    /** Header offsets are file offsets and boot_params offsets alike. */
    static final int OFF_SETUP_SECTS = 0x1f1, OFF_SYSSIZE = 0x1f4, OFF_JUMP = 0x200, OFF_SIGNATURE = 0x202, OFF_VERSION = 0x206;
    static final int OFF_TYPE_OF_LOADER = 0x210, OFF_LOADFLAGS = 0x211, OFF_CODE32_START = 0x214;
    static final int OFF_RAMDISK_IMAGE = 0x218, OFF_RAMDISK_SIZE = 0x21c, OFF_HEAP_END_PTR = 0x224;
    static final int OFF_CMD_LINE_PTR = 0x228, OFF_INITRD_ADDR_MAX = 0x22c, OFF_XLOADFLAGS = 0x236;
    static final int OFF_KERNEL_ALIGNMENT = 0x230, OFF_RELOCATABLE_KERNEL = 0x234;
    static final int OFF_CMDLINE_SIZE = 0x238, OFF_PREF_ADDRESS = 0x258, OFF_INIT_SIZE = 0x260;
    /** Where the setup header ends at the latest: boot_params carries other data from here. */
    static final int MAX_END = 0x290;

    static final int SIGNATURE = 0x53726448; // "HdrS"
    /** 2.06: the first version that states cmdline_size, so every field used here exists. */
    static final int MIN_VERSION = 0x0206;
    static final int LOADED_HIGH = 0x01, CAN_USE_HEAP = 0x80;
    /** The kernel also has a 64-bit entry point at code32_start + 0x200. */
    static final int XLF_KERNEL_64 = 0x01;

    private final byte[] raw;
    private final int version;
    private final int setupSize;
    private final long code32Start;

    private SetupHeader(byte[] raw, int version, int setupSize, long code32Start) {
        this.raw = raw;
        this.version = version;
        this.setupSize = setupSize;
        this.code32Start = code32Start;
    }

    static boolean hasSignature(byte[] image) {
        return image.length >= OFF_SIGNATURE + 4 && (int) Bytes.u32(image, OFF_SIGNATURE) == SIGNATURE;
    }

    /** The boot protocol version, or -1 when the image has no setup header. */
    static int versionOf(byte[] image) {
        return hasSignature(image) && image.length >= OFF_VERSION + 2
                ? (image[OFF_VERSION] & 0xff) | (image[OFF_VERSION + 1] & 0xff) << 8 : -1;
    }

    static boolean isLoadedHigh(byte[] image) {
        return image.length > OFF_LOADFLAGS && (image[OFF_LOADFLAGS] & LOADED_HIGH) != 0;
    }

    static SetupHeader parse(ImageReader image, String name) throws ConfigException {
        if (!hasSignature(image.bytes())) {
            throw new ConfigException(name + " is not a Linux bzImage: no \"HdrS\" setup header signature at offset 0x202");
        }
        int version = image.u16(OFF_VERSION, "the boot protocol version");
        if (version < MIN_VERSION) {
            throw new ConfigException(String.format(
                    "%s uses Linux boot protocol %d.%02d; direct boot needs 2.06 or later (Linux 2.6.22 or newer)", name,
                    version >> 8, version & 0xff));
        }
        if ((image.u8(OFF_LOADFLAGS, "loadflags") & LOADED_HIGH) == 0) {
            throw new ConfigException(name + " is a zImage (its kernel loads at 0x10000); only bzImage kernels are supported");
        }
        int setupSects = image.u8(OFF_SETUP_SECTS, "setup_sects");
        // 0 means 4, for kernels older than the setup_sects field
        int setupSize = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        long kernelBytes = image.u32(OFF_SYSSIZE, "syssize") * 16;
        image.require(setupSize, kernelBytes, "the protected-mode kernel (syssize)");
        int end = Math.min(OFF_SIGNATURE + image.u8(OFF_JUMP + 1, "the setup jump"), MAX_END);
        image.require(0, end, "the setup header");
        return new SetupHeader(Arrays.copyOf(image.bytes(), end), version, setupSize, image.u32(OFF_CODE32_START, "code32_start"));
    }

    /** The protocol version as "2.15". */
    String versionString() {
        return String.format("%d.%02d", version >> 8, version & 0xff);
    }

    /** Bytes of real-mode setup code before the protected-mode kernel in the file. */
    int setupSize() {
        return setupSize;
    }

    /** Where the protected-mode kernel is loaded and entered. */
    long code32Start() {
        return code32Start;
    }

    /** The memory the kernel needs from its run-time address before it can look at the memory map (0 before 2.10). */
    long initSize() {
        return field32(OFF_INIT_SIZE);
    }

    /**
     * Where the kernel decompresses itself to and runs: a relocatable kernel at its load address
     * rounded up to kernel_alignment but not below pref_address (its link address), any other at
     * pref_address. Before 2.10 the header does not say, and the load address is all we know.
     */
    long runtimeAddress() {
        long preferred = field32(OFF_PREF_ADDRESS);
        if (version < 0x020a || preferred == 0) return code32Start;
        boolean relocatable = raw[OFF_RELOCATABLE_KERNEL] != 0;
        long alignment = Math.max(1, field32(OFF_KERNEL_ALIGNMENT));
        return relocatable ? Math.max(Bytes.alignUp(code32Start, alignment), preferred) : preferred;
    }

    long cmdlineSize() {
        return field32(OFF_CMDLINE_SIZE);
    }

    long initrdAddrMax() {
        return field32(OFF_INITRD_ADDR_MAX);
    }

    boolean has64BitEntry() {
        return (field32(OFF_XLOADFLAGS) & XLF_KERNEL_64) != 0;
    }

    /** A field of the header; 0 when this protocol version's header ends before it. */
    private long field32(int offset) {
        return offset + 4 <= raw.length ? Bytes.u32(raw, offset) : 0;
    }

    /** Copies the header, as it is in the file, into boot_params at the same offsets. */
    void copyInto(byte[] bootParams) {
        System.arraycopy(raw, OFF_SETUP_SECTS, bootParams, OFF_SETUP_SECTS, raw.length - OFF_SETUP_SECTS);
    }
}
