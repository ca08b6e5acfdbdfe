package org.plugboard.firmware.acpi;

import java.util.List;
import org.plugboard.firmware.aml.Aml;
import org.plugboard.firmware.aml.ResourceTemplate;

/**
 * A standard ISA device whose DSDT node the firmware writes itself (the legacy devices do not
 * contribute nodes of their own): the RTC, the i8042 keyboard and mouse, and 16550 serial ports.
 */
public sealed interface IsaDevice {
    /** QEMU's pc machine: RTC, keyboard, mouse and COM1. */
    List<IsaDevice> PC_DEFAULTS = List.of(new Rtc(), new Keyboard(), new Mouse(), new Serial(1, 0x3f8, 4));

    /** The encoded {@code Device ()} node. */
    byte[] aml();

    /** MC146818 RTC at 0x70, IRQ 8. */
    record Rtc() implements IsaDevice {
        @Override
        public byte[] aml() {
            return Aml.device("RTC",
                    Aml.name("_HID", Aml.eisaId("PNP0B00")),
                    Aml.name("_CRS", new ResourceTemplate().io(0x70, 0x70, 1, 8).irqNoFlags(8).toAml()));
        }
    }

    /** i8042 keyboard port at 0x60/0x64, IRQ 1. */
    record Keyboard() implements IsaDevice {
        @Override
        public byte[] aml() {
            return Aml.device("KBD",
                    Aml.name("_HID", Aml.eisaId("PNP0303")),
                    Aml.name("_STA", Aml.integer(0x0f)),
                    Aml.name("_CRS", new ResourceTemplate().io(0x60, 0x60, 1, 1).io(0x64, 0x64, 1, 1).irqNoFlags(1).toAml()));
        }
    }

    /** i8042 auxiliary (PS/2 mouse) port, IRQ 12. */
    record Mouse() implements IsaDevice {
        @Override
        public byte[] aml() {
            return Aml.device("MOU",
                    Aml.name("_HID", Aml.eisaId("PNP0F13")),
                    Aml.name("_STA", Aml.integer(0x0f)),
                    Aml.name("_CRS", new ResourceTemplate().irqNoFlags(12).toAml()));
        }
    }

    /** A 16550A serial port COM{@code number} (1..4). */
    record Serial(int number, int ioBase, int irq) implements IsaDevice {
        public Serial {
            if (number < 1 || number > 4) throw new IllegalArgumentException("COM" + number + ": ports are COM1..COM4");
        }

        @Override
        public byte[] aml() {
            return Aml.device("COM" + number,
                    Aml.name("_HID", Aml.eisaId("PNP0501")),
                    Aml.name("_UID", Aml.integer(number)),
                    Aml.name("_STA", Aml.integer(0x0f)),
                    Aml.name("_CRS", new ResourceTemplate().io(ioBase, ioBase, 0, 8).irqNoFlags(irq).toAml()));
        }
    }
}
