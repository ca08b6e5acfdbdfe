package org.plugboard.chipset.piix.pci;

import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.pci.PciHost;

/**
 * PCI configuration mechanism #1: the CONFIG_ADDRESS register at 0xcf8 and the CONFIG_DATA
 * window at 0xcfc-0xcff. Bit 31 of the address enables the cycle; bits 23:16 select the bus,
 * 15:8 the devfn, 7:2 the dword; the data port byte picks the byte inside it, so byte and word
 * accesses at 0xcfd-0xcff reach the matching config bytes.
 * <p>
 * As in QEMU (hw/pci/pci_host.c, pci_host_config_read/write): the address register latches only
 * dword writes at 0xcf8 and a read of any size returns the latched value; the address region is
 * mapped overlappable at priority 0 so a chipset can put a one-byte register at 0xcf9 above it
 * (the PIIX reset control register).
 */
public final class ConfigMechanism1 {
    public static final int ADDRESS_PORT = 0xcf8, DATA_PORT = 0xcfc;
    private static final int ENABLE = 0x80000000;

    private final PciHost host;
    private final Region addressRegion;
    private final Region dataRegion;
    private int address;

    public ConfigMechanism1(String owner, PciHost host) {
        this.host = host;
        this.addressRegion = Region.of("pci-conf-idx", owner, 4, 1, 4, new AddressOps());
        this.dataRegion = Region.of("pci-conf-data", owner, 4, 1, 4, new DataOps());
    }

    /** Maps both registers into {@code io}. */
    public void map(AddressSpace io) {
        io.mapOverlapping(addressRegion, ADDRESS_PORT, 0);
        io.map(dataRegion, DATA_PORT);
    }

    public int address() { return address; }

    /** Sets CONFIG_ADDRESS (state restore). */
    public void setAddress(int value) { address = value; }

    public void reset() { address = 0; }

    private final class AddressOps implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return address & 0xffffffffL;
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == 0 && size == 4) address = (int) value;
        }
    }

    private final class DataOps implements RegionOps {
        @Override
        public long read(long offset, int size) {
            if ((address & ENABLE) == 0) return 0xffffffffL;
            return host.configRead(bus(), devfn(), register(offset), size) & 0xffffffffL;
        }

        @Override
        public void write(long offset, int size, long value) {
            if ((address & ENABLE) == 0) return;
            host.configWrite(bus(), devfn(), register(offset), size, (int) value);
        }
    }

    private int bus() { return (address >>> 16) & 0xff; }

    private int devfn() { return (address >>> 8) & 0xff; }

    private int register(long dataOffset) { return (address & 0xfc) + (int) dataOffset; }
}
