package org.plugboard.firmware.direct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.direct.PciBar.Kind;

/**
 * Bus 0 as SeaBIOS leaves it: every function found, its BARs sized and assigned
 * ({@link BarAllocator}), I/O, memory and SERR enabled in its command register, its interrupt
 * line set from the chipset's PIRQ routing. Bridges keep their own BARs assigned but the buses
 * behind them are not walked.
 */
final class PciSetup {
    static final int VENDOR = 0x00, COMMAND = 0x04, HEADER_TYPE = 0x0e, BAR0 = 0x10, INTERRUPT_LINE = 0x3c, INTERRUPT_PIN = 0x3d;
    static final int COMMAND_ENABLE = 0x0103;       // I/O space, memory space, SERR#
    private static final int BRIDGE_ROM = 0x38;

    private final PciConfigPorts config;
    private final AddressSpace io;

    PciSetup(AddressSpace io) {
        this.io = io;
        this.config = new PciConfigPorts(io);
    }

    /** The functions present, in bus order. */
    List<PciFunction> enumerate() {
        List<PciFunction> out = new ArrayList<>();
        for (int dev = 0; dev < 32; dev++) {
            for (int fn = 0; fn < 8; fn++) {
                int bdf = PciConfigPorts.bdf(dev, fn);
                int id = config.read(bdf, VENDOR, 4);
                if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0) {
                    if (fn == 0) break;
                    continue;
                }
                int header = config.read(bdf, HEADER_TYPE, 1);
                out.add(new PciFunction(bdf, (id & 0xffff) << 16 | id >>> 16, header & 0x7f, config.read(bdf, INTERRUPT_PIN, 1)));
                if (fn == 0 && (header & 0x80) == 0) break;
            }
        }
        return out;
    }

    PiixChipset chipset(List<PciFunction> functions) {
        return PiixChipset.find(config, io, functions);
    }

    /** Assigns and enables everything; {@code chipset} may be null (then interrupt lines stay as they are). */
    void configure(List<PciFunction> functions, PiixChipset chipset, BarAllocator allocator) throws ConfigException {
        if (chipset != null) chipset.routeInterrupts();
        List<PciBar> bars = new ArrayList<>();
        for (PciFunction f : functions) bars.addAll(size(f));
        for (Map.Entry<PciBar, Long> e : allocator.assign(bars).entrySet()) {
            PciBar b = e.getKey();
            long address = e.getValue();
            config.write(b.bdf(), b.offset(), 4, (int) address | (b.kind() == Kind.IO ? 1 : 0) | (b.wide() ? 4 : 0)
                    | (b.kind() == Kind.PREFETCHABLE ? 8 : 0));
            if (b.wide()) config.write(b.bdf(), b.offset() + 4, 4, (int) (address >>> 32));
        }
        for (PciFunction f : functions) {
            if (f.pin() != 0 && chipset != null && chipset.routesInterrupts())
                config.write(f.bdf(), INTERRUPT_LINE, 1, chipset.irqLine(f));
            if (chipset != null) chipset.enable(f);
            config.write(f.bdf(), COMMAND, 2, config.read(f.bdf(), COMMAND, 2) | COMMAND_ENABLE);
        }
    }

    /** Sizes a function's BARs the usual way: write all ones, read the mask back, restore. */
    List<PciBar> size(PciFunction f) {
        List<PciBar> out = new ArrayList<>();
        int count = f.header() == PciFunction.HEADER_DEVICE ? 6 : f.header() == PciFunction.HEADER_BRIDGE ? 2 : 0;
        for (int i = 0; i < count; i++) {
            int offset = BAR0 + 4 * i;
            long mask = probe(f.bdf(), offset, 0xffffffff);
            if (mask == 0) continue;
            if ((mask & 1) != 0) {
                long bits = mask & 0xfffc;
                if (bits != 0) out.add(new PciBar(f.bdf(), offset, (~bits & 0xffff) + 1, Kind.IO, false));
                continue;
            }
            boolean wide = (mask & 6) == 4;
            long bits = mask & 0xfffffff0L;
            if (wide) {
                bits |= probe(f.bdf(), offset + 4, 0xffffffff) << 32;
                i++;
            } else {
                bits |= 0xffffffff00000000L;
            }
            if ((bits & 0xffffffffL) == 0 && !wide) continue;
            out.add(new PciBar(f.bdf(), offset, -bits, (mask & 8) != 0 ? Kind.PREFETCHABLE : Kind.MEMORY, wide));
        }
        int rom = f.header() == PciFunction.HEADER_BRIDGE ? BRIDGE_ROM : PciBar.ROM;
        if (f.header() <= PciFunction.HEADER_BRIDGE) {
            long mask = probe(f.bdf(), rom, 0xfffff800) & 0xfffff800L;
            // the ROM is assigned but left disabled, as SeaBIOS leaves it
            if (mask != 0) out.add(new PciBar(f.bdf(), rom, -(mask | 0xffffffff00000000L), Kind.MEMORY, false));
        }
        return out;
    }

    private long probe(int bdf, int offset, int ones) {
        int original = config.read(bdf, offset, 4);
        config.write(bdf, offset, 4, ones);
        long mask = config.read(bdf, offset, 4) & 0xffffffffL;
        config.write(bdf, offset, 4, original);
        return mask;
    }
}
