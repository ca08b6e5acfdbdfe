package org.plugboard.chipset.piix.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.chipset.piix.testing.ChipsetRig;

/** Configuration mechanism #1 as a guest drives it: enable bit, access sizes, unaligned data ports. */
class ConfigMechanism1Test {
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void addressRegisterLatchesDwordWritesAndReadsBack() {
        rig.outl(0xcf8, 0x80000858);
        assertEquals(0x80000858, rig.inl(0xcf8));
        rig.outw(0xcf8, 0x1234); // not a dword: not latched (QEMU pci_host_config_write)
        assertEquals(0x80000858, rig.inl(0xcf8));
        assertEquals(0x58, rig.inb(0xcf8));
    }

    @Test
    void dataPortsReadAllOnesWhileTheEnableBitIsClear() {
        rig.outl(0xcf8, 0x00000000);
        assertEquals(0xffffffff, rig.inl(0xcfc));
        rig.outl(0xcfc, 0x12345678); // dropped
        rig.outl(0xcf8, 0x80000000);
        assertEquals(0x12378086, rig.inl(0xcfc));
    }

    @Test
    void everySizeAndOffsetOfTheDataWindowReachesItsConfigBytes() {
        rig.outl(0xcf8, ChipsetRig.address(0, 0, 0, 0));
        assertEquals(0x12378086, rig.inl(0xcfc));
        assertEquals(0x8086, rig.inw(0xcfc));
        assertEquals(0x1237, rig.inw(0xcfe));
        assertEquals(0x86, rig.inb(0xcfc));
        assertEquals(0x80, rig.inb(0xcfd));
        assertEquals(0x37, rig.inb(0xcfe));
        assertEquals(0x12, rig.inb(0xcff));
        assertEquals(0x3780, rig.inw(0xcfd)); // unaligned word: bytes 1 and 2
    }

    @Test
    void unalignedWritesLandOnTheMatchingBytes() {
        rig.outl(0xcf8, ChipsetRig.address(0, 0, 0, 0x58)); // i440FX 0x58-0x5b: PAM0 at 0x59, PAM1 at 0x5a
        rig.outw(0xcfd, 0x3311);
        assertEquals(0x00331100, rig.inl(0xcfc));
        rig.outb(0xcff, 0x22);
        assertEquals(0x22331100, rig.inl(0xcfc));
    }

    @Test
    void absentFunctionsAndOtherBusesReadAllOnes() {
        assertEquals(0xffffffff, rig.cfgRead(5, 0, 0, 4));
        assertEquals(0xffff, rig.cfgRead(1, 2, 0, 2)); // 00:01.2 (USB) is not there, as on QEMU's pc without -usb
        rig.outl(0xcf8, 0x80000000 | 1 << 16);
        assertEquals(0xffffffff, rig.inl(0xcfc));
    }

    @Test
    void port0xcf9IsTheResetControlRegisterNotTheAddressRegister() {
        rig.outl(0xcf8, 0x80000000);
        rig.outb(0xcf9, 0x02);
        assertEquals(0x80000000, rig.inl(0xcf8)); // the dword still goes to CONFIG_ADDRESS
        assertEquals(0x02, rig.inb(0xcf9));
        assertEquals(0, rig.resetRequests());
        rig.outb(0xcf9, 0x06);
        assertEquals(1, rig.resetRequests());
    }
}
