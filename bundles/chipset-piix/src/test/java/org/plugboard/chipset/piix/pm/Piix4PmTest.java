package org.plugboard.chipset.piix.pm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.DeviceState;
import org.plugboard.chipset.piix.testing.ChipsetRig;

/** The PIIX4 PM function as an ACPI OS drives it, PM base at 0x600 as SeaBIOS programs it. */
class Piix4PmTest {
    private static final int PM = 3, BASE = 0x600;
    private static final int PM1_STS = BASE, PM1_EN = BASE + 2, PM1_CNT = BASE + 4, PM_TMR = BASE + 8;
    private static final long SECOND = 1_000_000_000L;
    private ChipsetRig rig;

    @BeforeEach
    void setUp() throws Exception {
        rig = ChipsetRig.pc();
        rig.cfgWrite(1, PM, 0x40, 4, BASE | 1);
        rig.cfgWrite(1, PM, 0x80, 1, 1);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private Piix4Pm pm() {
        return (Piix4Pm) rig.device("pm");
    }

    @Test
    void registersDecodeOnlyWhilePmregmiscEnablesThem() {
        rig.cfgWrite(1, PM, 0x80, 1, 0);
        assertEquals(0xffffffff, rig.inl(PM_TMR));
        rig.cfgWrite(1, PM, 0x80, 1, 1);
        rig.cfgWrite(1, PM, 0x40, 4, 0xb001);
        assertEquals(0xffffffff, rig.inl(PM_TMR), "moved away");
        rig.advanceTo(SECOND);
        assertEquals(3_579_545, rig.inl(0xb008));
    }

    @Test
    void timerCountsAt3579545HzOfVirtualTime() {
        assertEquals(0, rig.inl(PM_TMR));
        rig.advanceTo(SECOND);
        assertEquals(3_579_545, rig.inl(PM_TMR));
        rig.advanceTo(SECOND + 1_000);
        assertEquals(3_579_548, rig.inl(PM_TMR), "1 us is 3.58 ticks");
        assertEquals(3_579_548 & 0xffff, rig.inw(PM_TMR));
        assertEquals((3_579_548 >> 16) & 0xff, rig.inb(PM_TMR + 2));
        assertEquals(0, rig.inb(PM_TMR + 3), "24-bit counter");
    }

    @Test
    void timerWrapsAt24Bits() {
        rig.advanceTo(PmTimer.nanosAt((1L << 24) - 1));
        assertEquals(0xffffff, rig.inl(PM_TMR));
        rig.advanceTo(PmTimer.nanosAt((1L << 24) + 5));
        assertEquals(5, rig.inl(PM_TMR));
    }

    @Test
    void timerOverflowSetsTmrStsAndRaisesTheSciOnIrq9() {
        assertEquals(1, rig.inw(PM1_STS) & 1, "after reset TMR_STS is set until acknowledged (QEMU)");
        rig.outw(PM1_STS, 1);
        assertEquals(0, rig.inw(PM1_STS) & 1);
        rig.outw(PM1_EN, 1); // TMR_EN
        long overflow = PmTimer.nanosAt(1L << 23); // bit 23 flips after 2^23 ticks, about 2.34 s
        rig.advanceTo(overflow - 1);
        assertFalse(rig.irq("isa.9").isAsserted());
        assertEquals(0, rig.inw(PM1_STS) & 1);
        rig.advanceTo(overflow);
        assertTrue(rig.irq("isa.9").isAsserted());
        assertEquals(1, rig.inw(PM1_STS) & 1);
        rig.outw(PM1_STS, 1);
        assertFalse(rig.irq("isa.9").isAsserted());
        rig.advanceTo(PmTimer.nanosAt(2L << 23));
        assertTrue(rig.irq("isa.9").isAsserted(), "and again at the next transition of bit 23");
    }

    @Test
    void disabledTimerEventLatchesStatusWithoutSci() {
        rig.outw(PM1_STS, 1);
        rig.advanceTo(PmTimer.nanosAt(1L << 23));
        assertEquals(1, rig.inw(PM1_STS) & 1);
        assertFalse(rig.irq("isa.9").isAsserted());
        rig.outw(PM1_EN, 1);
        assertTrue(rig.irq("isa.9").isAsserted(), "enabling a pending event raises the SCI");
    }

    @Test
    void powerButtonEventWhenEnabled() {
        rig.outw(PM1_STS, 0xffff);
        pm().pressPowerButton();
        assertEquals(0, rig.inw(PM1_STS) & 0x100, "not enabled: not latched");
        rig.outw(PM1_EN, 0x100);
        pm().pressPowerButton();
        assertEquals(0x100, rig.inw(PM1_STS) & 0x100);
        assertTrue(rig.irq("isa.9").isAsserted());
        rig.outb(PM1_STS + 1, 0x01); // byte write-1-to-clear of bit 8
        assertFalse(rig.irq("isa.9").isAsserted());
    }

    @Test
    void acpiEnableThroughTheApmPortSetsSciEn() {
        assertEquals(0, rig.inw(PM1_CNT) & 1);
        rig.outb(0xb2, 0xf1);
        assertEquals(1, rig.inw(PM1_CNT) & 1);
        assertEquals(0xf1, rig.inb(0xb2));
        rig.outb(0xb2, 0xf0);
        assertEquals(0, rig.inw(PM1_CNT) & 1);
    }

    @Test
    void slpEnWithSlpTyp0PowersOff() {
        rig.outw(PM1_CNT, 1 | 5 << 10); // SCI_EN, SLP_TYP 5, no SLP_EN: nothing happens
        assertEquals(-1, rig.shutdownStatus());
        assertEquals(1 | 5 << 10, rig.inw(PM1_CNT));
        rig.outw(PM1_CNT, 1 | 0 << 10 | 0x2000);
        assertEquals(0, rig.shutdownStatus());
        assertEquals(0, rig.inw(PM1_CNT) & 0x2000, "SLP_EN reads back 0");
    }

    @Test
    void s3IsIgnoredAndS4PowersOffLikeQemu() {
        rig.outw(PM1_CNT, 1 << 10 | 0x2000);
        assertEquals(-1, rig.shutdownStatus());
        rig.outw(PM1_CNT, 2 << 10 | 0x2000);
        assertEquals(0, rig.shutdownStatus());
    }

    @Test
    void gpe0StatusAndEnableBytes() {
        assertEquals(0, rig.inl(0xafe0));
        rig.outw(0xafe2, 0x0304);
        assertEquals(0x03040000, rig.inl(0xafe0));
    }

    @Test
    void smbusHostAnswersNoDevice() {
        rig.outb(0xb104, 0xa1); // EEPROM 0x50, read
        rig.outb(0xb102, 0x48); // START, byte data
        assertEquals(0x04, rig.inb(0xb100) & 0x04, "DEV_ERR");
        rig.outb(0xb100, 0x04);
        assertEquals(0, rig.inb(0xb100));
        rig.cfgWrite(1, PM, 0xd2, 1, 0);
        assertEquals(0xff, rig.inb(0xb100), "SMBus I/O decoding off");
    }

    @Test
    void stateRoundTripKeepsEventsAndTheNextOverflow() {
        rig.outw(PM1_STS, 1);
        rig.outw(PM1_EN, 1);
        DeviceState s = pm().saveState();
        pm().reset();
        assertEquals(0xffffffff, rig.inl(PM_TMR), "reset turns the PM I/O off");
        pm().restoreState(s);
        rig.advanceTo(PmTimer.nanosAt(1L << 23));
        assertTrue(rig.irq("isa.9").isAsserted());
    }
}
