package org.plugboard.chipset.piix.host;

import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.pci.PciConfig;

/**
 * The i440FX's PAM registers (config 0x59-0x5f) and the SMRAM register (0x72) turned into RAM
 * windows. PAM0's high nibble covers 0xf0000-0xfffff; PAM1-6 give two 16 KiB segments each
 * (low nibble first) from 0xc0000 to 0xeffff. Per segment bit 0 enables reads and bit 1 writes
 * of the RAM behind it; with neither, the access goes on to PCI (the firmware ROM, option
 * ROMs). As in QEMU (hw/pci-host/pam.c), write-only is served by RAM for reads as well. SMRAM
 * D_OPEN (bit 6) makes the RAM under 0xa0000-0xbffff visible instead of the VGA window.
 */
final class ShadowRegisters {
    static final int PAM0 = 0x59, PAM_REGISTERS = 7, SMRAM = 0x72;
    static final int SMRAM_D_OPEN = 0x40;
    /** Above the BARs: the host bridge claims these windows before a cycle reaches PCI. */
    static final int WINDOW_PRIORITY = 3;
    private static final int SEGMENTS = 13;
    private static final long BIOS_BASE = 0xf0000, BIOS_SIZE = 0x10000, EXPANSION_BASE = 0xc0000, EXPANSION_SIZE = 0x4000;
    private static final long SMRAM_BASE = 0xa0000, SMRAM_SIZE = 0x20000;

    private final RamWindow[] pam = new RamWindow[SEGMENTS];
    private final RamWindow smram;

    /** {@code hasLowRam}: the machine has RAM under the windows (at least 1 MiB). */
    ShadowRegisters(MemorySpace memory, String owner, boolean hasLowRam) {
        if (!hasLowRam) {
            smram = null;
            return;
        }
        pam[0] = new RamWindow(memory, "pam-bios", owner, BIOS_BASE, BIOS_SIZE, WINDOW_PRIORITY);
        for (int i = 1; i < SEGMENTS; i++) {
            long base = EXPANSION_BASE + (i - 1) * EXPANSION_SIZE;
            pam[i] = new RamWindow(memory, String.format("pam-%05x", base), owner, base, EXPANSION_SIZE, WINDOW_PRIORITY);
        }
        smram = new RamWindow(memory, "smram", owner, SMRAM_BASE, SMRAM_SIZE, WINDOW_PRIORITY);
    }

    static boolean covers(int offset, int size) {
        return offset < PAM0 + PAM_REGISTERS && PAM0 < offset + size || offset <= SMRAM && SMRAM < offset + size;
    }

    void apply(PciConfig config) {
        if (smram == null) return;
        for (int i = 0; i < SEGMENTS; i++) pam[i].show(mode(segmentAttributes(config, i)));
        smram.show((config.get8(SMRAM) & SMRAM_D_OPEN) != 0 ? RamWindow.Mode.READ_WRITE : RamWindow.Mode.HIDDEN);
    }

    /** The read/write-enable bits of segment {@code i} (0 = the BIOS area). */
    private static int segmentAttributes(PciConfig config, int i) {
        int register = config.get8(PAM0 + (i + 1) / 2);
        return (i % 2 == 1 ? register : register >> 4) & 3;
    }

    private static RamWindow.Mode mode(int attributes) {
        switch (attributes) {
            case 0: return RamWindow.Mode.HIDDEN;
            case 1: return RamWindow.Mode.READ_ONLY;
            default: return RamWindow.Mode.READ_WRITE;
        }
    }

    String describe() {
        if (smram == null) return "no shadow RAM (less than 1 MiB of RAM)";
        int rw = 0, ro = 0;
        for (RamWindow w : pam) {
            if (w.mode() == RamWindow.Mode.READ_WRITE) rw++;
            if (w.mode() == RamWindow.Mode.READ_ONLY) ro++;
        }
        return "PAM " + rw + " segments RAM, " + ro + " read-only; SMRAM " + (smram.mode() == RamWindow.Mode.HIDDEN ? "closed" : "open");
    }
}
