package org.plugboard.firmware.fwcfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/**
 * A multiboot kernel handed to fw_cfg as QEMU 7.2 hands it to its multiboot option ROM: one
 * buffer from the load address (kernel, module list, command lines, "qemu", modules) and the
 * 88-byte information for 0x9500, read back through the ports.
 */
class MultibootItemsTest {
    private static final int KERNEL_ENTRY = 0x10, KERNEL_ADDR = 0x07, KERNEL_SIZE = 0x08, KERNEL_DATA = 0x11;
    private static final int INITRD_ADDR = 0x0a, INITRD_SIZE = 0x0b, INITRD_DATA = 0x12;
    private static final int LOAD = 0x100000;

    @TempDir
    Path dir;

    /** An a.out-kludge image: header at offset 0 naming load_addr, load_end, bss_end and entry. */
    private static byte[] aout(int fileSize, int loadEnd, int bssEnd, int entry) {
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        int flags = 0x00010003;
        b.putInt(0x1BADB002).putInt(flags).putInt(-(0x1BADB002 + flags)).putInt(LOAD).putInt(LOAD).putInt(loadEnd).putInt(bssEnd)
                .putInt(entry);
        for (int i = 32; i < fileSize; i++) b.put(i, (byte) i);
        return b.array();
    }

    @Test
    void anAoutKernelWithModulesIsLaidOutAsQemuDoes() throws Exception {
        Path kernel = dir.resolve("kernel.bin"), mod1 = dir.resolve("one.mod"), mod2 = dir.resolve("two.mod");
        Files.write(kernel, aout(0x1800, LOAD + 0x1800, LOAD + 0x3000, LOAD + 0x20));
        Files.write(mod1, "first module".getBytes(StandardCharsets.US_ASCII));
        Files.write(mod2, new byte[5000]);
        Path rom = dir.resolve("multiboot_dma.bin");
        Files.write(rom, new byte[] {0x55, (byte) 0xaa, 2});
        try (DeviceTestKit kit = DeviceTestKit.builder(new FwCfgFactory()).ramSize(32 << 20)
                .property("kernel", kernel.toString()).property("append", "a=b")
                .property("initrd", mod1 + " arg1;" + mod2).property("multiboot-rom", rom.toString()).build()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            assertEquals(LOAD + 0x20, p.le(KERNEL_ENTRY, 4));
            assertEquals(LOAD, p.le(KERNEL_ADDR, 4));
            // kernel + bss 0x3000; list, command lines and "qemu" in the next page; modules page-aligned after
            int size = 0x3000 + 0x1000 + 0x1000 + 0x2000;
            assertEquals(size, p.le(KERNEL_SIZE, 4));
            ByteBuffer buf = ByteBuffer.wrap(p.item(KERNEL_DATA, size)).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(kernel), 0, 0x1800), Arrays.copyOfRange(buf.array(), 0, 0x1800));
            assertArrayEquals(new byte[0x1800], Arrays.copyOfRange(buf.array(), 0x1800, 0x3000), "bss");
            assertEquals(LOAD + 0x4000, buf.getInt(0x3000), "module 1 start");
            assertEquals(LOAD + 0x4000 + 12, buf.getInt(0x3004));
            assertEquals(mod1 + " arg1", cString(buf.array(), buf.getInt(0x3008) - LOAD), "a module's command line is its spec");
            assertEquals(LOAD + 0x5000, buf.getInt(0x3010), "module 2 start");
            assertEquals("first module", new String(buf.array(), 0x4000, 12, StandardCharsets.US_ASCII));

            assertEquals(0x9500, p.le(INITRD_ADDR, 4));
            assertEquals(88, p.le(INITRD_SIZE, 4));
            ByteBuffer info = ByteBuffer.wrap(p.item(INITRD_DATA, 88)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x24f, info.getInt(0), "memory, boot device, cmdline, modules, memory map, loader name");
            assertEquals(0x8000ffff, info.getInt(12));
            assertEquals(kernel + " a=b", cString(buf.array(), info.getInt(16) - LOAD), "the path as given, a space, -append");
            assertEquals(2, info.getInt(20));
            assertEquals(LOAD + 0x3000, info.getInt(24));
            assertEquals(0x9000, info.getInt(48), "the e820 map the ROM writes");
            assertEquals("qemu", cString(buf.array(), info.getInt(64) - LOAD));
            assertArrayEquals(new byte[] {0x55, (byte) 0xaa, 2}, p.file("genroms/multiboot_dma.bin"));
            assertTrue(new String(p.file("bootorder"), StandardCharsets.US_ASCII).startsWith("/rom@genroms/multiboot_dma.bin"));
        }
    }

    @Test
    void theDemoElfIsLoadedFromItsSegments() throws Exception {
        byte[] elf = Files.readAllBytes(Path.of("../../guests/demo/demo-exit.elf"));
        Path kernel = dir.resolve("demo.elf");
        Files.write(kernel, elf);
        Path rom = dir.resolve("rom.bin");
        Files.write(rom, new byte[1]);
        try (DeviceTestKit kit = DeviceTestKit.builder(new FwCfgFactory()).property("kernel", kernel.toString())
                .property("multiboot-rom", rom.toString()).build()) {
            FwCfgPorts p = new FwCfgPorts(kit);
            ByteBuffer e = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
            int phoff = e.getInt(28), offset = e.getInt(phoff + 4), paddr = e.getInt(phoff + 12), filesz = e.getInt(phoff + 16);
            assertEquals(paddr, p.le(KERNEL_ADDR, 4));
            assertEquals(e.getInt(24), p.le(KERNEL_ENTRY, 4));
            byte[] buf = p.item(KERNEL_DATA, filesz);
            assertArrayEquals(Arrays.copyOfRange(elf, offset, offset + filesz), buf);
        }
    }

    @Test
    void badImagesFailBeforeTheMachineStarts() throws Exception {
        Path rom = dir.resolve("rom.bin");
        Files.write(rom, new byte[1]);
        byte[] headerBeforeLoad = aout(0x200, LOAD + 0x200, 0, LOAD);
        ByteBuffer.wrap(headerBeforeLoad).order(ByteOrder.LITTLE_ENDIAN).putInt(12, LOAD - 0x1000).putInt(8, -(0x1BADB002 + 0x00010003));
        assertFails(headerBeforeLoad, rom, "header_addr lies before load_addr");
        assertFails(aout(0x200, LOAD + 0x4000, 0, LOAD), rom, "is truncated: the multiboot header loads 16384 bytes");
        assertFails(aout(0x200, LOAD + 0x200, LOAD + 0x100, LOAD), rom, "bss_end_addr lies inside the loaded image");
        byte[] elfless = aout(0x200, 0, 0, 0);
        ByteBuffer.wrap(elfless).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 3).putInt(8, -(0x1BADB002 + 3));
        assertFails(elfless, rom, "without load addresses (flag 16) and is not an ELF file");
    }

    private void assertFails(byte[] image, Path rom, String message) throws Exception {
        Path kernel = dir.resolve("bad.bin");
        Files.write(kernel, image);
        ConfigException x = assertThrows(ConfigException.class, () -> DeviceTestKit.builder(new FwCfgFactory())
                .property("kernel", kernel.toString()).property("multiboot-rom", rom.toString()).build());
        assertTrue(x.getMessage().contains(message), x.getMessage());
    }

    private static String cString(byte[] b, int at) {
        int end = at;
        while (b[end] != 0) end++;
        return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
    }
}
