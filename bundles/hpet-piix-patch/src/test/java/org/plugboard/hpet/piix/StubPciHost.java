package org.plugboard.hpet.piix;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.pci.PciAttachment;
import org.plugboard.api.pci.PciFunction;
import org.plugboard.api.pci.PciHost;

/**
 * Bus 0 of a PCI host with configuration mechanism #1 at 0xcf8/0xcfc, just enough to reach
 * functions by devfn: an empty slot reads all ones, as on a PIIX machine's 00:1f.0.
 */
final class StubPciHost implements PciHost {
    private final List<PciAttachment> attached = new ArrayList<>();
    private int address;

    void mapConfigPorts(AddressSpace io) {
        io.map(Region.of("pci-conf-idx", "test", 4, 4, 4, new RegionOps() {
            @Override public long read(long offset, int size) { return address & 0xffffffffL; }
            @Override public void write(long offset, int size, long value) { address = (int) value; }
        }), 0xcf8);
        io.map(Region.of("pci-conf-data", "test", 4, 4, 4, new RegionOps() {
            @Override public long read(long offset, int size) {
                return configRead(address >>> 16 & 0xff, address >>> 8 & 0xff, address & 0xfc, 4) & 0xffffffffL;
            }
            @Override public void write(long offset, int size, long value) {
                configWrite(address >>> 16 & 0xff, address >>> 8 & 0xff, address & 0xfc, 4, (int) value);
            }
        }), 0xcfc);
    }

    private PciFunction at(int bus, int devfn) {
        for (PciAttachment a : attached) if (bus == 0 && a.devfn() == devfn) return a.function();
        return null;
    }

    @Override
    public PciAttachment attach(String owner, PciFunction function, int devfn) {
        if (at(0, devfn) != null) throw new IllegalStateException("devfn " + devfn + " is taken");
        PciAttachment a = new PciAttachment() {
            @Override public String owner() { return owner; }
            @Override public int bus() { return 0; }
            @Override public int devfn() { return devfn; }
            @Override public PciFunction function() { return function; }
            @Override public IrqLine intx() { throw new UnsupportedOperationException("no INTx in this stub"); }
            @Override public Dma busMaster() { throw new UnsupportedOperationException("no DMA in this stub"); }
            @Override public void detach() { attached.remove(this); }
        };
        attached.add(a);
        return a;
    }

    @Override
    public List<PciAttachment> attachments() {
        return List.copyOf(attached);
    }

    @Override
    public int configRead(int bus, int devfn, int offset, int size) {
        PciFunction f = at(bus, devfn);
        return f == null ? -1 : f.configRead(offset, size);
    }

    @Override
    public void configWrite(int bus, int devfn, int offset, int size, int value) {
        PciFunction f = at(bus, devfn);
        if (f != null) f.configWrite(offset, size, value);
    }
}
