/**
 * The firmware-less start: in Java, what SeaBIOS does on QEMU's pc before it jumps to a
 * {@code -kernel}, done through the interfaces a guest has (PCI configuration mechanism #1,
 * the legacy devices' ports, fw_cfg's ports, guest RAM), so device bundles cannot tell it from
 * firmware. Chipset register knowledge is keyed by PCI ID, as in SeaBIOS.
 */
package org.plugboard.firmware.direct;
