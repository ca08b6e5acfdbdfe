/** Debug ports: isa-debug-exit, the 0xe9 debug console, the port 0x80 POST code. */
package org.plugboard.pc.debug;
