package org.plugboard.chipset.piix.pm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.DeviceState;
import org.plugboard.chipset.piix.testing.ChipsetRig;

/**
 * The PIIX4 PM's hot-plug register blocks read as QEMU 7.2's do on a pc with nothing plugged at
 * run time (hw/acpi/pcihp.c, hw/acpi/cpu_hotplug.c, hw/acpi/cpu.c), in the order the DSDT's
 * methods touch them.
 */
class HotplugRegistersTest {
    private static final int PCIHP = 0xae00, CPUHP = 0xaf00;
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.resetAll();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void pciHotplugReportsNoEventsAndEverySlotButTheChipsetsRemovable() {
        assertEquals(0, rig.inl(PCIHP + 0x10), "BNUM starts at bus 0");
        assertEquals(0, rig.inl(PCIHP), "PCIU");
        assertEquals(0, rig.inl(PCIHP + 0x04), "PCID");
        assertEquals(0, rig.inl(PCIHP + 0x08), "B0EJ reads no feature bits");
        assertEquals(0xfffffffc, rig.inl(PCIHP + 0x0c), "slots 0 and 1 (i440FX, PIIX) are not removable");
        rig.outl(PCIHP + 0x14, 1 << 3);
        assertEquals(0, rig.inl(PCIHP + 0x14), "PIDX: no acpi-index");
        rig.outl(PCIHP + 0x08, 1 << 3);
        assertEquals(0, rig.inl(PCIHP + 0x04), "an eject request of an idle slot leaves no event");
    }

    @Test
    void pciHotplugSelectorNamesBusesUpTo255() {
        rig.outl(PCIHP + 0x10, 7);
        assertEquals(7, rig.inl(PCIHP + 0x10));
        assertEquals(0xffffffff, rig.inl(PCIHP + 0x0c), "a bus no bridge provides: every slot counts as removable");
        rig.outl(PCIHP + 0x10, 256);
        assertEquals(0, rig.inl(PCIHP + 0x10), "out of range: every register reads 0");
        assertEquals(0, rig.inl(PCIHP + 0x0c));
        rig.resetAll();
        assertEquals(0, rig.inl(PCIHP + 0x0c), "the selector survives a reset, as in QEMU");
        rig.outl(PCIHP + 0x10, 0);
        assertEquals(0xfffffffc, rig.inl(PCIHP + 0x0c));
    }

    @Test
    void cpuHotplugStartsAsThePresentBitmapAndGoesModernOnAZeroWrite() {
        assertEquals(0x01, rig.inb(CPUHP), "CPU 0 present");
        assertEquals(0, rig.inb(CPUHP + 0x1f), "the bitmap is 32 bytes");
        rig.outl(CPUHP, 0);  // PRES._INI: CSEL = Zero
        assertEquals(0x01, rig.inb(CPUHP + 4), "CPEN of CPU 0; no insert or remove event");
        assertEquals(0xff, rig.inb(CPUHP + 0x1f), "the modern block is 12 bytes");
        rig.outb(CPUHP + 5, 0);  // CCMD: next CPU with an event
        assertEquals(0, rig.inl(CPUHP + 8), "none: CDAT still names the selected CPU");
        rig.outl(CPUHP, 1);
        assertEquals(0, rig.inb(CPUHP + 4), "no CPU 1");
        rig.resetAll();
        assertEquals(0xff, rig.inb(CPUHP + 0x1f), "still modern after a reset");
    }

    @Test
    void stateRoundTripKeepsTheSelectorsAndTheCpuBlocksForm() {
        Piix4Pm pm = (Piix4Pm) rig.device("pm");
        DeviceState legacy = pm.saveState();
        rig.outl(CPUHP, 0);
        rig.outl(CPUHP, 1);
        rig.outl(PCIHP + 0x10, 3);
        DeviceState modern = pm.saveState();
        pm.restoreState(legacy);
        assertEquals(0, rig.inb(CPUHP + 0x1f), "the legacy bitmap is back");
        assertEquals(0, rig.inl(PCIHP + 0x10));
        pm.restoreState(modern);
        assertEquals(0xff, rig.inb(CPUHP + 0x1f), "the modern block is back");
        assertEquals(0, rig.inb(CPUHP + 4), "CPU 1 (absent) still selected");
        assertEquals(3, rig.inl(PCIHP + 0x10));
    }

    @Test
    void modernBlockSelectsEachCpuAndReportsItsApicId() {
        int[] remaps = {0};
        CpuHotplugBlock b = new CpuHotplugBlock(3, () -> remaps[0]++);
        assertEquals(0x07, b.legacy.read(0, 1));
        assertEquals(0x07, b.legacy.read(0, 4));
        b.legacy.write(0, 4, 5);
        assertFalse(b.modern(), "only a 0 switches");
        b.legacy.write(0, 4, 0);
        assertTrue(b.modern());
        assertEquals(1, remaps[0]);
        b.modernOps.write(CpuHotplugBlock.SELECTOR, 4, 2);
        assertEquals(CpuHotplugBlock.FLAG_ENABLED, b.modernOps.read(CpuHotplugBlock.FLAGS, 1));
        b.modernOps.write(CpuHotplugBlock.COMMAND, 1, CpuHotplugBlock.CMD_GET_CPU_ID);
        assertEquals(2, b.modernOps.read(CpuHotplugBlock.DATA, 4), "APIC id");
        assertEquals(0, b.modernOps.read(CpuHotplugBlock.SELECTOR, 4), "its upper half");
        b.modernOps.write(CpuHotplugBlock.COMMAND, 1, 1);  // _OST event: data writes no longer read back
        assertEquals(0, b.modernOps.read(CpuHotplugBlock.DATA, 4));
        b.modernOps.write(CpuHotplugBlock.COMMAND, 1, 9);
        assertEquals(1, b.command(), "an unknown command is ignored");
        b.modernOps.write(CpuHotplugBlock.SELECTOR, 4, 3);
        assertEquals(0, b.modernOps.read(CpuHotplugBlock.FLAGS, 1), "past the last CPU");
        assertThrows(IllegalArgumentException.class, () -> new CpuHotplugBlock(0, () -> { }));
    }
}
