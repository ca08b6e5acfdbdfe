/**
 * The PIIX3 IDE function (82371SB function 1, 00:01.1) in legacy mode: its config space, the
 * bus-master register block behind BAR4, and the two legacy channels with no drive attached.
 */
package org.plugboard.chipset.piix.ide;
