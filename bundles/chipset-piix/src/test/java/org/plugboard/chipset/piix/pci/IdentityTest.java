package org.plugboard.chipset.piix.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.chipset.piix.testing.ChipsetRig;

/**
 * The four chipset functions read over mechanism #1, compared with QEMU's -machine pc. Values
 * from QEMU: hw/pci-host/i440fx.c (i440fx_class_init, i440fx_realize), hw/isa/piix.c
 * (piix_reset, piix3_class_init; created multifunction by hw/i386/pc_piix.c), hw/ide/piix.c
 * (piix3_ide_class_init, piix_ide_reset, legacy prog-if 0x80), hw/acpi/piix4.c
 * (piix4_pm_class_init, piix4_pm_realize, piix4_pm_reset); subsystem 1af4:1100 is
 * hw/pci/pci.c's pci_set_default_subsystem_id for functions that set none.
 */
class IdentityTest {
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private void expect(int device, int function, int vendorDevice, int classRevision, int headerType, int command,
                        int status) {
        assertEquals(vendorDevice, rig.cfgRead(device, function, 0x00, 4), "vendor/device");
        assertEquals(classRevision, rig.cfgRead(device, function, 0x08, 4), "class/prog-if/revision");
        assertEquals(headerType, rig.cfgRead(device, function, 0x0e, 1), "header type");
        assertEquals(0x11001af4, rig.cfgRead(device, function, 0x2c, 4), "subsystem");
        assertEquals(command, rig.cfgRead(device, function, 0x04, 2), "command");
        assertEquals(status, rig.cfgRead(device, function, 0x06, 2), "status");
    }

    @Test
    void hostBridge() {
        expect(0, 0, 0x12378086, 0x06000002, 0x00, 0x0000, 0x0000);
        assertEquals(0x02, rig.cfgRead(0, 0, 0x72, 1), "SMRAM");
        assertEquals(4, rig.cfgRead(0, 0, 0x57, 1), "RAM size in 8 MiB units (32 MiB)");
        for (int pam = 0x59; pam <= 0x5f; pam++) assertEquals(0, rig.cfgRead(0, 0, pam, 1));
    }

    @Test
    void isaBridge() {
        expect(1, 0, 0x70008086, 0x06010000, 0x80, 0x0000, 0x0200);
        assertEquals(0x80808080, rig.cfgRead(1, 0, 0x60, 4), "PIRQ routes off");
        assertEquals(0x4d, rig.cfgRead(1, 0, 0x4c, 1));
        assertEquals(0x03, rig.cfgRead(1, 0, 0x4e, 1));
        assertEquals(0x02, rig.cfgRead(1, 0, 0x69, 1));
        assertEquals(0x80, rig.cfgRead(1, 0, 0x70, 1));
        assertEquals(0x0c0c, rig.cfgRead(1, 0, 0x76, 2));
        assertEquals(0x0002, rig.cfgRead(1, 0, 0x78, 2));
        assertEquals(0x08, rig.cfgRead(1, 0, 0xa0, 1));
        assertEquals(0x0f, rig.cfgRead(1, 0, 0xa8, 1));
    }

    @Test
    void ide() {
        expect(1, 1, 0x70108086, 0x01018000, 0x00, 0x0000, 0x0280);
        assertEquals(0x00000001, rig.cfgRead(1, 1, 0x20, 4), "BAR4, I/O");
        for (int bar = 0x10; bar < 0x20; bar += 4) assertEquals(0, rig.cfgRead(1, 1, bar, 4));
        assertEquals(0, rig.cfgRead(1, 1, 0x3d, 1), "no interrupt pin");
        rig.cfgWrite(1, 1, 0x20, 4, 0xffffffff);
        assertEquals(0xfffffff1, rig.cfgRead(1, 1, 0x20, 4), "BAR4 sizes as 16 ports");
    }

    @Test
    void powerManagement() {
        expect(1, 3, 0x71138086, 0x06800003, 0x00, 0x0000, 0x0280);
        assertEquals(0x01, rig.cfgRead(1, 3, 0x3d, 1), "INTA");
        assertEquals(0x00000001, rig.cfgRead(1, 3, 0x40, 4), "PMBA");
        assertEquals(0x00, rig.cfgRead(1, 3, 0x80, 1), "PMREGMISC: PM I/O off");
        assertEquals(0x02, rig.cfgRead(1, 3, 0x5b, 1), "SMM marked initialised");
        assertEquals(0x0000b101, rig.cfgRead(1, 3, 0x90, 4), "SMBus base");
        assertEquals(0x09, rig.cfgRead(1, 3, 0xd2, 1), "SMBus host configuration");
        assertEquals(0x10, rig.cfgRead(1, 3, 0x5f, 1), "no LPT1 in this rig");
        assertEquals(0x60, rig.cfgRead(1, 3, 0x63, 1));
        assertEquals(0x00, rig.cfgRead(1, 3, 0x67, 1), "no COM1/COM2 in this rig");
    }

    @Test
    void latencyTimerIsReadOnlyAndDeviceRegistersWritable() {
        rig.cfgWrite(1, 0, 0x0d, 1, 0x40);
        assertEquals(0, rig.cfgRead(1, 0, 0x0d, 1));
        rig.cfgWrite(1, 0, 0x0c, 1, 0x10);
        assertEquals(0x10, rig.cfgRead(1, 0, 0x0c, 1));
        rig.cfgWrite(0, 0, 0x00, 4, 0);
        assertEquals(0x12378086, rig.cfgRead(0, 0, 0x00, 4), "identity is read-only");
    }
}
