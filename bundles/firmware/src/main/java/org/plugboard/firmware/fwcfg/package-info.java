/** The QEMU-compatible fw_cfg device (ports, DMA, file directory) and the items it serves. */
package org.plugboard.firmware.fwcfg;
