/**
 * A reusable conventional-PCI host: the function registry of bus 0 by devfn, configuration
 * access dispatch, BAR decoding (each BAR's region mapped where the guest programmed it while
 * the command register enables decoding), bus-master-gated DMA, and INTx with the command
 * register's disable bit and the status register's interrupt bit. Chipset specifics stay
 * outside: a chipset supplies its {@link org.plugboard.chipset.piix.pci.IntxWiring} (how pins
 * reach its interrupt router) and decodes configuration cycles into
 * {@link org.plugboard.chipset.piix.pci.PciBus} (mechanism #1 is
 * {@link org.plugboard.chipset.piix.pci.ConfigMechanism1}; an ECAM window can call the same
 * entry points).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.chipset.piix.pci;
