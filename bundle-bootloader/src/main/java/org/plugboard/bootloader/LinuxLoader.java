package org.plugboard.bootloader;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.boot.BootContext;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux x86 boot protocol (2.06 and later) for bzImage kernels, entered through the 32-bit
 * entry point, or through the 64-bit one ({@link LongModeEntry}) when the kernel has it and the CPU
 * model implements long mode: the protected-mode kernel at code32_start, a fresh boot_params with the setup
 * header, the e820 map, the command line and the initrd, and ESI pointing at it.
 */
@Component(service = KernelLoader.class)
public final class LinuxLoader implements KernelLoader {
    static final int SCORE_BZIMAGE = 100;
    /** An old or low-loaded kernel: only so that load() can say why it is refused. */
    static final int SCORE_UNSUPPORTED = 2;
    /** GDT selectors the protocol prescribes: __BOOT_CS and __BOOT_DS. */
    static final int BOOT_CS = 0x10, BOOT_DS = 0x18;
    /** Null, unused, then flat 4 GiB code (0x9b) and data (0x93), accessed bits set to match the loaded segments. */
    private static final long[] GDT = {0, 0, 0x00cf9b000000ffffL, 0x00cf93000000ffffL};
    /** The kernel checks nothing stricter; cpio archives that follow each other need 4-byte alignment. */
    private static final int INITRD_ALIGNMENT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(LinuxLoader.class);

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public int probe(byte[] image) {
        if (!SetupHeader.hasSignature(image)) return 0;
        boolean supported = SetupHeader.versionOf(image) >= SetupHeader.MIN_VERSION && SetupHeader.isLoadedHigh(image);
        return supported ? SCORE_BZIMAGE : SCORE_UNSUPPORTED;
    }

    @Override
    public void load(BootContext context) throws ConfigException {
        String name = context.kernelName();
        ImageReader image = new ImageReader(context.kernel(), name);
        SetupHeader header = SetupHeader.parse(image, name);
        RamPlan plan = new RamPlan(context.memoryMap());
        GuestWriter writer = new GuestWriter(context.dma());

        long kernel = header.code32Start();
        int kernelBytes = image.length() - header.setupSize();
        // the file goes to code32_start, but the kernel then decompresses to its run-time address and
        // needs init_size bytes there: nothing else may sit anywhere from the one to the end of the other
        long runtime = header.runtimeAddress();
        long start = Math.min(kernel, runtime), end = Math.max(kernel + kernelBytes, runtime + header.initSize());
        plan.claim(start, end - start, String.format("the Linux kernel (%s, loaded at %#x, run at %#x with init_size %#x)", name,
                kernel, runtime, header.initSize()));
        writer.write(kernel, image.bytes(), header.setupSize(), kernelBytes, "the Linux kernel");

        long cmdLinePtr = writeCommandLine(context, header, plan, writer);
        byte[] initrd = concatenate(context.initrds());
        long initrdAddress = initrd.length == 0 ? 0 : writeInitrd(initrd, header, plan, writer);
        long altMemKiB = plan.contiguousFrom(RamPlan.HIGH_MEMORY) / 1024;
        byte[] zeroPage = BootParams.build(header, context.memoryMap(), altMemKiB, cmdLinePtr, initrdAddress, initrd.length);
        long bootParams = plan.claimLowest(RamPlan.BOOT_DATA_START, RamPlan.LIMIT_4G, BootParams.SIZE, RamPlan.PAGE, "boot_params");
        writer.write(bootParams, zeroPage, "boot_params");

        boolean longMode = header.has64BitEntry() && context.longMode();
        CpuRegisters cpu;
        if (longMode) {
            long pml4 = LongModeEntry.writePageTables(plan, writer);
            cpu = LongModeEntry.registers(kernel, pml4, writeGdt(LongModeEntry.GDT, plan, writer), bootParams);
        } else {
            // flatProtectedMode loads CS with 0x10 and the data segments with 0x18, as the protocol wants
            cpu = CpuRegisters.flatProtectedMode(kernel);
            cpu.gdtBase = writeGdt(GDT, plan, writer);
            cpu.gdtLimit = GDT.length * 8 - 1;
            cpu.gpr[CpuRegisters.RSI] = bootParams;
        }
        context.setBootCpu(cpu);
        LOG.info("{}", String.format("%s: Linux boot protocol %s, kernel at %#x (%d bytes, runs at %#x, init_size %#x), "
                + "initrd %d bytes at %#x, boot_params at %#x%s", name, header.versionString(), kernel, kernelBytes, runtime,
                header.initSize(), initrd.length, initrdAddress, bootParams,
                longMode ? "; entered at the 64-bit entry point (startup_64) in long mode"
                        : header.has64BitEntry() ? "; entered at the 32-bit entry point (the CPU model has no long mode)" : ""));
    }

    private static long writeCommandLine(BootContext context, SetupHeader header, RamPlan plan, GuestWriter writer)
            throws ConfigException {
        byte[] commandLine = Bytes.cString(context.commandLine());
        if (commandLine.length - 1 > header.cmdlineSize()) {
            throw new ConfigException(String.format("the kernel command line is %d bytes long; %s accepts at most %d",
                    commandLine.length - 1, context.kernelName(), header.cmdlineSize()));
        }
        long address = plan.claimLowest(RamPlan.BOOT_DATA_START, RamPlan.LIMIT_4G, commandLine.length, 16, "the kernel command line");
        writer.write(address, commandLine, "the kernel command line");
        return address;
    }

    /** The initrd goes as high as the kernel allows, as boot loaders conventionally place it. */
    private static long writeInitrd(byte[] initrd, SetupHeader header, RamPlan plan, GuestWriter writer) throws ConfigException {
        long limit = Math.min(header.initrdAddrMax() + 1, RamPlan.LIMIT_4G);
        long address = plan.claimHighest(RamPlan.HIGH_MEMORY, limit, initrd.length, RamPlan.PAGE, "the initrd");
        writer.write(address, initrd, "the initrd");
        return address;
    }

    /** The protocol wants a GDT with __BOOT_CS and __BOOT_DS loaded, even though the kernel soon loads its own. */
    private static long writeGdt(long[] descriptors, RamPlan plan, GuestWriter writer) throws ConfigException {
        byte[] gdt = new byte[descriptors.length * 8];
        for (int i = 0; i < descriptors.length; i++) Bytes.put64(gdt, i * 8, descriptors[i]);
        long address = plan.claimLowest(RamPlan.BOOT_DATA_START, RamPlan.LIMIT_4G, gdt.length, 16, "the boot GDT");
        writer.write(address, gdt, "the boot GDT");
        return address;
    }

    /** Several initrd files become one, as the kernel unpacks concatenated (zero-padded) cpio archives. */
    static byte[] concatenate(List<BootContext.Module> files) {
        if (files.size() == 1) return files.get(0).data();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BootContext.Module f : files) {
            while (out.size() % INITRD_ALIGNMENT != 0) out.write(0);
            out.writeBytes(f.data());
        }
        return out.toByteArray();
    }
}
