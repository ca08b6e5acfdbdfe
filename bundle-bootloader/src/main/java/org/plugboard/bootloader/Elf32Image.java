package org.plugboard.bootloader;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.device.ConfigException;

/**
 * The loadable part of an ELF32 i386 executable: its PT_LOAD segments placed at their physical
 * addresses ({@code p_paddr}), and the entry point.
 */
final class Elf32Image {
    private static final int ELFCLASS32 = 1, ELFCLASS64 = 2, ELFDATA2LSB = 1;
    private static final int ET_EXEC = 2, ET_DYN = 3, EM_386 = 3, PT_LOAD = 1;
    private static final int PHDR_SIZE = 32;

    private final List<LoadSegment> segments;
    private final long entry;

    private Elf32Image(List<LoadSegment> segments, long entry) {
        this.segments = segments;
        this.entry = entry;
    }

    static boolean isElf(byte[] image) {
        return image.length >= 4 && image[0] == 0x7f && image[1] == 'E' && image[2] == 'L' && image[3] == 'F';
    }

    static Elf32Image parse(ImageReader image, String name) throws ConfigException {
        if (!isElf(image.bytes())) throw new ConfigException(name + " is not an ELF file");
        int elfClass = image.u8(4, "the ELF class");
        if (elfClass == ELFCLASS64) {
            throw new ConfigException(name + " is a 64-bit ELF file; multiboot loads 32-bit (ELFCLASS32) images only");
        }
        if (elfClass != ELFCLASS32 || image.u8(5, "the ELF data encoding") != ELFDATA2LSB) {
            throw new ConfigException(name + " is not a little-endian ELF32 file");
        }
        int type = image.u16(16, "e_type");
        if (type != ET_EXEC && type != ET_DYN) throw new ConfigException(name + " is not an ELF executable (e_type " + type + ")");
        int machine = image.u16(18, "e_machine");
        if (machine != EM_386) throw new ConfigException(name + " is not an i386 ELF file (e_machine " + machine + ")");
        long entry = image.u32(24, "e_entry");
        long phoff = image.u32(28, "e_phoff");
        int phentsize = image.u16(42, "e_phentsize");
        int phnum = image.u16(44, "e_phnum");
        if (phnum > 0 && phentsize < PHDR_SIZE) {
            throw new ConfigException(name + " has a bad ELF program header size " + phentsize);
        }

        List<LoadSegment> segments = new ArrayList<>();
        long physicalEntry = entry;
        for (int i = 0; i < phnum; i++) {
            long ph = phoff + (long) i * phentsize;
            String what = "ELF segment " + i;
            if (image.u32(ph, what + " p_type") != PT_LOAD) continue;
            long offset = image.u32(ph + 4, what + " p_offset");
            long vaddr = image.u32(ph + 8, what + " p_vaddr");
            long paddr = image.u32(ph + 12, what + " p_paddr");
            long filesz = image.u32(ph + 16, what + " p_filesz");
            long memsz = image.u32(ph + 20, what + " p_memsz");
            if (filesz > memsz) {
                throw new ConfigException(String.format("%s: %s has p_filesz %#x larger than p_memsz %#x", name, what, filesz, memsz));
            }
            if (memsz == 0) continue;
            if (paddr + memsz > 1L << 32) {
                throw new ConfigException(String.format("%s: %s at %#x (%#x bytes) runs past 4 GiB", name, what, paddr, memsz));
            }
            image.require(offset, filesz, what + " contents");
            segments.add(new LoadSegment(what, paddr, (int) offset, filesz, memsz));
            // a kernel linked to run at a virtual address gives a virtual e_entry: enter at its physical twin
            if (vaddr != paddr && vaddr <= entry && entry < vaddr + memsz) physicalEntry = entry - vaddr + paddr;
        }
        if (segments.isEmpty()) throw new ConfigException(name + " has no loadable (PT_LOAD) segment");
        return new Elf32Image(List.copyOf(segments), physicalEntry);
    }

    List<LoadSegment> segments() {
        return segments;
    }

    long entry() {
        return entry;
    }
}
