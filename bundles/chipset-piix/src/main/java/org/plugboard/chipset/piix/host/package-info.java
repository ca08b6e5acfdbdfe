/**
 * The i440FX host bridge (82441FX PMC, 00:00.0): PCI configuration mechanism #1, the PCI bus
 * with the PC's slot swizzle onto PIRQA-D, PAM shadowing of 0xc0000-0xfffff and the SMRAM
 * window at 0xa0000-0xbffff.
 */
package org.plugboard.chipset.piix.host;
