package org.plugboard.pc.pic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.pc.support.SwapTwins;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

/** The 8259A pair programmed the way BIOSes and Linux program it, plus the corners. */
class PicPairTest {
    private static final int M_CMD = 0x20, M_DATA = 0x21, S_CMD = 0xa0, S_DATA = 0xa1, ELCR0 = 0x4d0, ELCR1 = 0x4d1;
    private static final int EOI = 0x20;

    private DeviceTestKit kit;
    private IrqProbe intr;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new PicPairFactory()).build();
        intr = kit.irq("cpu0.intr");
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    /** The classic PC initialization: vectors 0x20/0x28, slave on IR2, 8086 mode, everything unmasked. */
    private void initialize(int icw4) {
        kit.outb(M_CMD, 0x11);
        kit.outb(M_DATA, 0x20);
        kit.outb(M_DATA, 0x04);
        kit.outb(M_DATA, icw4);
        kit.outb(S_CMD, 0x11);
        kit.outb(S_DATA, 0x28);
        kit.outb(S_DATA, 0x02);
        kit.outb(S_DATA, icw4);
        kit.outb(M_DATA, 0x00);
        kit.outb(S_DATA, 0x00);
    }

    private IrqLine isa(int n) {
        return kit.interrupts().line("isa." + n);
    }

    private InterruptController cpu() {
        return kit.interruptController(0);
    }

    private int isr(int cmdPort) {
        kit.outb(cmdPort, 0x0b);
        return kit.inb(cmdPort);
    }

    private int irr(int cmdPort) {
        kit.outb(cmdPort, 0x0a);
        return kit.inb(cmdPort);
    }

    @Test
    void attachesItselfAsTheBootCpusInterruptController() {
        assertSame(kit.device(), cpu());
    }

    @Test
    void edgeInterruptIsDeliveredOnceAndEndedByEoi() {
        initialize(0x01);
        isa(1).pulse();
        assertTrue(intr.isAsserted());
        assertEquals(0x21, cpu().acknowledge());
        assertFalse(intr.isAsserted());
        assertEquals(0x02, isr(M_CMD));
        assertEquals(0x00, irr(M_CMD), "an edge request is consumed by the acknowledge");
        kit.outb(M_CMD, EOI);
        assertEquals(0x00, isr(M_CMD));
        assertFalse(intr.isAsserted());
    }

    @Test
    void priorityAndNesting() {
        initialize(0x01);
        isa(3).pulse();
        isa(5).pulse();
        assertEquals(0x23, cpu().acknowledge());
        assertFalse(intr.isAsserted(), "IRQ5 waits behind IRQ3 in service");
        isa(0).pulse();
        assertTrue(intr.isAsserted(), "IRQ0 outranks IRQ3 in service");
        assertEquals(0x20, cpu().acknowledge());
        kit.outb(M_CMD, EOI); // ends IRQ0, the highest in service
        assertEquals(0x08, isr(M_CMD));
        kit.outb(M_CMD, EOI);
        assertEquals(0x25, cpu().acknowledge());
    }

    @Test
    void slaveInterruptsCascadeThroughIr2() {
        initialize(0x01);
        isa(8).pulse();
        assertTrue(intr.isAsserted());
        assertEquals(0x28, cpu().acknowledge());
        assertEquals(0x04, isr(M_CMD));
        assertEquals(0x01, isr(S_CMD));
        isa(14).pulse();
        assertFalse(intr.isAsserted(), "master IR2 is in service");
        kit.outb(S_CMD, EOI);
        kit.outb(M_CMD, EOI);
        assertEquals(0x2e, cpu().acknowledge());
    }

    @Test
    void busIrq2ArrivesAsIrq9() {
        initialize(0x01);
        isa(2).pulse();
        assertEquals(0x29, cpu().acknowledge());
    }

    @Test
    void maskedEdgeIsLatchedAndDeliveredWhenUnmasked() {
        initialize(0x01);
        kit.outb(M_DATA, 0x10);
        assertEquals(0x10, kit.inb(M_DATA));
        isa(4).pulse();
        assertFalse(intr.isAsserted());
        assertEquals(0x10, irr(M_CMD));
        kit.outb(M_DATA, 0x00);
        assertTrue(intr.isAsserted());
        assertEquals(0x24, cpu().acknowledge());
    }

    @Test
    void levelInterruptFollowsTheLineThroughMaskAndEoi() {
        initialize(0x01);
        kit.outb(ELCR1, 0x0c); // IRQ10, IRQ11 level-triggered
        assertEquals(0x0c, kit.inb(ELCR1));
        kit.outb(S_DATA, 0x04); // IRQ10 masked
        isa(10).set(true);
        assertFalse(intr.isAsserted());
        kit.outb(S_DATA, 0x00);
        assertTrue(intr.isAsserted(), "a level that stayed up is seen on unmask");
        assertEquals(0x2a, cpu().acknowledge());
        kit.outb(S_CMD, EOI);
        kit.outb(M_CMD, EOI);
        assertTrue(intr.isAsserted(), "still asserted: it interrupts again");
        isa(10).set(false);
        assertEquals(0x00, irr(S_CMD), "a level request disappears with its line");
        assertEquals(0x2f, cpu().acknowledge(), "but the master had latched the cascade edge: spurious IRQ15");
    }

    @Test
    void levelRequestOnTheMasterDropsIntrWithItsLine() {
        initialize(0x01);
        kit.outb(ELCR0, 0x20);
        isa(5).set(true);
        assertTrue(intr.isAsserted());
        isa(5).set(false);
        assertFalse(intr.isAsserted());
    }

    @Test
    void edgeInputIgnoresAHeldLevelAfterItsEdge() {
        initialize(0x01);
        isa(5).set(true);
        assertEquals(0x25, cpu().acknowledge());
        kit.outb(M_CMD, EOI);
        assertFalse(intr.isAsserted(), "no new edge while the line stays high");
        isa(5).set(false);
        isa(5).set(true);
        assertTrue(intr.isAsserted());
    }

    @Test
    void elcrBitsForTimerKeyboardCascadeAndFpuAreFixedEdge() {
        kit.outb(ELCR0, 0xff);
        kit.outb(ELCR1, 0xff);
        assertEquals(0xf8, kit.inb(ELCR0));
        assertEquals(0xde, kit.inb(ELCR1));
        assertEquals(0xdef8, kit.inw(ELCR0), "16-bit access reads both");
    }

    @Test
    void spuriousIrq7WhenALevelRequestVanishesBeforeAcknowledge() {
        initialize(0x01);
        kit.outb(ELCR0, 0x20);
        isa(5).set(true);
        assertTrue(intr.isAsserted());
        isa(5).set(false);
        assertEquals(0x27, cpu().acknowledge());
        assertEquals(0x00, isr(M_CMD), "no in-service bit for a spurious interrupt");
    }

    @Test
    void spuriousIrq15WhenASlaveRequestVanishesAfterTheMasterLatchedIt() {
        initialize(0x01);
        kit.outb(ELCR1, 0x08);
        isa(11).set(true);
        assertTrue(intr.isAsserted());
        isa(11).set(false); // the master's IR2 edge is latched; the slave has nothing left
        assertEquals(0x2f, cpu().acknowledge());
        assertEquals(0x04, isr(M_CMD), "the master acknowledged its cascade input");
        assertEquals(0x00, isr(S_CMD), "the slave sets nothing for a spurious IRQ15");
    }

    @Test
    void autoEoiLeavesNothingInService() {
        initialize(0x03);
        isa(6).pulse();
        assertEquals(0x26, cpu().acknowledge());
        assertEquals(0x00, isr(M_CMD));
        isa(8).pulse();
        isa(9).pulse();
        assertEquals(0x28, cpu().acknowledge());
        assertTrue(intr.isAsserted(), "auto-EOI on both: the next slave request follows at once");
        assertEquals(0x29, cpu().acknowledge());
    }

    @Test
    void rotationCommandsChangePriorities() {
        initialize(0x01);
        kit.outb(M_CMD, 0xc3); // set priority: IRQ3 lowest, IRQ4 highest
        isa(1).pulse();
        isa(5).pulse();
        assertEquals(0x25, cpu().acknowledge());
        kit.outb(M_CMD, 0xa0); // rotate on non-specific EOI: IRQ5 becomes lowest
        assertEquals(0x21, cpu().acknowledge());
        kit.outb(M_CMD, 0x61); // specific EOI for IRQ1
        isa(5).pulse();
        isa(7).pulse();
        isa(6).pulse();
        assertEquals(0x26, cpu().acknowledge(), "after rotation IRQ6 is highest");
        kit.outb(M_CMD, 0x66);
        assertEquals(0x27, cpu().acknowledge(), "then IRQ7, before IRQ5");
        kit.outb(M_CMD, 0xe7); // rotate on specific EOI for IRQ7: IRQ0 becomes highest
        isa(0).pulse();
        assertEquals(0x20, cpu().acknowledge());
    }

    @Test
    void rotateInAutoEoiMode() {
        initialize(0x03);
        kit.outb(M_CMD, 0x80); // rotate in auto-EOI mode
        isa(2 + 1).pulse();
        assertEquals(0x23, cpu().acknowledge());
        isa(1).pulse();
        isa(4).pulse();
        assertEquals(0x24, cpu().acknowledge(), "IRQ3 became lowest, IRQ4 highest");
    }

    @Test
    void specialMaskModeLetsLowerPrioritiesIn() {
        initialize(0x01);
        isa(1).pulse();
        assertEquals(0x21, cpu().acknowledge());
        isa(5).pulse();
        assertFalse(intr.isAsserted());
        kit.outb(M_DATA, 0x02); // mask the in-service IRQ1 ...
        kit.outb(M_CMD, 0x68);  // ... and enter special mask mode
        assertTrue(intr.isAsserted());
        assertEquals(0x25, cpu().acknowledge());
        kit.outb(M_CMD, 0x48); // leave special mask mode
        kit.outb(M_CMD, 0x65);
        kit.outb(M_CMD, 0x61);
        assertEquals(0x00, isr(M_CMD));
    }

    @Test
    void pollModeAcknowledgesOnRead() {
        initialize(0x01);
        kit.outb(M_CMD, 0x0c);
        assertEquals(0x00, kit.inb(M_CMD), "nothing pending");
        isa(6).pulse();
        kit.outb(M_CMD, 0x0c);
        assertEquals(0x86, kit.inb(M_CMD));
        assertEquals(0x40, isr(M_CMD));
        assertFalse(intr.isAsserted());
        kit.outb(M_DATA, 0x00);
        assertEquals(0x00, kit.inb(M_DATA), "a plain read again: the mask");
    }

    @Test
    void irrAndIsrSelection() {
        initialize(0x01);
        kit.outb(M_DATA, 0xff);
        isa(3).pulse();
        isa(7).pulse();
        assertEquals(0x88, irr(M_CMD));
        assertEquals(0x88, kit.inb(M_CMD), "the selection sticks");
        assertEquals(0x00, isr(M_CMD));
        assertEquals(0x00, kit.inb(M_CMD));
    }

    @Test
    void reinitializationClearsMaskAndInService() {
        initialize(0x01);
        isa(1).pulse();
        cpu().acknowledge();
        kit.outb(M_DATA, 0x55);
        kit.outb(M_CMD, 0x11);
        assertEquals(0x00, kit.inb(M_DATA), "ICW1 clears IMR");
        kit.outb(M_DATA, 0x40);
        kit.outb(M_DATA, 0x04);
        kit.outb(M_DATA, 0x01);
        assertEquals(0x00, isr(M_CMD));
        isa(3).pulse();
        assertEquals(0x43, cpu().acknowledge(), "new vector base");
    }

    @Test
    void singleModeSkipsIcw3() {
        kit.outb(M_CMD, 0x13); // single, ICW4 needed
        kit.outb(M_DATA, 0x50);
        kit.outb(M_DATA, 0x01); // this is ICW4, not ICW3
        kit.outb(M_DATA, 0xfe); // so this is the mask
        assertEquals(0xfe, kit.inb(M_DATA));
        isa(0).pulse();
        assertEquals(0x50, cpu().acknowledge());
    }

    @Test
    void levelTriggeredModeFromIcw1() {
        kit.outb(M_CMD, 0x19); // LTIM
        kit.outb(M_DATA, 0x20);
        kit.outb(M_DATA, 0x04);
        kit.outb(M_DATA, 0x01);
        isa(1).set(true);
        assertEquals(0x21, cpu().acknowledge());
        kit.outb(M_CMD, EOI);
        assertTrue(intr.isAsserted(), "level mode for every input");
    }

    @Test
    void stateSwapKeepsEverythingTheGuestProgrammed() {
        initialize(0x01);
        kit.outb(ELCR1, 0x08);
        kit.outb(M_DATA, 0x80);
        isa(1).pulse();
        assertEquals(0x21, cpu().acknowledge());
        isa(11).set(true);
        isa(4).pulse();
        String before = kit.device().describe();
        InterruptController old = cpu();
        kit.swapTo(new PicPairFactory());
        assertNotSame(old, cpu(), "the new instance took the CPU's controller seat");
        assertSame(kit.device(), cpu());
        assertEquals(before, kit.device().describe());
        assertEquals(0x80, kit.inb(M_DATA));
        assertEquals(0x08, kit.inb(ELCR1));
        assertFalse(intr.isAsserted(), "IRQ1 still in service blocks IRQ4 and the cascade");
        kit.outb(M_CMD, EOI);
        assertTrue(intr.isAsserted());
        assertEquals(0x2b, cpu().acknowledge(), "the cascade (IRQ11, level) outranks IRQ4");
        isa(11).set(false); // the driver quieted its device
        kit.outb(S_CMD, EOI);
        kit.outb(M_CMD, EOI);
        assertEquals(0x24, cpu().acknowledge());
    }

    @Test
    void resetClearsProgrammingAndElcr() {
        initialize(0x01);
        kit.outb(ELCR0, 0x20);
        kit.outb(M_DATA, 0x0f);
        kit.reset();
        assertEquals(0x00, kit.inb(M_DATA));
        assertEquals(0x00, kit.inb(ELCR0));
    }

    @Test
    void swappedTwinBehavesTheSameMidInitialization() throws ConfigException {
        try (SwapTwins t = new SwapTwins(DeviceTestKit.builder(new PicPairFactory()))) {
            t.outb(M_CMD, 0x11);
            t.outb(M_DATA, 0x08);
            t.swap(new PicPairFactory()); // waiting for ICW3
            t.outb(M_DATA, 0x04);
            t.outb(M_DATA, 0x01);
            t.outb(M_DATA, 0xf0);
            assertEquals(0xf0, t.inb(M_DATA));
            t.plain().interrupts().line("isa.1").pulse();
            t.swapped().interrupts().line("isa.1").pulse();
            t.outb(M_CMD, 0x0c); // poll pending across the swap
            t.swap(new PicPairFactory());
            assertEquals(0x81, t.inb(M_CMD));
            t.outb(M_CMD, 0x0b);
            assertEquals(0x02, t.inb(M_CMD));
            t.assertSameIrq("cpu0.intr");
        }
    }

    @Test
    void wordAccessesReachCommandAndDataPorts() {
        initialize(0x01);
        kit.outw(M_CMD, 0xfa << 8 | 0x0a); // OCW3 read IRR, then the mask
        assertEquals(0xfa, kit.inb(M_DATA));
        isa(0).pulse();
        assertEquals(0xfa01, kit.inw(M_CMD), "IRR then IMR");
        assertTrue(((PicPair) kit.device()).hasInterrupt());
        assertEquals(intr.isAsserted(), ((PicPair) kit.device()).hasInterrupt());
    }

    @Test
    void behindAnApicItOnlyDrivesItsOutputLine() throws ConfigException {
        try (DeviceTestKit k = DeviceTestKit.builder(new PicPairFactory()).property("cpu", "-1")
                .property("output", "lapic0.lint0").property("elcr-iobase", "-1").build()) {
            assertEquals(null, k.interruptController(0));
            assertEquals(0xff, k.inb(ELCR0), "no ELCR decoded");
            k.outb(M_CMD, 0x13);
            k.outb(M_DATA, 0x30);
            k.outb(M_DATA, 0x01);
            k.interrupts().line("isa.0").pulse();
            assertTrue(k.irq("lapic0.lint0").isAsserted());
            assertFalse(k.irq("cpu0.intr").isAsserted());
            assertEquals(0x30, k.interrupts().acknowledge("lapic0.lint0"), "the APIC's ExtINT acknowledge reaches the 8259");
            assertFalse(k.irq("lapic0.lint0").isAsserted(), "acknowledged: the request is in service");
        }
    }

    @Test
    void noOperationOcw2AndEoiWithNothingInServiceAreHarmless() {
        initialize(0x01);
        isa(3).pulse();
        assertEquals(0x23, cpu().acknowledge());
        kit.outb(M_CMD, 0x40); // OCW2 "no operation"
        assertEquals(0x08, isr(M_CMD));
        kit.outb(M_CMD, EOI);
        kit.outb(M_CMD, EOI); // nothing left in service
        kit.outb(S_CMD, 0x67); // specific EOI for a level not in service
        assertEquals(0x00, isr(M_CMD));
        assertFalse(intr.isAsserted());
    }

    @Test
    void specialFullyNestedModeLetsHigherSlaveRequestsThroughTheCascade() {
        initialize(0x01);
        isa(10).pulse();
        assertEquals(0x2a, cpu().acknowledge());
        isa(8).pulse();
        assertFalse(intr.isAsserted(), "fully nested: the master's IR2 in service blocks even a higher slave IRQ");
        kit.reset();
        initialize(0x01);
        kit.outb(M_CMD, 0x11);
        kit.outb(M_DATA, 0x20);
        kit.outb(M_DATA, 0x04);
        kit.outb(M_DATA, 0x11); // master in special fully nested mode
        isa(10).pulse();
        assertEquals(0x2a, cpu().acknowledge());
        isa(11).pulse();
        assertFalse(intr.isAsserted(), "IRQ11 is below IRQ10 in service on the slave");
        isa(8).pulse();
        assertTrue(intr.isAsserted());
        assertEquals(0x28, cpu().acknowledge());
        assertEquals(0x05, isr(S_CMD));
    }
}
