/** The 8254 programmable interval timer (i8254) and the port 0x61 speaker/gate bits. */
package org.plugboard.pc.pit;
