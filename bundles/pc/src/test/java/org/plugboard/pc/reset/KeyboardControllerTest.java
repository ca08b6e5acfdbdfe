package org.plugboard.pc.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.pc.support.SwapTwins;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;
import org.plugboard.testkit.IrqProbe;

/** The 8042 as SeaBIOS and Linux probe it. */
class KeyboardControllerTest {
    private static final int DATA = 0x60, STATUS = 0x64, COMMAND = 0x64;
    private DeviceTestKit kit;
    private IrqProbe irq1;
    private IrqProbe irq12;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new KeyboardControllerFactory()).build();
        irq1 = kit.isaIrq(1);
        irq12 = kit.isaIrq(12);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    /** Reads the output buffer after checking it is full. */
    private int readData() {
        assertEquals(0x01, kit.inb(STATUS) & 0x01, "output buffer full");
        return kit.inb(DATA);
    }

    private void assertEmpty() {
        assertEquals(0x00, kit.inb(STATUS) & 0x01, "output buffer empty");
    }

    @Test
    void selfTestAnswers55AndSetsTheSystemFlag() {
        assertEquals(0x18, kit.inb(STATUS), "not inhibited, last write a command, no system flag");
        kit.outb(COMMAND, 0xaa);
        assertEquals(0x55, readData());
        assertEquals(0x04, kit.inb(STATUS) & 0x04);
        kit.outb(COMMAND, 0xab);
        assertEquals(0x00, readData(), "keyboard interface test passes");
        kit.outb(COMMAND, 0xa9);
        assertEquals(0x00, readData(), "aux interface test passes");
        assertEmpty();
    }

    @Test
    void commandByteReadsBackAfterAWrite() {
        kit.outb(COMMAND, 0x20);
        assertEquals(0x03, readData());
        kit.outb(COMMAND, 0x60);
        kit.outb(DATA, 0x65);
        assertEquals(0x00, kit.inb(STATUS) & 0x08, "last write went to the data port");
        kit.outb(COMMAND, 0x20);
        assertEquals(0x65, readData());
        assertEquals(0x04, kit.inb(STATUS) & 0x04, "system flag follows command byte bit 2");
    }

    @Test
    void keyboardResetAnswersAckThenSelfTestPassedOneByteAtATime() {
        kit.outb(DATA, 0xff);
        assertTrue(irq1.isAsserted());
        assertEquals(0xfa, kit.inb(DATA));
        assertTrue(irq1.isAsserted(), "the next byte moved in at once");
        assertEquals(0xaa, readData());
        assertFalse(irq1.isAsserted());
        assertEmpty();
        assertEquals(2, irq1.risingEdges(), "one edge per byte");
    }

    @Test
    void identifyReportsAnMf2KeyboardTranslatedOrNot() {
        kit.outb(DATA, 0xf2);
        assertEquals(0xfa, readData());
        assertEquals(0xab, readData());
        assertEquals(0x83, readData());
        kit.outb(COMMAND, 0x60);
        kit.outb(DATA, 0x43); // translation on
        kit.outb(DATA, 0xf2);
        assertEquals(0xfa, readData());
        assertEquals(0xab, readData());
        assertEquals(0x41, readData());
    }

    @Test
    void keyboardCommandsWithArguments() {
        kit.outb(DATA, 0xed);
        assertEquals(0xfa, readData());
        kit.outb(DATA, 0x07);
        assertEquals(0xfa, readData());
        kit.outb(DATA, 0xf0);
        assertEquals(0xfa, readData());
        kit.outb(DATA, 0x00);
        assertEquals(0xfa, readData());
        assertEquals(0x02, readData(), "scan-code set 2");
        kit.outb(DATA, 0xee);
        assertEquals(0xee, readData(), "echo");
        kit.outb(DATA, 0x12);
        assertEquals(0xfe, readData(), "not a command: resend");
        assertTrue(kit.device().describe().contains("LEDs 7"), kit.device().describe());
    }

    @Test
    void resetPulseAndOutputPortResetTheMachine() {
        kit.outb(COMMAND, 0xff); // pulse nothing
        assertEquals(0, kit.resetRequests());
        kit.outb(COMMAND, 0xfe);
        assertEquals(1, kit.resetRequests());
        kit.outb(COMMAND, 0xd1);
        kit.outb(DATA, 0xdf); // A20 on, reset inactive
        assertEquals(1, kit.resetRequests());
        kit.outb(COMMAND, 0xd1);
        kit.outb(DATA, 0xde); // reset line low
        assertEquals(2, kit.resetRequests());
    }

    @Test
    void a20GateThroughTheOutputPort() {
        kit.outb(COMMAND, 0xd0);
        assertEquals(0xcf, readData(), "A20 on at power-on");
        kit.outb(COMMAND, 0xd1);
        kit.outb(DATA, 0xcd);
        kit.outb(COMMAND, 0xd0);
        assertEquals(0xcd, readData());
        assertTrue(kit.device().describe().contains("A20 disabled"));
        kit.outb(COMMAND, 0xdf);
        kit.outb(COMMAND, 0xd0);
        assertEquals(0xcf, readData());
        kit.outb(COMMAND, 0xdd);
        kit.outb(COMMAND, 0xd0);
        assertEquals(0xcd, readData());
    }

    @Test
    void outputPortShowsWhichBufferIsFull() {
        kit.outb(COMMAND, 0xd2);
        kit.outb(DATA, 0x1c);
        kit.outb(COMMAND, 0xd0);
        assertEquals(0x1c, kit.inb(DATA));
        assertEquals(0xdf, readData(), "keyboard byte was in the buffer when the port was sampled");
    }

    @Test
    void writtenOutputBuffersComeBackAsKeyboardOrAuxData() {
        kit.outb(COMMAND, 0xd2);
        kit.outb(DATA, 0x9c);
        assertTrue(irq1.isAsserted());
        assertEquals(0x00, kit.inb(STATUS) & 0x20);
        assertEquals(0x9c, readData());
        kit.outb(COMMAND, 0xd3);
        kit.outb(DATA, 0x5a); // Linux's AUX loopback probe
        assertTrue(irq12.isAsserted());
        assertFalse(irq1.isAsserted());
        assertEquals(0x21, kit.inb(STATUS) & 0x21, "aux data");
        assertEquals(0x5a, readData());
        assertFalse(irq12.isAsserted());
    }

    @Test
    void noMouseAnswersResend() {
        kit.outb(COMMAND, 0xd4);
        kit.outb(DATA, 0xff);
        assertEquals(0x21, kit.inb(STATUS) & 0x21);
        assertEquals(0xfe, readData());
    }

    @Test
    void interruptsFollowTheCommandByteEnables() {
        kit.outb(COMMAND, 0x60);
        kit.outb(DATA, 0x00); // both interrupts off
        kit.outb(DATA, 0xff);
        assertFalse(irq1.isAsserted());
        assertEquals(0x01, kit.inb(STATUS) & 0x01, "data still there for polling");
        kit.outb(COMMAND, 0x60);
        assertTrue(kit.inb(STATUS) == 0x19 || kit.inb(STATUS) == 0x1d);
        kit.outb(DATA, 0x01);
        assertTrue(irq1.isAsserted(), "enabling IRQ1 with data waiting raises it");
    }

    @Test
    void disabledKeyboardHoldsItsBytesUntilEnabled() {
        kit.outb(COMMAND, 0xd2);
        kit.outb(DATA, 0x01);
        kit.inb(DATA);
        kit.outb(DATA, 0xf4); // enable scanning: ACK comes back
        kit.inb(DATA);
        kit.outb(COMMAND, 0xad);
        kit.outb(COMMAND, 0x20);
        assertEquals(0x13, readData(), "command byte shows the keyboard disabled");
        kit.outb(DATA, 0xee); // writing to the keyboard re-enables its interface
        assertEquals(0xee, readData());
        kit.outb(COMMAND, 0x20);
        assertEquals(0x03, readData());
    }

    @Test
    void controllerRamBytesReadAndWrite() {
        kit.outb(COMMAND, 0x65);
        kit.outb(DATA, 0x42);
        kit.outb(COMMAND, 0x25);
        assertEquals(0x42, readData());
    }

    @Test
    void readingAnEmptyBufferRepeatsTheLastByte() {
        kit.outb(COMMAND, 0xaa);
        assertEquals(0x55, kit.inb(DATA));
        assertEquals(0x55, kit.inb(DATA));
        assertEmpty();
    }

    @Test
    void swapCarriesQueuedBytesAndTheIrq() {
        kit.outb(DATA, 0xf2);
        assertEquals(0xfa, kit.inb(DATA));
        kit.outb(COMMAND, 0xdd);
        kit.swapTo(new KeyboardControllerFactory());
        assertTrue(irq1.isAsserted());
        assertEquals(0xab, readData());
        assertEquals(0x83, readData());
        assertEmpty();
        kit.outb(COMMAND, 0xd0);
        assertEquals(0xcd, readData(), "A20 state carried");
    }

    @Test
    void swappedTwinBehavesTheSameMidCommand() throws ConfigException {
        try (SwapTwins t = new SwapTwins(DeviceTestKit.builder(new KeyboardControllerFactory()))) {
            t.outb(COMMAND, 0xd1);
            t.swap(new KeyboardControllerFactory()); // the controller waits for the output port byte
            t.outb(DATA, 0xcd);
            t.outb(COMMAND, 0xd0);
            assertEquals(0xcd, t.inb(DATA));
            t.outb(DATA, 0xed);
            t.swap(new KeyboardControllerFactory()); // the keyboard waits for the LED byte
            assertEquals(0xfa, t.inb(DATA));
            t.outb(DATA, 0x02);
            assertEquals(0xfa, t.inb(DATA));
            assertEquals(0x18 & 0x10, t.inb(STATUS) & 0x10);
            t.assertSameIrq("isa.1");
        }
    }

    @Test
    void undefinedCommandsChangeNothing() {
        kit.outb(COMMAND, 0xc5);
        kit.outb(COMMAND, 0x90);
        assertEmpty();
        kit.outb(COMMAND, 0x20);
        assertEquals(0x03, readData());
        assertEquals(0, kit.resetRequests());
    }
}
