/** The 8259A interrupt controller pair (i8259). */
package org.plugboard.pc.pic;
