/**
 * The PIIX3 PCI-to-ISA bridge (82371SB function 0, 00:01.0): PIRQA-D routing onto ISA IRQs and
 * the reset control register at 0xcf9. The 8259s, PIT and RTC behind it are their own devices.
 */
package org.plugboard.chipset.piix.isa;
