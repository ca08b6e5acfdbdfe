package org.plugboard.firmware.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * A multiboot v1 kernel laid out the way QEMU 7.2 hands it to firmware (its multiboot option ROM
 * copies the parts into place, fills in the memory fields from the e820 map and jumps): one
 * buffer from the kernel's load address holding the kernel image, its bss, the module list, the
 * command lines, the boot loader name ("qemu") and the modules, each page-aligned; and the
 * 88-byte multiboot information, which goes to 0x9500 with the memory map below it at 0x9000.
 */
final class MultibootItems implements KernelItems {
    static final String ROM = "genroms/multiboot_dma.bin";
    private static final int MAGIC = 0x1BADB002;
    private static final int SEARCH_END = 8192 - 48;
    private static final int FLAG_AOUT_KLUDGE = 1 << 16;
    private static final int PAGE = 4096;
    private static final int MODULE_ENTRY = 16, INFO_SIZE = 88;
    /** QEMU's fixed places: the e820 map the ROM writes, and the information after it. */
    private static final int MEMORY_MAP_ADDRESS = 0x9000, INFO_ADDRESS = MEMORY_MAP_ADDRESS + 0x500;
    /** memory, boot device, command line, modules, memory map, boot loader name. */
    private static final int INFO_FLAGS = 1 | 2 | 4 | 8 | 0x40 | 0x200;
    private static final String LOADER_NAME = "qemu";
    private static final int ELF_MACHINE_386 = 3, PT_LOAD = 1;

    private final int entry, loadAddress;
    private final byte[] buffer, info;

    /**
     * @param kernelName the kernel's path as given, the start of its command line
     * @param image the kernel file
     */
    MultibootItems(String kernelName, byte[] image, String commandLine, List<KernelItems.Initrd> modules) throws ConfigException {
        int at = headerOffset(image);
        if (at < 0) throw new ConfigException("fw_cfg: kernel " + kernelName + " is neither a Linux kernel nor a multiboot image");
        int flags = le(image, at + 4);
        byte[] kernel;
        if ((flags & FLAG_AOUT_KLUDGE) != 0) {
            kernel = aoutImage(kernelName, image, at);
            loadAddress = le(image, at + 16);
            entry = le(image, at + 28);
        } else {
            ElfImage elf = elfImage(kernelName, image);
            kernel = elf.memory;
            loadAddress = elf.low;
            entry = elf.entry;
        }
        int kernelSize = kernel.length;
        int listOffset = pageAlign(kernelSize);
        int cmdlineBytes = kernelName.length() + 1 + commandLine.length() + 1;
        for (KernelItems.Initrd m : modules) cmdlineBytes += m.spec().length() + 1;
        int size = pageAlign(listOffset + modules.size() * MODULE_ENTRY + cmdlineBytes + LOADER_NAME.length() + 1);
        int cmdlineOffset = listOffset + modules.size() * MODULE_ENTRY;
        int loaderNameOffset = cmdlineOffset + cmdlineBytes;
        int[] moduleOffsets = new int[modules.size()];
        for (int i = 0; i < modules.size(); i++) {
            moduleOffsets[i] = size;
            size = pageAlign(size + modules.get(i).data().length);
        }
        byte[] buf = Arrays.copyOf(kernel, size);
        int cursor = cmdlineOffset;
        for (int i = 0; i < modules.size(); i++) {
            KernelItems.Initrd m = modules.get(i);
            System.arraycopy(m.data(), 0, buf, moduleOffsets[i], m.data().length);
            int entryAt = listOffset + i * MODULE_ENTRY;
            LeWriter.write(buf, entryAt, loadAddress + moduleOffsets[i], 4);
            LeWriter.write(buf, entryAt + 4, loadAddress + moduleOffsets[i] + m.data().length, 4);
            LeWriter.write(buf, entryAt + 8, loadAddress + cursor, 4);
            cursor = putString(buf, cursor, m.spec());
        }
        int kernelCmdline = loadAddress + cursor;
        putString(buf, cursor, kernelName + " " + commandLine);
        putString(buf, loaderNameOffset, LOADER_NAME);
        this.buffer = buf;
        this.info = new LeWriter().u32(INFO_FLAGS).u32(0).u32(0).u32(0x8000ffffL).u32(kernelCmdline).u32(modules.size())
                .u32(loadAddress + listOffset).zeros(20).u32(MEMORY_MAP_ADDRESS).zeros(12).u32(loadAddress + loaderNameOffset)
                .zeros(INFO_SIZE - 68).toArray();
    }

    static boolean isMultiboot(byte[] image) {
        return headerOffset(image) >= 0;
    }

    @Override
    public void install(FwCfgStore store) {
        store.put(FwCfgKeys.KERNEL_ENTRY, u32(entry));
        store.put(FwCfgKeys.KERNEL_ADDR, u32(loadAddress));
        store.put(FwCfgKeys.KERNEL_SIZE, u32(buffer.length));
        store.put(FwCfgKeys.KERNEL_DATA, buffer);
        store.put(FwCfgKeys.INITRD_ADDR, u32(INFO_ADDRESS));
        store.put(FwCfgKeys.INITRD_SIZE, u32(info.length));
        store.put(FwCfgKeys.INITRD_DATA, info);
    }

    @Override
    public String romFile() {
        return ROM;
    }

    // the first header whose checksum holds, 32-bit aligned, where its 48 bytes fit in the first 8 KiB
    private static int headerOffset(byte[] image) {
        for (int i = 0; i + 12 <= image.length && i < SEARCH_END; i += 4) {
            if (le(image, i) == MAGIC && MAGIC + le(image, i + 4) + le(image, i + 8) == 0) return i;
        }
        return -1;
    }

    // the a.out kludge: the file from the header's position back to load_addr, up to load_end, then bss zeros
    private static byte[] aoutImage(String name, byte[] image, int at) throws ConfigException {
        if (at + 32 > image.length) throw new ConfigException("fw_cfg: kernel " + name + ": the multiboot header is truncated");
        long headerAddr = le(image, at + 12) & 0xffffffffL, loadAddr = le(image, at + 16) & 0xffffffffL;
        long loadEnd = le(image, at + 20) & 0xffffffffL, bssEnd = le(image, at + 24) & 0xffffffffL;
        if (headerAddr < loadAddr || headerAddr - loadAddr > at)
            throw new ConfigException("fw_cfg: kernel " + name + ": multiboot header_addr lies before load_addr or the file start");
        long textOffset = at - (headerAddr - loadAddr);
        long loadSize = loadEnd != 0 ? loadEnd - loadAddr : image.length - textOffset;
        if (loadEnd != 0 && loadEnd < loadAddr)
            throw new ConfigException("fw_cfg: kernel " + name + ": multiboot load_end_addr lies before load_addr");
        if (textOffset + loadSize > image.length)
            throw new ConfigException("fw_cfg: kernel " + name + " is truncated: the multiboot header loads " + loadSize
                    + " bytes from offset " + textOffset + " of a " + image.length + "-byte file");
        long memSize = loadSize;
        if (bssEnd != 0) {
            if (bssEnd < loadAddr + loadSize)
                throw new ConfigException("fw_cfg: kernel " + name + ": multiboot bss_end_addr lies inside the loaded image");
            memSize = bssEnd - loadAddr;
        }
        if (memSize > Integer.MAX_VALUE - 2 * PAGE) throw new ConfigException("fw_cfg: kernel " + name + " is too large");
        byte[] mem = new byte[(int) memSize];
        System.arraycopy(image, (int) textOffset, mem, 0, (int) loadSize);
        return mem;
    }

    private record ElfImage(int low, int entry, byte[] memory) {
    }

    // the ELF32 program's loadable segments as one image from the lowest physical address to the highest end
    private static ElfImage elfImage(String name, byte[] image) throws ConfigException {
        if (image.length < 52 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F')
            throw new ConfigException("fw_cfg: kernel " + name + " has a multiboot header without load addresses (flag 16) and is not an ELF file");
        if (image[4] != 1 || (le(image, 16) >>> 16) != ELF_MACHINE_386)
            throw new ConfigException("fw_cfg: kernel " + name + " is not a 32-bit x86 ELF file; give a 32-bit multiboot image");
        int phoff = le(image, 28), phentsize = le(image, 40) >>> 16, phnum = le(image, 44) & 0xffff;
        if (phoff < 0 || (long) phoff + (long) phnum * phentsize > image.length)
            throw new ConfigException("fw_cfg: kernel " + name + " is truncated: its program headers run past the end of the file");
        long low = Long.MAX_VALUE, high = 0;
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + i * phentsize;
            if (le(image, ph) != PT_LOAD) continue;
            long paddr = le(image, ph + 12) & 0xffffffffL, offset = le(image, ph + 4) & 0xffffffffL;
            long filesz = le(image, ph + 16) & 0xffffffffL, memsz = le(image, ph + 20) & 0xffffffffL;
            if (offset + filesz > image.length || filesz > memsz)
                throw new ConfigException("fw_cfg: kernel " + name + " is truncated: ELF segment " + i + " runs past the end of the file");
            low = Math.min(low, paddr);
            high = Math.max(high, paddr + memsz);
        }
        if (high == 0) throw new ConfigException("fw_cfg: kernel " + name + " has no loadable ELF segment");
        if (high - low > Integer.MAX_VALUE - 2 * PAGE) throw new ConfigException("fw_cfg: kernel " + name + " is too large");
        byte[] mem = new byte[(int) (high - low)];
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + i * phentsize;
            if (le(image, ph) != PT_LOAD) continue;
            long paddr = le(image, ph + 12) & 0xffffffffL;
            System.arraycopy(image, le(image, ph + 4), mem, (int) (paddr - low), le(image, ph + 16));
        }
        return new ElfImage((int) low, le(image, 24), mem);
    }

    private static int putString(byte[] buf, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, buf, at, b.length);
        return at + b.length + 1;
    }

    private static int pageAlign(long n) {
        return (int) ((n + PAGE - 1) & -PAGE);
    }

    private static int le(byte[] b, int at) {
        return (int) LeWriter.read(b, at, 4);
    }

    private static byte[] u32(long v) {
        return new LeWriter().u32(v).toArray();
    }
}
