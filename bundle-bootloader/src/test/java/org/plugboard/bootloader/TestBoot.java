package org.plugboard.bootloader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.boot.BootContext;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.DmaException;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.bus.BusDma;
import org.plugboard.bus.PhysicalMemory;
import org.plugboard.bus.Ram;

/**
 * A boot context over the real bus: RAM mapped like a PC's (conventional memory below 640 KiB,
 * nothing in the VGA/BIOS hole, the rest from 1 MiB), the e820 map SeaBIOS reports for it, and
 * a record of the registers the loader sets.
 */
final class TestBoot implements BootContext {
    static final long EBDA = 0x9fc00, HOLE_START = 0xa0000, BIOS = 0xf0000, HIGH = 0x100000;

    private final long ramSize;
    private final PhysicalMemory memory;
    private final Dma dma;
    private final List<MemoryRange> memoryMap = new ArrayList<>();
    private final List<Module> initrds = new ArrayList<>();
    private final byte[] kernel;
    private String kernelName = "kernel";
    private String commandLine = "";
    private CpuRegisters cpu;
    private boolean longMode;

    TestBoot(long ramSize, byte[] kernel) {
        this.ramSize = ramSize;
        this.kernel = kernel;
        memory = new PhysicalMemory(new Ram(ramSize));
        memory.mapRam("low", "test", 0, 0, HOLE_START, false, 0);
        memory.mapRam("high", "test", HIGH, HIGH, ramSize - HIGH, false, 0);
        dma = new BusDma(memory);
        memoryMap.add(new MemoryRange(0, EBDA, 1));
        memoryMap.add(new MemoryRange(EBDA, HOLE_START - EBDA, 2));
        memoryMap.add(new MemoryRange(BIOS, HIGH - BIOS, 2));
        memoryMap.add(new MemoryRange(HIGH, ramSize - HIGH, 1));
    }

    /** A boot CPU with long mode (as the x86 engine's qemu64 has it). */
    TestBoot withLongMode() {
        this.longMode = true;
        return this;
    }

    @Override
    public boolean longMode() {
        return longMode;
    }

    TestBoot name(String name) {
        kernelName = name;
        return this;
    }

    TestBoot append(String cmdline) {
        commandLine = cmdline;
        return this;
    }

    TestBoot initrd(String name, byte[] data) {
        initrds.add(new Module(name, data));
        return this;
    }

    /** Replaces the memory map (the RAM mapping stays as it is). */
    TestBoot memoryMap(MemoryRange... ranges) {
        memoryMap.clear();
        memoryMap.addAll(List.of(ranges));
        return this;
    }

    /** Fills all RAM with a pattern, as a previous run would have left it. */
    TestBoot dirty(int pattern) throws DmaException {
        byte[] junk = new byte[(int) HOLE_START];
        java.util.Arrays.fill(junk, (byte) pattern);
        dma.write(0, junk, 0, junk.length);
        for (long a = HIGH; a < ramSize; a += junk.length) dma.write(a, junk, 0, (int) Math.min(junk.length, ramSize - a));
        return this;
    }

    CpuRegisters cpu() {
        return cpu;
    }

    byte[] bytes(long address, int length) throws DmaException {
        byte[] b = new byte[length];
        dma.read(address, b, 0, length);
        return b;
    }

    long u32(long address) throws DmaException {
        return dma.readInt(address) & 0xffffffffL;
    }

    long u64(long address) throws DmaException {
        return dma.readLong(address);
    }

    int u16(long address) throws DmaException {
        byte[] b = bytes(address, 2);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8;
    }

    int u8(long address) throws DmaException {
        return bytes(address, 1)[0] & 0xff;
    }

    /** The NUL-terminated string at a guest address. */
    String string(long address) throws DmaException {
        StringBuilder s = new StringBuilder();
        for (long a = address; ; a++) {
            int c = u8(a);
            if (c == 0) return new String(s.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            s.append((char) c);
        }
    }

    @Override
    public byte[] kernel() {
        return kernel;
    }

    @Override
    public String kernelName() {
        return kernelName;
    }

    @Override
    public String commandLine() {
        return commandLine;
    }

    @Override
    public List<Module> initrds() {
        return initrds;
    }

    @Override
    public MemorySpace memory() {
        return memory;
    }

    @Override
    public Dma dma() {
        return dma;
    }

    @Override
    public List<MemoryRange> memoryMap() {
        return memoryMap;
    }

    @Override
    public void setBootCpu(CpuRegisters registers) {
        cpu = registers;
    }
}
