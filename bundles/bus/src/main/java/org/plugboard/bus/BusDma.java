package org.plugboard.bus;

import java.util.function.BooleanSupplier;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.DmaException;
import org.plugboard.api.bus.GuestRam;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.PhysicalPage;

/**
 * DMA over the memory space: page by page, RAM only, all-or-nothing (the whole range is checked
 * before a byte moves). An optional gate models a PCI function's bus-master enable bit.
 */
public final class BusDma implements Dma {
    private final MemorySpace memory;
    private final BooleanSupplier gate;
    private final String who;

    public BusDma(MemorySpace memory) {
        this(memory, () -> true, "DMA");
    }

    public BusDma(MemorySpace memory, BooleanSupplier gate, String who) {
        this.memory = memory;
        this.gate = gate;
        this.who = who;
    }

    private void check(long address, int length, boolean write) throws DmaException {
        if (!gate.getAsBoolean()) throw new DmaException(address, who + ": bus mastering is disabled");
        if (length < 0 || address < 0 || address + length < address)
            throw new DmaException(address, who + ": bad range 0x" + Long.toHexString(address) + "+" + length);
        long a = address, end = address + length;
        while (a < end) {
            PhysicalPage p = memory.page(a >>> MemorySpace.PAGE_SHIFT);
            if (p.ram == null) throw new DmaException(a, String.format("%s: 0x%x is not RAM", who, a));
            if (write && !p.writable) throw new DmaException(a, String.format("%s: 0x%x is read-only", who, a));
            a = (a | (MemorySpace.PAGE_SIZE - 1)) + 1;
        }
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) throws DmaException {
        check(address, length, false);
        copy(address, dst, offset, length, false);
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) throws DmaException {
        check(address, length, true);
        copy(address, src, offset, length, true);
        memory.notifyWritten(address, length);
    }

    private void copy(long address, byte[] buf, int offset, int length, boolean write) {
        while (length > 0) {
            PhysicalPage p = memory.page(address >>> MemorySpace.PAGE_SHIFT);
            int in = (int) (address & (MemorySpace.PAGE_SIZE - 1));
            int n = Math.min(length, MemorySpace.PAGE_SIZE - in);
            if (write) System.arraycopy(buf, offset, p.ram, p.ramOffset + in, n);
            else System.arraycopy(p.ram, p.ramOffset + in, buf, offset, n);
            address += n; offset += n; length -= n;
        }
    }

    @Override
    public void postedWrite(long address, int value) {
        if (!gate.getAsBoolean()) return; // a disabled bus master cannot signal MSI either
        memory.write(address, 4, value & 0xffffffffL);
        PhysicalPage p = memory.page(address >>> MemorySpace.PAGE_SHIFT);
        if (p.ram != null) memory.notifyWritten(address, 4);
    }

}
