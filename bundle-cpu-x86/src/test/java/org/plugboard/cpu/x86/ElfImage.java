package org.plugboard.cpu.x86;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Loads the PT_LOAD segments of a 32-bit ELF executable into a test machine (a stand-in for the boot loader). */
final class ElfImage {
    static long load(byte[] elf, TestMachine m) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x464c457f || elf[4] != 1) throw new IllegalArgumentException("not a 32-bit ELF file");
        long entry = b.getInt(24) & 0xffffffffL;
        int phoff = b.getInt(28), phentsize = b.getShort(42) & 0xffff, phnum = b.getShort(44) & 0xffff;
        for (int k = 0; k < phnum; k++) {
            int ph = phoff + k * phentsize;
            if (b.getInt(ph) != 1) continue; // PT_LOAD
            int offset = b.getInt(ph + 4);
            long paddr = b.getInt(ph + 12) & 0xffffffffL;
            int filesz = b.getInt(ph + 16), memsz = b.getInt(ph + 20);
            byte[] seg = new byte[memsz];
            System.arraycopy(elf, offset, seg, 0, filesz);
            m.load(paddr, seg);
        }
        return entry;
    }

    private ElfImage() {
    }
}
