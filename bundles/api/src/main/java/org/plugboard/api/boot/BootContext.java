package org.plugboard.api.boot;

import java.util.List;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.cpu.CpuRegisters;

/** What a kernel loader gets: the images, the memory, and the boot CPU to set up. */
public interface BootContext {
    byte[] kernel();

    String kernelName();

    /** The {@code -append} string, empty if none. */
    String commandLine();

    /** {@code -initrd} files in order (multiboot modules, or the Linux initrd). */
    List<Module> initrds();

    MemorySpace memory();

    /** Writes into guest RAM with bounds checks. */
    Dma dma();

    /** The RAM layout as the firmware would report it (e820 types: 1 usable, 2 reserved). */
    List<MemoryRange> memoryMap();

    /** Whether the boot CPU implements long mode, so a kernel may be entered in 64-bit mode. */
    default boolean longMode() {
        return false;
    }

    /** Sets the boot CPU's registers for entry. */
    void setBootCpu(CpuRegisters registers);

    /** An initrd file. */
    record Module(String name, byte[] data) {
    }

    /** One e820 entry. */
    record MemoryRange(long base, long length, int type) {
    }
}
