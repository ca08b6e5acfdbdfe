package org.plugboard.firmware.direct;

import org.plugboard.api.bus.AddressSpace;

/**
 * The ISA devices as SeaBIOS leaves them, programmed through their ports: the 8259 pair at
 * vectors 0x08 and 0x70 with the masks SeaBIOS ends with (IRQ 0, 1, 2, 6, 8, 12, 13, 14 open),
 * PIT channel 0 in mode 2 with count 0 (18.2 Hz), the RTC's divider and 24-hour binary-coded
 * mode with its flags read clear, COM1 at 115200 baud 8N1 with its FIFOs on, and A20 on
 * through port 0x92.
 */
final class LegacyDevices {
    static final int PIC1 = 0x20, PIC2 = 0xa0;
    static final int MASTER_VECTOR = 0x08, SLAVE_VECTOR = 0x70;
    static final int MASTER_MASK = 0xb8, SLAVE_MASK = 0x8e;
    static final int PIT_CHANNEL0 = 0x40, PIT_MODE = 0x43;
    static final int RTC_INDEX = 0x70, RTC_DATA = 0x71;
    static final int COM1 = 0x3f8;
    static final int PORT92 = 0x92;

    private final AddressSpace io;

    LegacyDevices(AddressSpace io) {
        this.io = io;
    }

    void setUp() {
        pics();
        pit();
        rtc();
        uart();
        io.write(PORT92, 1, io.read(PORT92, 1) & ~1 | 2);    // fast A20 on, never the reset bit
    }

    private void pics() {
        // ICW1 edge, cascade, ICW4 follows; ICW2 the vector base; ICW3 the cascade on IR2; ICW4 8086 mode
        out(PIC1, 0x11);
        out(PIC2, 0x11);
        out(PIC1 + 1, MASTER_VECTOR);
        out(PIC2 + 1, SLAVE_VECTOR);
        out(PIC1 + 1, 0x04);
        out(PIC2 + 1, 0x02);
        out(PIC1 + 1, 0x01);
        out(PIC2 + 1, 0x01);
        out(PIC1 + 1, MASTER_MASK);
        out(PIC2 + 1, SLAVE_MASK);
    }

    private void pit() {
        out(PIT_MODE, 0x34);             // channel 0, low then high byte, mode 2
        out(PIT_CHANNEL0, 0);
        out(PIT_CHANNEL0, 0);            // count 0 = 65536: 18.2 Hz
    }

    private void rtc() {
        cmos(0x0a, 0x26);                // 32.768 kHz divider, 1024 Hz periodic rate
        cmos(0x0b, cmosRead(0x0b) & ~0x01 | 0x02); // 24-hour mode, no daylight saving
        cmosRead(0x0c);                  // reading C and D clears the flags
        cmosRead(0x0d);
    }

    private void uart() {
        out(COM1 + 3, 0x83);             // DLAB
        out(COM1, 0x01);                 // divisor 1: 115200 baud
        out(COM1 + 1, 0x00);
        out(COM1 + 3, 0x03);             // 8N1
        out(COM1 + 1, 0x00);             // no interrupts
        out(COM1 + 2, 0x07);             // FIFOs on and cleared
    }

    private void cmos(int index, int value) {
        out(RTC_INDEX, index);
        out(RTC_DATA, value);
    }

    private int cmosRead(int index) {
        out(RTC_INDEX, index);
        return (int) io.read(RTC_DATA, 1);
    }

    private void out(int port, int value) {
        io.write(port, 1, value & 0xff);
    }
}
