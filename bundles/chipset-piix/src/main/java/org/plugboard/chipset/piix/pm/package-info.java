/**
 * The PIIX4 power-management function (82371AB function 3, 00:01.3): the ACPI fixed hardware at
 * the PM base (PM1 event and control registers, the 24-bit 3.579545 MHz PM timer), the SCI on
 * ISA IRQ 9, GPE0, the APM control ports and the SMBus host controller's registers.
 */
package org.plugboard.chipset.piix.pm;
