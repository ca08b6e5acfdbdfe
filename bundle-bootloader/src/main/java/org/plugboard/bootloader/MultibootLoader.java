package org.plugboard.bootloader;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.boot.BootContext;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.device.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multiboot v1 (the spec's version 0.6.96): ELF32 images and the a.out kludge, with modules,
 * command line and memory map, entered in flat 32-bit protected mode with EAX = 0x2BADB002 and
 * EBX pointing at the multiboot information.
 */
@Component(service = KernelLoader.class)
public final class MultibootLoader implements KernelLoader {
    /** Loses to a Linux bzImage, as with QEMU, which tries the Linux protocol first. */
    static final int SCORE_VALID = 80;
    /** A header with a bad checksum: only so that load() can explain what is wrong with it. */
    static final int SCORE_BROKEN = 1;
    /** mem_lower counts conventional memory only. */
    private static final long LOW_MEMORY_END = 0xa0000;

    private static final Logger LOG = LoggerFactory.getLogger(MultibootLoader.class);

    @Override
    public String name() {
        return "multiboot";
    }

    @Override
    public int probe(byte[] image) {
        return switch (MultibootHeader.scan(image)) {
            case VALID -> SCORE_VALID;
            case BAD_CHECKSUM -> SCORE_BROKEN;
            case NONE -> 0;
        };
    }

    @Override
    public void load(BootContext context) throws ConfigException {
        String name = context.kernelName();
        ImageReader image = new ImageReader(context.kernel(), name);
        MultibootHeader header = MultibootHeader.find(image, name);
        if (header.wantsVideoMode()) {
            LOG.warn("{}: the multiboot header asks for a video mode (flag 2); there is no VBE, booting without it", name);
        }
        Kernel kernel = kernelOf(header, image, name);

        RamPlan plan = new RamPlan(context.memoryMap());
        GuestWriter writer = new GuestWriter(context.dma());
        long kernelEnd = 0;
        for (LoadSegment s : kernel.segments()) {
            s.load(image, plan, writer);
            kernelEnd = Math.max(kernelEnd, s.end());
        }
        List<MultibootInfo.LoadedModule> modules = loadModules(context.initrds(), kernelEnd, plan, writer);

        long infoAddress = writeInfo(context, modules, plan, writer);

        CpuRegisters cpu = CpuRegisters.flatProtectedMode(kernel.entry());
        cpu.gpr[CpuRegisters.RAX] = MultibootInfo.BOOTLOADER_MAGIC & 0xffffffffL;
        cpu.gpr[CpuRegisters.RBX] = infoAddress;
        context.setBootCpu(cpu);
        LOG.info("{}", String.format("%s: multiboot kernel, %d segment(s) ending at %#x, %d module(s), info at %#x, entry %#x", name,
                kernel.segments().size(), kernelEnd, modules.size(), infoAddress, kernel.entry()));
    }

    /** What goes where and where execution starts. */
    private record Kernel(List<LoadSegment> segments, long entry) {
    }

    /** The a.out kludge addresses win over the ELF headers when both are there, as with GRUB and QEMU. */
    private static Kernel kernelOf(MultibootHeader header, ImageReader image, String name) throws ConfigException {
        if (header.aout() != null) {
            return new Kernel(List.of(header.aout().segment(image, name, header.offset())), header.aout().entryAddr());
        }
        if (!Elf32Image.isElf(image.bytes())) {
            throw new ConfigException(name + " has a multiboot header without load addresses (flag 16) and is not an ELF file");
        }
        Elf32Image elf = Elf32Image.parse(image, name);
        return new Kernel(elf.segments(), elf.entry());
    }

    /** Builds the multiboot information in low memory; returns its address, which goes to EBX. */
    private static long writeInfo(BootContext context, List<MultibootInfo.LoadedModule> modules, RamPlan plan, GuestWriter writer)
            throws ConfigException {
        // the kernel's name, a space, the -append string: as QEMU builds it, even when that string is empty
        String commandLine = context.kernelName() + " " + context.commandLine();
        long memLowerKiB = Math.min(plan.contiguousFrom(0), LOW_MEMORY_END) / 1024;
        long memUpperKiB = plan.contiguousFrom(RamPlan.HIGH_MEMORY) / 1024;
        MultibootInfo info = new MultibootInfo(commandLine, context.memoryMap(), memLowerKiB, memUpperKiB, modules);
        long address = plan.claimLowest(RamPlan.BOOT_DATA_START, RamPlan.LIMIT_4G, info.size(), 16, "the multiboot information");
        writer.write(address, info.build(address), "the multiboot information");
        return address;
    }

    /** Places each module page-aligned after the kernel, in order, as GRUB and QEMU do. */
    private static List<MultibootInfo.LoadedModule> loadModules(List<BootContext.Module> files, long kernelEnd, RamPlan plan,
            GuestWriter writer) throws ConfigException {
        List<MultibootInfo.LoadedModule> modules = new ArrayList<>();
        long from = Bytes.alignUp(kernelEnd, RamPlan.PAGE);
        for (int i = 0; i < files.size(); i++) {
            BootContext.Module file = files.get(i);
            String what = "multiboot module " + i + " (" + file.name() + ")";
            long start = plan.claimLowest(from, RamPlan.LIMIT_4G, file.data().length, RamPlan.PAGE, what);
            writer.write(start, file.data(), what);
            modules.add(new MultibootInfo.LoadedModule(start, start + file.data().length, file.name()));
            from = start + file.data().length;
        }
        return modules;
    }
}
