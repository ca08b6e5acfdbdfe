/** The MC146818 real-time clock and CMOS RAM (mc146818rtc). */
package org.plugboard.pc.rtc;
