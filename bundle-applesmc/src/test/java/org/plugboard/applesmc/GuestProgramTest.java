package org.plugboard.applesmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed guest program (src/test/guest/applesmc-probe.elf, built from applesmc-probe.asm
 * with nasm) is a loadable multiboot v1 ELF32 kernel. Running it needs the CPU engine; until a
 * machine can boot it, this guards the binary's shape so a loader can take it.
 */
class GuestProgramTest {
    private static final Path BINARY = Path.of("src", "test", "guest", "applesmc-probe.elf");
    private static final int MULTIBOOT_MAGIC = 0x1badb002;

    @Test
    void theProbeIsAnElf32MultibootKernel() throws Exception {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(BINARY)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, elf.getInt(0), "ELF magic");
        assertEquals(1, elf.get(4), "32-bit");
        assertEquals(1, elf.get(5), "little-endian");
        assertEquals(2, elf.getShort(16), "ET_EXEC");
        assertEquals(3, elf.getShort(18), "EM_386");
        int entry = elf.getInt(24);
        int phoff = elf.getInt(28);
        assertEquals(1, elf.getShort(44), "one program header");

        assertEquals(1, elf.getInt(phoff), "PT_LOAD");
        int offset = elf.getInt(phoff + 4);
        int paddr = elf.getInt(phoff + 12);
        int fileSize = elf.getInt(phoff + 16);
        int memSize = elf.getInt(phoff + 20);
        assertEquals(0, offset);
        assertEquals(0x100000, paddr, "loaded at 1 MiB");
        assertEquals(elf.capacity(), fileSize, "the segment is the whole file");
        assertTrue(memSize >= fileSize, "memory size covers the file and the zeroed variables");
        assertTrue(entry > paddr && entry < paddr + fileSize, "entry point inside the segment");

        int header = -1;
        for (int at = 0; at + 12 <= Math.min(8192, elf.capacity()); at += 4)
            if (elf.getInt(at) == MULTIBOOT_MAGIC) { header = at; break; }
        assertTrue(header >= 0, "multiboot header in the first 8 KiB");
        int flags = elf.getInt(header + 4);
        assertEquals(0, MULTIBOOT_MAGIC + flags + elf.getInt(header + 8), "multiboot checksum");
        assertEquals(0, flags & 0x10000, "no a.out kludge: loaders use the ELF program header");
    }
}
