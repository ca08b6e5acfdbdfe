package org.plugboard.applesmc;

import static org.plugboard.firmware.aml.Aml.device;
import static org.plugboard.firmware.aml.Aml.eisaId;
import static org.plugboard.firmware.aml.Aml.integer;
import static org.plugboard.firmware.aml.Aml.name;

import org.plugboard.firmware.aml.ResourceTemplate;

/**
 * The SMC's ACPI node, as Mac OS X looks for it under the ISA/LPC bridge:
 * <pre>
 * Device (SMC) {
 *     Name (_HID, EisaId ("APP0001"))
 *     Name (_STA, 0x0B)          // present, enabled, functioning; hidden from UI
 *     Name (_CRS, ResourceTemplate () {
 *         IO (Decode16, iobase, iobase, 0x01, 0x20)
 *         IRQNoFlags () {6}
 *     })
 * }
 * </pre>
 * IRQ 6 is declared because that is what real Macs and QEMU declare; the emulated SMC raises no
 * interrupt (it has no events to report).
 */
final class SmcAcpiNode {
    static final String HID = "APP0001";
    static final int STA = 0x0b;
    static final int IRQ = 6;

    private SmcAcpiNode() {
    }

    static byte[] forIoBase(int ioBase) {
        return device("SMC",
                name("_HID", eisaId(HID)),
                name("_STA", integer(STA)),
                name("_CRS", new ResourceTemplate().io(ioBase, ioBase, 1, SmcCodes.WINDOW_SIZE).irqNoFlags(IRQ).toAml()));
    }
}
