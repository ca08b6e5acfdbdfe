/** The 16550A UART (isa-serial). */
package org.plugboard.pc.serial;
