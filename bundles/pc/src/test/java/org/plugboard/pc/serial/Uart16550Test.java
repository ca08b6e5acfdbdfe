package org.plugboard.pc.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.pc.support.SwapTwins;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;
import org.plugboard.testkit.TestCharBackend;

/** The 16550A through its registers, as a driver sees it. */
class Uart16550Test {
    private static final int BASE = 0x3f8;
    private static final int RBR = BASE, THR = BASE, DLL = BASE, IER = BASE + 1, DLM = BASE + 1, IIR = BASE + 2,
            FCR = BASE + 2, LCR = BASE + 3, MCR = BASE + 4, LSR = BASE + 5, MSR = BASE + 6, SCR = BASE + 7;
    private static final int OUT2 = 0x08, LOOP = 0x10;

    private DeviceTestKit kit;
    private TestCharBackend host;
    private IrqProbe irq;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new Uart16550Factory()).id("com1").build();
        host = kit.charBackend("serial0");
        irq = kit.isaIrq(4);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    @Test
    void powerOnRegisters() {
        assertEquals(0x00, kit.inb(IER));
        assertEquals(0x01, kit.inb(IIR), "no interrupt pending, FIFOs off");
        assertEquals(0x00, kit.inb(LCR));
        assertEquals(0x08, kit.inb(MCR), "OUT2 set, as QEMU resets it");
        assertEquals(0x60, kit.inb(LSR), "THRE and TEMT");
        assertEquals(0xb0, kit.inb(MSR), "host side present: CTS, DSR, DCD, no deltas");
        assertFalse(irq.isAsserted());
    }

    @Test
    void transmittedBytesReachTheBackendButDivisorWritesDoNot() {
        kit.outb(THR, 'h');
        kit.outb(LCR, 0x83); // DLAB, 8N1
        kit.outb(DLL, 0x01);
        kit.outb(DLM, 0x00);
        assertEquals(0x01, kit.inb(DLL));
        assertEquals(0x00, kit.inb(DLM));
        kit.outb(LCR, 0x03);
        kit.outb(THR, 'i');
        assertEquals("hi", host.output());
        assertTrue(kit.device().describe().contains("8N1 115200"), kit.device().describe());
    }

    @Test
    void scratchRegisterHoldsAnyByte() {
        kit.outb(SCR, 0xa5);
        assertEquals(0xa5, kit.inb(SCR));
    }

    @Test
    void thrEmptyInterruptIsRaisedOnEnableAndAcknowledgedByReadingIir() {
        kit.outb(MCR, OUT2);
        kit.outb(IER, 0x02);
        assertTrue(irq.isAsserted());
        assertEquals(0x02, kit.inb(IIR));
        assertFalse(irq.isAsserted(), "reading IIR that reports THRE clears it");
        assertEquals(0x01, kit.inb(IIR));
        // rewriting IER with THRE still enabled does not raise it again; toggling it does
        kit.outb(IER, 0x02);
        assertEquals(0x01, kit.inb(IIR));
        kit.outb(IER, 0x00);
        kit.outb(IER, 0x02);
        assertEquals(0x02, kit.inb(IIR));
    }

    @Test
    void writingThrGivesAFreshEdgeForEachByte() {
        kit.outb(MCR, OUT2);
        kit.outb(IER, 0x02);
        irq.clear();
        kit.outb(THR, 'a');
        kit.outb(THR, 'b');
        assertEquals(2, irq.risingEdges(), "line dropped by the THR write and rose as the byte left");
        assertTrue(irq.isAsserted());
        assertEquals(0x02, kit.inb(IIR));
        assertEquals("ab", host.output());
    }

    @Test
    void out2GatesTheInterruptOntoTheBus() {
        kit.outb(MCR, 0x00);
        kit.outb(IER, 0x02);
        assertEquals(0x02, kit.inb(IIR) & 0x0f, "pending inside the UART");
        kit.outb(IER, 0x00);
        kit.outb(IER, 0x02);
        assertFalse(irq.isAsserted(), "OUT2 low: no IRQ on the bus");
        kit.outb(MCR, OUT2);
        assertTrue(irq.isAsserted());
        kit.outb(MCR, OUT2 | LOOP);
        assertFalse(irq.isAsserted(), "loopback forces the OUT2 pin inactive");
    }

    @Test
    void receivedBytesSetDataReadyAndRaiseRda() {
        kit.outb(MCR, OUT2);
        kit.outb(IER, 0x01);
        host.input("ok");
        assertEquals(0x01, kit.inb(LSR) & 0x01);
        assertTrue(irq.isAsserted());
        assertEquals(0x04, kit.inb(IIR));
        // without FIFOs the second byte had nowhere to go: it waits in the backend
        assertTrue(host.hasPendingInput());
        assertEquals('o', kit.inb(RBR));
        assertFalse(irq.isAsserted());
        host.deliver();
        assertEquals('k', kit.inb(RBR));
        assertEquals(0x60, kit.inb(LSR));
        assertEquals(0x01, kit.inb(IIR));
    }

    @Test
    void fifoTriggerLevelDecidesWhenRdaIsRaised() {
        kit.outb(MCR, OUT2);
        kit.outb(FCR, 0xc7); // enable, clear both, trigger 14
        kit.outb(IER, 0x01);
        assertEquals(0xc1, kit.inb(IIR), "FIFOs enabled bits");
        host.input("0123456789abc"); // 13 bytes
        assertFalse(irq.isAsserted());
        host.input("d");
        assertTrue(irq.isAsserted());
        assertEquals(0xc4, kit.inb(IIR));
        kit.inb(RBR);
        assertFalse(irq.isAsserted(), "13 left: below the trigger level");
    }

    @Test
    void fullFifoRefusesHostInputUntilTheGuestReads() {
        kit.outb(FCR, 0x01);
        host.input("ABCDEFGHIJKLMNOPQR"); // 18 bytes
        assertTrue(host.hasPendingInput());
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < 16; i++) got.append((char) kit.inb(RBR));
        assertEquals("ABCDEFGHIJKLMNOP", got.toString());
        assertEquals(0, kit.inb(LSR) & 0x02, "refused bytes are not an overrun");
        host.deliver();
        assertEquals('Q', kit.inb(RBR));
        assertEquals('R', kit.inb(RBR));
        assertFalse(host.hasPendingInput());
    }

    @Test
    void characterTimeoutFiresAfterFourCharacterTimes() {
        kit.outb(LCR, 0x83);
        kit.outb(DLL, 12); // 9600 baud: 10 bits a character = 1.0417 ms
        kit.outb(DLM, 0);
        kit.outb(LCR, 0x03);
        kit.outb(MCR, OUT2);
        kit.outb(FCR, 0x81); // trigger 8
        kit.outb(IER, 0x01);
        host.input("xyz");
        kit.advance(4_000_000);
        assertFalse(irq.isAsserted(), "not yet: 4 characters are 4.17 ms");
        kit.advance(200_000);
        assertTrue(irq.isAsserted());
        assertEquals(0xcc, kit.inb(IIR));
        assertEquals('x', kit.inb(RBR));
        assertFalse(irq.isAsserted(), "reading RBR clears the timeout");
        kit.advance(4_200_000);
        assertEquals(0xcc, kit.inb(IIR), "and the timer starts again while data remains");
        kit.inb(RBR);
        kit.inb(RBR);
        kit.advance(10_000_000);
        assertEquals(0xc1, kit.inb(IIR));
    }

    @Test
    void loopbackOverrunWithoutFifoKeepsTheNewestByte() {
        kit.outb(MCR, LOOP);
        kit.outb(THR, 'x');
        kit.outb(THR, 'y');
        assertEquals("", host.output(), "looped back bytes do not leave the chip");
        assertEquals(0x63, kit.inb(LSR), "DR, OE, THRE, TEMT");
        assertEquals(0x61, kit.inb(LSR), "reading LSR clears OE");
        assertEquals('y', kit.inb(RBR));
    }

    @Test
    void loopbackOverrunWithFifoDropsTheNewByteAndLineStatusOutranksData() {
        kit.outb(FCR, 0x01);
        kit.outb(MCR, LOOP);
        kit.outb(IER, 0x05); // RLS and RDA
        for (int i = 0; i < 17; i++) kit.outb(THR, 'a' + i);
        assertEquals(0xc6, kit.inb(IIR), "receiver line status has the highest priority");
        assertEquals(0x63, kit.inb(LSR));
        assertEquals(0xc4, kit.inb(IIR), "then received data");
        StringBuilder got = new StringBuilder();
        while ((kit.inb(LSR) & 1) != 0) got.append((char) kit.inb(RBR));
        assertEquals("abcdefghijklmnop", got.toString());
    }

    @Test
    void hostInputIsRefusedWhileLoopedBack() {
        kit.outb(MCR, LOOP);
        host.input("z");
        assertTrue(host.hasPendingInput());
        assertEquals(0, kit.inb(LSR) & 1);
        kit.outb(MCR, 0);
        host.deliver();
        assertEquals('z', kit.inb(RBR));
    }

    @Test
    void receivedDataOutranksThrEmpty() {
        kit.outb(MCR, OUT2);
        host.input("q");
        kit.outb(IER, 0x03);
        assertEquals(0x04, kit.inb(IIR));
        kit.inb(RBR);
        assertEquals(0x02, kit.inb(IIR));
    }

    @Test
    void modemStatusFollowsModemControlInLoopback() {
        kit.outb(MCR, LOOP);
        assertEquals(0x0b, kit.inb(MSR), "CTS, DSR and DCD fell: deltas only");
        kit.outb(MCR, LOOP | 0x02); // RTS -> CTS
        assertEquals(0x11, kit.inb(MSR));
        kit.outb(MCR, LOOP | 0x01 | 0x04); // DTR -> DSR, OUT1 -> RI, RTS dropped
        assertEquals(0x63, kit.inb(MSR), "DSR, RI up; DCTS, DDSR");
        kit.outb(MCR, LOOP | 0x01); // RI trailing edge
        assertEquals(0x24, kit.inb(MSR), "TERI only on the falling edge of RI");
        kit.outb(MCR, LOOP | 0x01 | OUT2);
        assertEquals(0xa8, kit.inb(MSR), "OUT2 -> DCD");
    }

    @Test
    void modemStatusInterruptIsLowestPriority() {
        kit.outb(MCR, OUT2);
        kit.outb(IER, 0x0a); // THRE and modem status
        assertEquals(0x02, kit.inb(IIR));
        kit.outb(MCR, OUT2 | LOOP | 0x02);
        assertEquals(0x00, kit.inb(IIR), "modem status pending");
        kit.inb(MSR);
        assertEquals(0x01, kit.inb(IIR));
    }

    @Test
    void levelStaysWhileMaskedAndReturnsWhenUnmasked() {
        kit.outb(MCR, OUT2);
        host.input("m");
        assertFalse(irq.isAsserted(), "IER masks it");
        kit.outb(IER, 0x01);
        assertTrue(irq.isAsserted());
        kit.outb(IER, 0x00);
        assertFalse(irq.isAsserted());
        kit.outb(IER, 0x01);
        assertTrue(irq.isAsserted());
    }

    @Test
    void fifoResetAndDisableDropReceivedData() {
        kit.outb(FCR, 0x01);
        host.input("abc");
        kit.outb(FCR, 0x03); // clear receive FIFO
        assertEquals(0, kit.inb(LSR) & 1);
        host.input("d");
        kit.outb(FCR, 0x00); // leaving FIFO mode empties it too
        assertEquals(0, kit.inb(LSR) & 1);
        assertEquals(0x01, kit.inb(IIR));
    }

    @Test
    void wideAccessesSplitIntoRegisterBytes() {
        kit.outb(MCR, 0x03);
        assertEquals(0x6003, kit.inw(MCR), "MCR then LSR");
        kit.outw(LCR, 0x0b03); // LCR = 3, MCR = 0x0b
        assertEquals(0x03, kit.inb(LCR));
        assertEquals(0x0b, kit.inb(MCR));
        assertEquals(0xff, kit.inb(BASE + 8), "nothing beyond the 8 ports");
    }

    @Test
    void lineAndModemStatusWritesAreIgnored() {
        kit.outb(LSR, 0x00);
        kit.outb(MSR, 0x00);
        assertEquals(0x60, kit.inb(LSR));
        assertEquals(0xb0, kit.inb(MSR));
    }

    @Test
    void swapCarriesFifoInterruptsAndReceiver() {
        kit.outb(LCR, 0x83);
        kit.outb(DLL, 1);
        kit.outb(LCR, 0x03);
        kit.outb(MCR, OUT2);
        kit.outb(FCR, 0x41); // trigger 4
        kit.outb(IER, 0x01);
        kit.outb(SCR, 0x5a);
        host.input("abc");
        kit.advance(100_000); // timeout at 115200 baud is ~347 us: armed, not yet fired
        String before = kit.device().describe();
        kit.swapTo(new Uart16550Factory());
        assertEquals(before, kit.device().describe());
        assertEquals(0x5a, kit.inb(SCR));
        assertFalse(irq.isAsserted());
        kit.advance(300_000);
        assertEquals(0xcc, kit.inb(IIR), "the character timeout carried over");
        host.input("d");
        assertEquals(0xc4, kit.inb(IIR), "the new instance receives: 4 bytes reach the trigger");
        assertEquals('a', kit.inb(RBR));
        assertEquals("", host.output());
        kit.outb(THR, '!');
        assertEquals("!", host.output());
    }

    @Test
    void absentBackendDropsOutput() throws ConfigException {
        try (DeviceTestKit k = DeviceTestKit.builder(new Uart16550Factory()).property("chardev", "nowhere")
                .property("iobase", "0x2f8").property("irq", "3").build()) {
            k.outb(0x2f8 + 4, OUT2);
            k.outb(0x2f8 + 1, 0x02);
            k.outb(0x2f8, 'x');
            assertTrue(k.isaIrq(3).isAsserted());
            assertEquals(0x60, k.inb(0x2f8 + 5));
        }
    }

    @Test
    void badPropertiesAreRefused() {
        assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new Uart16550Factory()).property("irq", "16").build());
        assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new Uart16550Factory()).property("iobas", "0x3f8").build());
    }

    @Test
    void resetReturnsToPowerOnState() {
        kit.outb(FCR, 0x01);
        kit.outb(IER, 0x0f);
        kit.outb(MCR, 0x1f);
        host.input("r");
        kit.reset();
        assertEquals(0x00, kit.inb(IER));
        assertEquals(0x01, kit.inb(IIR));
        assertEquals(0x08, kit.inb(MCR));
        assertEquals(0x61, kit.inb(LSR), "the byte refused in loopback is taken after the reset");
        assertEquals('r', kit.inb(RBR));
        assertEquals(0x60, kit.inb(LSR));
    }

    @Test
    void swappedTwinBehavesTheSameMidSequence() throws ConfigException {
        try (SwapTwins t = new SwapTwins(DeviceTestKit.builder(new Uart16550Factory()))) {
            t.assertSameIrq("isa.4");
            t.outb(LCR, 0x80);
            t.swap(new Uart16550Factory()); // DLAB set across the swap
            t.outb(DLL, 3);
            t.outb(LCR, 0x1b); // 8E1
            t.outb(MCR, OUT2 | 0x03);
            t.outb(FCR, 0x87);
            t.outb(IER, 0x0f);
            t.input("serial0", "hello, world: more than sixteen bytes");
            for (int i = 0; i < 30; i++) {
                if (i % 4 == 1) t.swap(new Uart16550Factory());
                t.assertSameIrq("isa.4");
                int iir = t.inb(IIR);
                if ((iir & 0x0e) == 0x04 || (iir & 0x0e) == 0x0c) t.inb(RBR);
                t.inb(LSR);
                t.inb(MSR);
                t.advance(200_000);
                t.plain().charBackend("serial0").deliver();
                t.swapped().charBackend("serial0").deliver();
            }
            t.outb(THR, '#');
            assertEquals(t.plain().charBackend("serial0").output(), t.swapped().charBackend("serial0").output());
        }
    }

    @Test
    void clearingTheTransmitFifoRaisesThreAgain() {
        kit.outb(IER, 0x02);
        assertEquals(0x02, kit.inb(IIR));
        kit.outb(FCR, 0x00);
        assertEquals(0x01, kit.inb(IIR), "FCR without the clear bit: nothing");
        kit.outb(FCR, 0x04);
        assertEquals(0x02, kit.inb(IIR));
        kit.outb(FCR, 0x01); // entering FIFO mode clears both FIFOs
        assertEquals(0xc2, kit.inb(IIR));
    }
}
