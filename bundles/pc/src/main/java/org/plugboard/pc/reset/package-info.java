/** Reset and A20: system control port A (port92) and the 8042 keyboard controller (i8042). */
package org.plugboard.pc.reset;
