/** The PC's legacy x87 error path: FERR# to IRQ 13, cleared and ignored through port 0xF0 (fpu-error). */
package org.plugboard.pc.fpu;
