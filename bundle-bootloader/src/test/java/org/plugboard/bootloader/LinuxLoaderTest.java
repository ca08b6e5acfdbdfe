package org.plugboard.bootloader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.plugboard.api.boot.BootContext.MemoryRange;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;

class LinuxLoaderTest {
    private static final long MIB = 1 << 20;
    private final LinuxLoader loader = new LinuxLoader();

    @Test
    void loadsTheProtectedModeKernelAndBuildsTheZeroPage() throws Exception {
        BzImage bz = new BzImage();
        byte[] image = bz.build();
        TestBoot boot = new TestBoot(64 * MIB, image).name("bzImage").append("console=ttyS0 root=/dev/vda").dirty(0x5a);
        loader.load(boot);

        assertArrayEquals(bz.payload, boot.bytes(0x100000, bz.payload.length), "the protected-mode kernel at code32_start");
        CpuRegisters cpu = boot.cpu();
        long bp = cpu.gpr[CpuRegisters.RSI];
        assertEquals(0, bp % 4096);
        assertTrue(bp >= RamPlan.BOOT_DATA_START && bp < TestBoot.EBDA, "in low memory: " + Long.toHexString(bp));

        byte[] zeroPage = boot.bytes(bp, BootParams.SIZE);
        // the setup header arrives as in the file, except for the fields the loader owns
        byte[] expected = new byte[BootParams.SIZE];
        System.arraycopy(image, 0x1f1, expected, 0x1f1, 0x202 + bz.jump - 0x1f1);
        expected[0x210] = (byte) 0xff; // type_of_loader
        expected[0x211] = (byte) (SetupHeader.LOADED_HIGH | SetupHeader.CAN_USE_HEAP);
        TestImages.le(expected).putShort(0x224, (short) 0xfe00).putInt(0x228, (int) boot.u32(bp + 0x228));
        TestImages.le(expected).putInt(0x1e0, (int) ((64 * MIB - MIB) / 1024)); // alt_mem_k
        expected[0x1e8] = 4; // e820_entries
        int at = 0x2d0;
        for (MemoryRange r : boot.memoryMap()) {
            TestImages.le(expected).putLong(at, r.base()).putLong(at + 8, r.length()).putInt(at + 16, r.type());
            at += 20;
        }
        assertArrayEquals(expected, zeroPage, "everything else zero, whatever RAM held before");

        long cmdline = boot.u32(bp + 0x228);
        assertEquals("console=ttyS0 root=/dev/vda", boot.string(cmdline));
        assertTrue(cmdline < TestBoot.EBDA);
        assertEquals(0, boot.u32(bp + 0x218), "no initrd");
        assertEquals(0, boot.u32(bp + 0x21c));

        assertEquals(0x100000, cpu.rip);
        assertEquals(LinuxLoader.BOOT_CS, cpu.seg[CpuRegisters.CS].selector);
        for (int s : new int[] {CpuRegisters.DS, CpuRegisters.ES, CpuRegisters.SS}) {
            assertEquals(LinuxLoader.BOOT_DS, cpu.seg[s].selector);
            assertEquals(CpuRegisters.FLAT_DATA32, cpu.seg[s].attributes);
        }
        assertEquals(0, cpu.rflags & 0x200, "interrupts off");
        assertEquals(0x11, cpu.cr0, "protected mode, paging off");
        for (int r : new int[] {CpuRegisters.RBX, CpuRegisters.RBP, CpuRegisters.RDI}) assertEquals(0, cpu.gpr[r]);
        assertEquals(31, cpu.gdtLimit);
        assertEquals(0x00cf9b000000ffffL, boot.u64(cpu.gdtBase + LinuxLoader.BOOT_CS), "__BOOT_CS: flat 4 GiB code");
        assertEquals(0x00cf93000000ffffL, boot.u64(cpu.gdtBase + LinuxLoader.BOOT_DS), "__BOOT_DS: flat 4 GiB data");
    }

    @Test
    void aLongModeCpuEntersA64BitKernelAtStartup64WithAnIdentityMap() throws Exception {
        BzImage bz = new BzImage();    // xloadflags: XLF_KERNEL_64
        TestBoot boot = new TestBoot(64 * MIB, bz.build()).withLongMode();
        loader.load(boot);
        CpuRegisters cpu = boot.cpu();
        assertEquals(0x100000 + 0x200, cpu.rip, "startup_64 is 0x200 into the protected-mode kernel");
        assertEquals(0x80000011L, cpu.cr0, "PE, ET, PG");
        assertEquals(0x20, cpu.cr4, "PAE");
        assertEquals(0x500, cpu.efer, "LME and LMA");
        assertEquals(0xa09b, cpu.seg[CpuRegisters.CS].attributes, "a 64-bit code segment (L=1, D=0)");
        assertEquals(LinuxLoader.BOOT_CS, cpu.seg[CpuRegisters.CS].selector);
        assertEquals(LinuxLoader.BOOT_DS, cpu.seg[CpuRegisters.DS].selector);
        assertEquals(0x00af9b000000ffffL, boot.u64(cpu.gdtBase + LinuxLoader.BOOT_CS), "__BOOT_CS in the GDT is 64-bit code");
        assertEquals(0x00cf93000000ffffL, boot.u64(cpu.gdtBase + LinuxLoader.BOOT_DS));
        // the identity map: PML4[0] -> PDPT, PDPT[0..3] -> directories of 2 MiB pages
        long pml4 = cpu.cr3, pdpt = boot.u64(pml4) & ~0xfffL;
        assertEquals(0x3, boot.u64(pml4) & 0xfff, "present, writable");
        for (int d = 0; d < 4; d++) {
            long directory = boot.u64(pdpt + 8L * d) & ~0xfffL;
            for (int e : new int[] {0, 1, 511}) {
                long physical = ((long) d * 512 + e) << 21;
                assertEquals(physical | 0x83, boot.u64(directory + 8L * e), "2 MiB page at " + Long.toHexString(physical));
            }
        }
        assertEquals(0, boot.u64(pdpt + 8 * 4), "nothing above 4 GiB");
        long bp = cpu.gpr[CpuRegisters.RSI];
        assertEquals(0x53726448L, boot.u32(bp + 0x202), "RSI points at boot_params (its header's HdrS)");
    }

    @Test
    void withoutLongModeA64BitKernelIsEnteredAt32Bits() throws Exception {
        TestBoot boot = new TestBoot(64 * MIB, new BzImage().build());
        loader.load(boot);
        assertEquals(0x100000, boot.cpu().rip);
        assertEquals(0, boot.cpu().efer);
        assertEquals(CpuRegisters.FLAT_CODE32, boot.cpu().seg[CpuRegisters.CS].attributes);
    }

    @Test
    void aKernelWithoutThe64BitEntryStaysAt32BitsOnALongModeCpu() throws Exception {
        BzImage bz = new BzImage();
        bz.xloadflags = 0;
        TestBoot boot = new TestBoot(64 * MIB, bz.build()).withLongMode();
        loader.load(boot);
        assertEquals(0x100000, boot.cpu().rip);
        assertEquals(0, boot.cpu().cr4);
    }

    @Test
    void placesTheInitrdAsHighAsAllowedBelowInitrdAddrMax() throws Exception {
        BzImage bz = new BzImage();
        bz.initrdAddrMax = 0x1ffffff; // 32 MiB, below the end of RAM
        byte[] initrd = TestImages.pattern(10000, 4);
        TestBoot boot = new TestBoot(64 * MIB, bz.build()).initrd("initrd.img", initrd);
        loader.load(boot);
        long bp = boot.cpu().gpr[CpuRegisters.RSI];
        long address = boot.u32(bp + 0x218);
        assertEquals(0x2000000 - 3 * 4096, address, "page-aligned, ending at or below initrd_addr_max");
        assertEquals(initrd.length, boot.u32(bp + 0x21c));
        assertArrayEquals(initrd, boot.bytes(address, initrd.length));
    }

    @Test
    void theInitrdStaysBelowTheEndOfRam() throws Exception {
        byte[] initrd = TestImages.pattern(4096, 4);
        TestBoot boot = new TestBoot(16 * MIB, new BzImage().build()).initrd("initrd.img", initrd);
        loader.load(boot);
        assertEquals(16 * MIB - 4096, boot.u32(boot.cpu().gpr[CpuRegisters.RSI] + 0x218));
    }

    @Test
    void theInitrdAvoidsReservedRangesAtTheTopOfRam() throws Exception {
        TestBoot boot = new TestBoot(16 * MIB, new BzImage().build()).initrd("initrd.img", new byte[4096]).memoryMap(
                new MemoryRange(0, TestBoot.EBDA, 1), new MemoryRange(TestBoot.HIGH, 15 * MIB - 0x20000, 1),
                new MemoryRange(16 * MIB - 0x20000, 0x20000, 2));
        loader.load(boot);
        assertEquals(16 * MIB - 0x21000, boot.u32(boot.cpu().gpr[CpuRegisters.RSI] + 0x218));
    }

    @Test
    void severalInitrdFilesAreConcatenatedOnFourByteBoundaries() throws Exception {
        byte[] a = TestImages.pattern(5, 1), b = TestImages.pattern(8, 2);
        TestBoot boot = new TestBoot(16 * MIB, new BzImage().build()).initrd("a.cpio", a).initrd("b.cpio", b);
        loader.load(boot);
        long bp = boot.cpu().gpr[CpuRegisters.RSI];
        assertEquals(16, boot.u32(bp + 0x21c));
        byte[] expected = new byte[16];
        System.arraycopy(a, 0, expected, 0, 5);
        System.arraycopy(b, 0, expected, 8, 8);
        assertArrayEquals(expected, boot.bytes(boot.u32(bp + 0x218), 16));
    }

    @Test
    void loadsAtAndEntersCode32Start() throws Exception {
        BzImage bz = new BzImage();
        bz.code32Start = 0x400000;
        TestBoot boot = new TestBoot(16 * MIB, bz.build());
        loader.load(boot);
        assertEquals(0x400000, boot.cpu().rip);
        assertArrayEquals(bz.payload, boot.bytes(0x400000, bz.payload.length));
    }

    @Test
    void setupSectsZeroMeansFour() throws Exception {
        BzImage bz = new BzImage();
        bz.setupSects = 4;
        byte[] image = bz.build();
        image[SetupHeader.OFF_SETUP_SECTS] = 0;
        TestBoot boot = new TestBoot(16 * MIB, image);
        loader.load(boot);
        assertArrayEquals(bz.payload, boot.bytes(0x100000, bz.payload.length));
    }

    @Test
    void anOlderHeaderWithoutInitSizeIsCopiedOnlyAsFarAsItGoes() throws Exception {
        BzImage bz = new BzImage();
        bz.version = 0x0206;
        bz.jump = 0x3a; // the 2.06 header ends after cmdline_size, at 0x23c
        byte[] image = bz.build();
        TestBoot boot = new TestBoot(16 * MIB, image);
        loader.load(boot);
        long bp = boot.cpu().gpr[CpuRegisters.RSI];
        assertEquals(2047, boot.u32(bp + 0x238));
        assertEquals(0, boot.u32(bp + 0x260), "init_size lies beyond this header: not copied");
    }

    @Test
    void probeRecognisesBzImagesAndFlagsUnsupportedOnes() {
        assertEquals(LinuxLoader.SCORE_BZIMAGE, loader.probe(new BzImage().build()));
        BzImage old = new BzImage();
        old.version = 0x0204;
        assertEquals(LinuxLoader.SCORE_UNSUPPORTED, loader.probe(old.build()));
        BzImage zImage = new BzImage();
        zImage.loadflags = 0;
        assertEquals(LinuxLoader.SCORE_UNSUPPORTED, loader.probe(zImage.build()));
        assertEquals(0, loader.probe(new byte[4096]));
        assertEquals(0, loader.probe(new byte[10]));
    }

    @Test
    void rejectsOldProtocols() {
        BzImage bz = new BzImage();
        bz.version = 0x0204;
        assertError(bz.build(), 64 * MIB, "uses Linux boot protocol 2.04; direct boot needs 2.06 or later");
    }

    @Test
    void rejectsZImages() {
        BzImage bz = new BzImage();
        bz.loadflags = 0;
        assertError(bz.build(), 64 * MIB, "is a zImage");
    }

    @Test
    void rejectsFilesWithoutSetupHeader() {
        assertError(new byte[4096], 64 * MIB, "is not a Linux bzImage: no \"HdrS\"");
    }

    @Test
    void rejectsATruncatedKernel() {
        byte[] image = new BzImage().build();
        assertError(Arrays.copyOf(image, image.length - 16), 64 * MIB, "is truncated: the protected-mode kernel (syssize)");
        assertError(Arrays.copyOf(image, 0x208), 64 * MIB, "is truncated");
    }

    @Test
    void rejectsACommandLineLongerThanTheKernelTakes() {
        BzImage bz = new BzImage();
        bz.cmdlineSize = 10;
        TestBoot boot = new TestBoot(64 * MIB, bz.build()).name("vmlinuz").append("console=ttyS0");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertEquals("the kernel command line is 13 bytes long; vmlinuz accepts at most 10", e.getMessage());
    }

    @Test
    void rejectsAKernelWhoseInitSizeExceedsRam() {
        BzImage bz = new BzImage();
        bz.initSize = 20 * MIB;
        assertError(bz.build(), 16 * MIB, "the Linux kernel (k, loaded at 0x100000, run at 0x200000 with init_size 0x1400000) "
                + "at 0x100000-0x15fffff does not fit in RAM: usable RAM is 0x0-0x9fbff 0x100000-0xffffff");
    }

    @Test
    void theInitrdKeepsClearOfWhereTheKernelDecompressesTo() throws Exception {
        BzImage bz = new BzImage();
        bz.prefAddress = 0x1000000; // runs at 16 MiB, in [16 MiB, 18 MiB)
        TestBoot fits = new TestBoot(20 * MIB, bz.build()).initrd("initrd.img", new byte[(int) (MIB + MIB / 2)]);
        loader.load(fits);
        assertEquals(20 * MIB - MIB - MIB / 2, fits.u32(fits.cpu().gpr[CpuRegisters.RSI] + 0x218));

        TestBoot tooBig = new TestBoot(20 * MIB, bz.build()).initrd("initrd.img", new byte[(int) (2 * MIB + MIB / 2)]);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(tooBig));
        assertTrue(e.getMessage().startsWith("no room for the initrd"), e.getMessage());
    }

    @Test
    void aNonRelocatableKernelRunsAtItsPreferredAddress() {
        BzImage bz = new BzImage();
        bz.relocatable = false;
        bz.prefAddress = 0x1000000;
        assertError(bz.build(), 16 * MIB, "run at 0x1000000 with init_size 0x200000) at 0x100000-0x11fffff does not fit in RAM");
        bz.relocatable = true;
        bz.prefAddress = 0x100000;
        bz.kernelAlignment = 0x1000000;
        assertError(bz.build(), 16 * MIB, "run at 0x1000000 with init_size 0x200000) at 0x100000-0x11fffff does not fit in RAM");
    }

    @Test
    void rejectsAnInitrdThatDoesNotFit() {
        BzImage bz = new BzImage();
        bz.initrdAddrMax = 0x3fffff;
        TestBoot boot = new TestBoot(16 * MIB, bz.build()).name("k").initrd("big.img", new byte[(int) (2 * MIB)]);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertTrue(e.getMessage().startsWith("no room for the initrd (2097152 bytes) in 0x100000-0x3fffff"), e.getMessage());
        assertTrue(e.getMessage().contains("already used: the Linux kernel (k, loaded at 0x100000, run at 0x200000 with init_size "
                + "0x200000) 0x100000-0x3fffff"), e.getMessage());
    }

    @Test
    void rejectsAMemoryMapTooLongForTheZeroPage() {
        MemoryRange[] map = new MemoryRange[129];
        map[0] = new MemoryRange(0, TestBoot.EBDA, 1);
        map[1] = new MemoryRange(TestBoot.HIGH, 15 * MIB, 1);
        for (int i = 2; i < map.length; i++) map[i] = new MemoryRange(0x100000000L + i * 4096L, 4096, 2);
        TestBoot boot = new TestBoot(16 * MIB, new BzImage().build()).memoryMap(map);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertEquals("the memory map has 129 entries; the Linux zero page holds at most 128", e.getMessage());
    }

    private void assertError(byte[] image, long ram, String expected) {
        TestBoot boot = new TestBoot(ram, image).name("k");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(boot));
        assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage());
        assertNull(boot.cpu());
    }
}
