package org.plugboard.hpet.piix;

import java.util.function.IntConsumer;
import org.plugboard.api.bus.Region;
import org.plugboard.api.pci.PciConfig;
import org.plugboard.api.pci.PciFunction;

/**
 * A stand-in for the ICH LPC bridge at 00:1f.0, with only what the HPET lookup reads: the
 * identity of an ICH9 LPC bridge and the root complex base address register (RCBA, config
 * 0xf0: base in bits 31:14, enable in bit 0). It comes up as firmware leaves it on ICH boards,
 * at 0xfed1c000 and enabled, because nothing on a PIIX machine would program it.
 */
final class RcbaBridge implements PciFunction {
    static final int DEVFN = 31 << 3;
    static final int RCBA = 0xf0;
    static final int RCBA_ENABLE = 1;
    static final int RCBA_BASE_MASK = 0xffffc000;
    static final int DEFAULT_RCBA = 0xfed1c000 | RCBA_ENABLE;
    private static final int INTEL = 0x8086, ICH9_LPC = 0x2918, BRIDGE_CLASS = 0x06, ISA_BRIDGE = 0x01;

    private final PciConfig config = new PciConfig();
    private final IntConsumer rcbaChanged;

    RcbaBridge(IntConsumer rcbaChanged) {
        this.rcbaChanged = rcbaChanged;
        config.identity(INTEL, ICH9_LPC, 2, BRIDGE_CLASS, ISA_BRIDGE, 0);
        config.setMask32(RCBA, RCBA_BASE_MASK | RCBA_ENABLE);
        setRcba(DEFAULT_RCBA);
    }

    int rcba() {
        return config.get32(RCBA);
    }

    void setRcba(int value) {
        config.set32(RCBA, value & (RCBA_BASE_MASK | RCBA_ENABLE));
        rcbaChanged.accept(rcba());
    }

    @Override
    public int configRead(int offset, int size) {
        return config.read(offset, size);
    }

    @Override
    public void configWrite(int offset, int size, int value) {
        int before = rcba();
        config.write(offset, size, value);
        if (rcba() != before) rcbaChanged.accept(rcba());
    }

    @Override
    public Region barRegion(int index) {
        return null;
    }
}
