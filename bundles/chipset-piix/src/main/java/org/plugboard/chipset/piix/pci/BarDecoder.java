package org.plugboard.chipset.piix.pci;

import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.Region;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.api.pci.PciFunction;

/**
 * Keeps the mappings of one function's BAR regions (BAR0-5 and the expansion ROM) in step with
 * its config space. A BAR decodes while its command bit (I/O or memory; for the ROM also its
 * enable bit) is set and it holds an address that fits its space: zero, and the all-ones value
 * of a sizing probe, do not decode (as in QEMU's pci_bar_address, hw/pci/pci.c). 64-bit memory
 * BARs take their upper half from the next BAR register.
 */
final class BarDecoder {
    private static final int BARS = 7, ROM = 6;
    private static final long IO_LIMIT = 0x10000, MEM32_LIMIT = 1L << 32, MEM64_LIMIT = 1L << 52;

    private final PciFunction function;
    private final AddressSpace io;
    private final MemorySpace memory;
    private final int priority;
    private final Relocatable[] bars = new Relocatable[BARS];

    BarDecoder(PciFunction function, AddressSpace io, MemorySpace memory, int priority) {
        this.function = function;
        this.io = io;
        this.memory = memory;
        this.priority = priority;
    }

    /** Where BAR {@code index} decodes now, or -1. */
    long decodedAt(int index) {
        return bars[index] == null ? -1 : bars[index].base();
    }

    void update() {
        int command = function.configRead(PciConfig.COMMAND, 2);
        for (int i = 0; i < BARS; i++) {
            Region region = function.barRegion(i);
            if (bars[i] != null && bars[i].region() != region) { // the function put another region behind the BAR
                bars[i].unmap();
                bars[i] = null;
            }
            if (region == null) continue;
            int low = function.configRead(barOffset(i), 4);
            if (bars[i] == null) bars[i] = new Relocatable(i != ROM && (low & 1) != 0 ? io : memory, region, priority);
            bars[i].placeAt(target(i, low, command, region.size()));
        }
    }

    /** The address BAR {@code i} decodes at, or -1 when it must not decode. */
    private long target(int i, int low, int command, long size) {
        long address, limit;
        if (i == ROM) {
            if ((command & PciConfig.CMD_MEMORY) == 0 || (low & 1) == 0) return -1;
            address = low & 0xfffff800L;
            limit = MEM32_LIMIT;
        } else if ((low & 1) != 0) {
            if ((command & PciConfig.CMD_IO) == 0) return -1;
            address = low & 0xfffffffcL;
            limit = IO_LIMIT;
        } else {
            if ((command & PciConfig.CMD_MEMORY) == 0) return -1;
            address = low & 0xfffffff0L;
            limit = MEM32_LIMIT;
            if (((low >>> 1) & 3) == 2 && i < 5) { // 64-bit: the next register holds bits 63:32
                address |= (function.configRead(barOffset(i) + 4, 4) & 0xffffffffL) << 32;
                limit = MEM64_LIMIT;
            }
        }
        long last = address + size - 1;
        // memory BARs must end below the space's last address (QEMU: last_addr >= UINT32_MAX is
        // unmapped), which also keeps the all-ones sizing value dark; I/O may end at 0xffff
        boolean fits = last >= address && (limit == IO_LIMIT ? last < limit : last < limit - 1);
        return address != 0 && fits ? address : -1;
    }

    void unmapAll() {
        for (int i = 0; i < BARS; i++) {
            if (bars[i] != null) bars[i].unmap();
            bars[i] = null;
        }
    }

    private static int barOffset(int i) {
        return i == ROM ? PciConfig.ROM_BAR : PciConfig.BAR0 + 4 * i;
    }
}
