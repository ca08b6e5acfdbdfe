package org.plugboard.bootloader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;
import org.plugboard.bootloader.TestImages.Segment;

class MultibootLoaderTest {
    private static final long MIB = 1 << 20;
    private final MultibootLoader loader = new MultibootLoader();

    static byte[] benchSmall() throws IOException {
        try (InputStream in = MultibootLoaderTest.class.getResourceAsStream("bench-small.elf")) {
            return in.readAllBytes();
        }
    }

    /** A minimal ELF kernel at 1 MiB: the multiboot header, then code bytes. */
    static byte[] elfKernel(int flags) {
        byte[] text = TestImages.concat(TestImages.multibootHeader(flags), TestImages.pattern(0x200, 1));
        return TestImages.elf32(0x10000c, Segment.at(0x100000, text));
    }

    @Test
    void loadsARealMultibootElfAndEntersItAsTheSpecSays() throws Exception {
        byte[] image = benchSmall();
        TestBoot boot = new TestBoot(32 * MIB, image).name("bench-small.elf").append("console=ttyS0 quiet");
        loader.load(boot);

        // the one PT_LOAD segment: file offset 0x1000, 0x286 bytes at 0x100000
        assertArrayEquals(Arrays.copyOfRange(image, 0x1000, 0x1286), boot.bytes(0x100000, 0x286));
        CpuRegisters cpu = boot.cpu();
        assertEquals(0x100010, cpu.rip);
        assertEquals(0x2BADB002L, cpu.gpr[CpuRegisters.RAX]);
        assertEquals(0, cpu.rflags & 0x200, "interrupts off");
        assertEquals(1, cpu.cr0 & 1, "protected mode");
        assertEquals(0, cpu.cr0 & 0x80000000L, "paging off");
        assertEquals(CpuRegisters.FLAT_CODE32, cpu.seg[CpuRegisters.CS].attributes);
        assertEquals(0xffffffff, cpu.seg[CpuRegisters.CS].limit);
        for (int s : new int[] {CpuRegisters.DS, CpuRegisters.ES, CpuRegisters.SS, CpuRegisters.FS, CpuRegisters.GS}) {
            assertEquals(CpuRegisters.FLAT_DATA32, cpu.seg[s].attributes);
            assertEquals(0, cpu.seg[s].base);
        }

        long mbi = cpu.gpr[CpuRegisters.RBX];
        assertEquals(RamPlan.BOOT_DATA_START, mbi, "low memory, where QEMU puts it");
        assertEquals(0x24f, boot.u32(mbi), "flags: memory, boot device, cmdline, mods, mmap, loader name");
        assertEquals(639, boot.u32(mbi + 4), "mem_lower in KiB");
        assertEquals((32 * MIB - MIB) / 1024, boot.u32(mbi + 8), "mem_upper in KiB");
        assertEquals(0x8000ffffL, boot.u32(mbi + 12), "boot_device");
        assertEquals("bench-small.elf console=ttyS0 quiet", boot.string(boot.u32(mbi + 16)));
        assertEquals(0, boot.u32(mbi + 20), "mods_count");
        assertEquals("Plugboard", boot.string(boot.u32(mbi + 64)));

        assertEquals(4 * 24, boot.u32(mbi + 44), "mmap_length");
        long mmap = boot.u32(mbi + 48);
        for (MemoryRange r : boot.memoryMap()) {
            assertEquals(20, boot.u32(mmap), "entry size");
            assertEquals(r.base(), boot.u64(mmap + 4));
            assertEquals(r.length(), boot.u64(mmap + 12));
            assertEquals(r.type(), boot.u32(mmap + 20));
            mmap += 24;
        }
    }

    @Test
    void givenSeaBiosMemoryMapTheDemoGuestSeesWhatItPrintsUnderQemu() throws Exception {
        byte[] image = Files.readAllBytes(Path.of("../guests/demo/demo-exit.elf"));
        TestBoot boot = new TestBoot(128 * MIB, image).name("demo-exit.elf").append("hello world").memoryMap(
                new MemoryRange(0, 0x9fc00, 1), new MemoryRange(0x9fc00, 0x400, 2), new MemoryRange(0xf0000, 0x10000, 2),
                new MemoryRange(0x100000, 0x7ee0000, 1), new MemoryRange(0x7fe0000, 0x20000, 2),
                new MemoryRange(0xfffc0000L, 0x40000, 2));
        loader.load(boot);
        long mbi = boot.cpu().gpr[CpuRegisters.RBX];
        // the lines demo.asm derives from the information, as recorded from QEMU 7.2 with SeaBIOS
        List<String> qemu = Files.readAllLines(Path.of("../guests/demo/expected-qemu.txt"));
        assertEquals(qemu.get(1), "command line: " + boot.string(boot.u32(mbi + 16)));
        long upper = boot.u32(mbi + 8);
        assertEquals(qemu.get(2), String.format("memory: %d KiB lower, %d KiB upper (%d MiB)", boot.u32(mbi + 4), upper,
                (upper + 1024 + 512) >> 10));
    }

    @Test
    void theCommandLineIsTheKernelNameAndASpaceEvenWithoutAppendAsQemuPassesIt() throws Exception {
        TestBoot boot = new TestBoot(16 * MIB, benchSmall()).name("bench-small.elf");
        loader.load(boot);
        assertEquals("bench-small.elf ", boot.string(boot.u32(boot.cpu().gpr[CpuRegisters.RBX] + 16)));
    }

    @Test
    void zeroesTheBssOfTheBundledDemoGuestOverDirtyRam() throws Exception {
        byte[] image = Files.readAllBytes(Path.of("../guests/demo/demo.elf"));
        TestBoot boot = new TestBoot(16 * MIB, image).name("demo.elf").dirty(0xa5);
        Elf32Image elf = Elf32Image.parse(new ImageReader(image, "demo.elf"), "demo.elf");
        LoadSegment s = elf.segments().get(0);
        assertTrue(s.memSize() > s.fileSize(), "the demo guest has a bss");

        loader.load(boot);
        assertArrayEquals(Arrays.copyOfRange(image, s.fileOffset(), s.fileOffset() + (int) s.fileSize()),
                boot.bytes(s.address(), (int) s.fileSize()));
        assertArrayEquals(new byte[(int) (s.memSize() - s.fileSize())], boot.bytes(s.address() + s.fileSize(),
                (int) (s.memSize() - s.fileSize())));
        assertEquals(elf.entry(), boot.cpu().rip);
    }

    @Test
    void placesModulesPageAlignedAfterTheKernelWithTheirNames() throws Exception {
        byte[] first = TestImages.pattern(5000, 3), second = TestImages.pattern(100, 9);
        TestBoot boot = new TestBoot(16 * MIB, elfKernel(3)).initrd("first.bin arg", first).initrd("second.bin", second);
        loader.load(boot);

        long mbi = boot.cpu().gpr[CpuRegisters.RBX];
        assertEquals(2, boot.u32(mbi + 20));
        long mods = boot.u32(mbi + 24);
        long start0 = boot.u32(mods), end0 = boot.u32(mods + 4);
        long start1 = boot.u32(mods + 16), end1 = boot.u32(mods + 20);
        assertEquals(0x101000, start0, "the first page after the kernel's 0x20c bytes at 1 MiB");
        assertEquals(start0 + first.length, end0, "mod_end is exclusive");
        assertEquals(0x103000, start1, "page-aligned after the first module");
        assertEquals(start1 + second.length, end1);
        assertArrayEquals(first, boot.bytes(start0, first.length));
        assertArrayEquals(second, boot.bytes(start1, second.length));
        assertEquals("first.bin arg", boot.string(boot.u32(mods + 8)));
        assertEquals("second.bin", boot.string(boot.u32(mods + 24)));
        assertEquals(0, boot.u32(mods + 12), "reserved");
    }

    @Test
    void loadsAnAoutKludgeImageWithItsBss() throws Exception {
        // file: 0x40 bytes before the header, the header at file offset 0x40 = address 0x200040
        byte[] header = TestImages.multibootHeader(0x10000, 0x200040, 0x200000, 0, 0x203000, 0x200100);
        byte[] image = TestImages.concat(TestImages.concat(TestImages.pattern(0x40, 5), header), TestImages.pattern(0x1000, 6));
        TestBoot boot = new TestBoot(16 * MIB, image).dirty(0xff);
        loader.load(boot);

        assertArrayEquals(image, boot.bytes(0x200000, image.length), "load_end_addr 0: the whole file");
        long bssStart = 0x200000 + image.length;
        assertArrayEquals(new byte[(int) (0x203000 - bssStart)], boot.bytes(bssStart, (int) (0x203000 - bssStart)));
        assertEquals(0xff, boot.u8(0x203000), "nothing cleared past bss_end_addr");
        assertEquals(0x200100, boot.cpu().rip);
    }

    @Test
    void theAoutLoadEndAddressLimitsWhatComesFromTheFile() throws Exception {
        byte[] header = TestImages.multibootHeader(0x10000, 0x300000, 0x300000, 0x300100, 0, 0x300020);
        byte[] image = TestImages.concat(header, TestImages.pattern(0x400, 7));
        TestBoot boot = new TestBoot(16 * MIB, image).dirty(0xee);
        loader.load(boot);
        assertArrayEquals(Arrays.copyOf(image, 0x100), boot.bytes(0x300000, 0x100));
        assertEquals(0xee, boot.u8(0x300100), "bss_end_addr 0: no bss, nothing beyond load_end_addr written");
    }

    @Test
    void theInformationAvoidsAKernelLoadedInLowMemory() throws Exception {
        // an a.out kernel covering 0x8000..0xb000, right where the information would go
        byte[] header = TestImages.multibootHeader(0x10000, 0x8000, 0x8000, 0, 0xb000, 0x8000);
        byte[] image = TestImages.concat(header, TestImages.pattern(0x100, 8));
        TestBoot boot = new TestBoot(16 * MIB, image);
        loader.load(boot);
        long mbi = boot.cpu().gpr[CpuRegisters.RBX];
        assertTrue(mbi >= 0xb000 && mbi < TestBoot.EBDA, "info at " + Long.toHexString(mbi));
        assertArrayEquals(image, boot.bytes(0x8000, image.length));
    }

    @Test
    void entersAtThePhysicalAddressWhenTheEntryPointIsVirtual() throws Exception {
        byte[] text = TestImages.concat(TestImages.multibootHeader(0), TestImages.pattern(0x100, 1));
        byte[] image = TestImages.elf32(0xc0100020L, new Segment(0xc0100000L, 0x100000, text, text.length));
        TestBoot boot = new TestBoot(16 * MIB, image);
        loader.load(boot);
        assertEquals(0x100020, boot.cpu().rip);
        assertArrayEquals(text, boot.bytes(0x100000, text.length));
    }

    @Test
    void aVideoModeRequestIsIgnoredAsQemuDoes() throws Exception {
        TestBoot boot = new TestBoot(16 * MIB, elfKernel(MultibootHeader.FLAG_VIDEO_MODE));
        loader.load(boot);
        long flags = boot.u32(boot.cpu().gpr[CpuRegisters.RBX]);
        assertEquals(0, flags & (3 << 11), "no VBE or framebuffer information claimed");
    }

    @Test
    void probeScoresAValidHeaderAndFlagsABrokenOne() throws Exception {
        assertEquals(MultibootLoader.SCORE_VALID, loader.probe(benchSmall()));
        byte[] broken = benchSmall();
        broken[0x1008] ^= 1; // checksum
        assertEquals(MultibootLoader.SCORE_BROKEN, loader.probe(broken));
        assertEquals(0, loader.probe(new byte[100]));
        assertEquals(0, loader.probe(new byte[0]));
        byte[] late = TestImages.concat(new byte[8192], TestImages.multibootHeader(0));
        assertEquals(0, loader.probe(late), "a header past the first 8 KiB does not count");
        byte[] lastSlot = TestImages.concat(new byte[8192 - 12], TestImages.multibootHeader(0));
        assertEquals(MultibootLoader.SCORE_VALID, loader.probe(lastSlot));
        byte[] unaligned = TestImages.concat(new byte[2], TestImages.multibootHeader(0));
        assertEquals(0, loader.probe(unaligned), "the header is 32-bit aligned");
    }

    @Test
    void rejectsAnImageWithoutHeader() {
        assertError(new byte[4096], "has no multiboot header in its first 8192 bytes");
    }

    @Test
    void rejectsABadChecksum() throws Exception {
        byte[] image = benchSmall();
        image[0x1008] ^= 1;
        assertError(image, "the multiboot header at offset 0x1000 has a bad checksum");
    }

    @Test
    void rejectsRequirementsItCannotMeet() {
        assertError(elfKernel(1 << 3 | 1 << 15), "unsupported bits 3, 15");
    }

    @Test
    void rejectsA64BitElf() {
        byte[] image = elfKernel(0);
        image[4] = 2;
        assertError(image, "is a 64-bit ELF file");
    }

    @Test
    void rejectsAnImageThatIsNeitherElfNorAout() {
        byte[] image = TestImages.concat(TestImages.multibootHeader(0), new byte[64]);
        assertError(image, "without load addresses (flag 16) and is not an ELF file");
    }

    @Test
    void rejectsSegmentsOutsideRam() {
        byte[] text = TestImages.concat(TestImages.multibootHeader(0), new byte[0x100]);
        assertError(TestImages.elf32(0x2000000, Segment.at(0x2000000, text)), "ELF segment 0 at 0x2000000-0x200010b does not fit in RAM");
        assertError(TestImages.elf32(0xa0000, Segment.at(0xa0000, text)), "ELF segment 0 at 0xa0000-0xa010b does not fit in RAM");
        assertError(TestImages.elf32(0xfff00000L, new Segment(0xfff00000L, 0xfff00000L, text, 0x200000)), "runs past 4 GiB");
    }

    @Test
    void rejectsOverlappingSegments() {
        byte[] text = TestImages.concat(TestImages.multibootHeader(0), new byte[0x100]);
        byte[] image = TestImages.elf32(0x100000, Segment.at(0x100000, text), Segment.at(0x100080, new byte[0x10]));
        assertError(image, "ELF segment 1 at 0x100080-0x10008f overlaps ELF segment 0 at 0x100000-0x10010b");
    }

    @Test
    void rejectsATruncatedElf() {
        byte[] image = elfKernel(0);
        assertError(Arrays.copyOf(image, image.length - 1), "is truncated: ELF segment 0 contents");
        TestImages.le(image).putInt(28, 0x10000); // e_phoff past the end of the file
        assertError(image, "is truncated: ELF segment 0 p_type needs bytes 0x10000..0x10004");
    }

    @Test
    void rejectsASegmentWithMoreFileThanMemory() {
        byte[] text = TestImages.concat(TestImages.multibootHeader(0), new byte[0x100]);
        assertError(TestImages.elf32(0x100000, new Segment(0x100000, 0x100000, text, 4)), "has p_filesz 0x10c larger than p_memsz 0x4");
    }

    @Test
    void rejectsInconsistentAoutAddresses() {
        byte[] body = new byte[0x100];
        assertError(TestImages.concat(TestImages.multibootHeader(0x10000, 0x200000, 0x200010, 0, 0, 0x200000), body),
                "load_addr 0x200010 is above header_addr 0x200000");
        assertError(TestImages.concat(TestImages.multibootHeader(0x10000, 0x200000, 0x1fff00, 0, 0, 0x200000), body),
                "would start 256 bytes before the beginning of the file");
        assertError(TestImages.concat(TestImages.multibootHeader(0x10000, 0x200000, 0x200000, 0x1fffff, 0, 0x200000), body),
                "load_end_addr 0x1fffff is below load_addr 0x200000");
        assertError(TestImages.concat(TestImages.multibootHeader(0x10000, 0x200000, 0x200000, 0x200100, 0x200080, 0x200000), body),
                "bss_end_addr 0x200080 is below the end of the loaded image 0x200100");
        assertError(TestImages.concat(TestImages.multibootHeader(0x10000, 0x200000, 0x200000, 0x201000, 0, 0x200000), body),
                "is truncated: the image between multiboot load_addr and load_end_addr");
        assertError(TestImages.multibootHeader(0x10000, 0x200000), "is truncated: multiboot load_addr");
    }

    @Test
    void rejectsModulesThatDoNotFit() throws Exception {
        TestBoot boot = new TestBoot(4 * MIB, elfKernel(0)).initrd("huge.img", new byte[(int) (3 * MIB + 1)]);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertTrue(e.getMessage().contains("no room for multiboot module 0 (huge.img)"), e.getMessage());
        assertNull(boot.cpu(), "no half-booted CPU");
    }

    @Test
    void rejectsAMemoryMapWithoutRam() throws Exception {
        TestBoot boot = new TestBoot(16 * MIB, elfKernel(0)).memoryMap(new MemoryRange(0, 16 * MIB, 2));
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertTrue(e.getMessage().contains("the memory map has no usable RAM"), e.getMessage());
    }

    @Test
    void reportsWhenTheMemoryMapPromisesRamTheBusDoesNotHave() throws Exception {
        // the map claims the VGA hole is RAM; the bus has nothing there
        byte[] text = TestImages.concat(TestImages.multibootHeader(0), new byte[0x100]);
        TestBoot boot = new TestBoot(16 * MIB, TestImages.elf32(0xa0000, Segment.at(0xa0000, text)))
                .memoryMap(new MemoryRange(0, 16 * MIB, 1));
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertTrue(e.getMessage().contains("cannot write ELF segment 0: guest address 0xa0000 is not RAM"), e.getMessage());
    }

    private void assertError(byte[] image, String expected) {
        TestBoot boot = new TestBoot(16 * MIB, image).name("k.elf");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage());
        assertTrue(e.getMessage().contains("k.elf") || e.getMessage().contains("segment"), () -> "names the image: " + e.getMessage());
        assertNull(boot.cpu());
    }
}
