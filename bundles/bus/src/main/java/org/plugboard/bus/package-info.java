/**
 * The bus implementation: address spaces with flat dispatch tables, guest RAM, the IRQ fabric,
 * DMA and the virtual clock. Used by the machine and by the device test kit; devices see only
 * the SPI interfaces.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.bus;
