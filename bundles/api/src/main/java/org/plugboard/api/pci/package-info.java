/**
 * PCI functions behind a chipset's PCI host.
 * <p>
 * A device implements {@link org.plugboard.api.pci.PciFunction} (usually by delegating to a
 * {@link org.plugboard.api.pci.PciConfig}, which implements the standard type-0 header, BAR
 * sizing, write masks and the capability list) and attaches it in
 * {@link org.plugboard.api.device.Device#realize} with
 * {@link org.plugboard.api.pci.PciHost#attach}. From then on the host owns the rest:
 * <ul>
 *   <li>slot/devfn assignment and INTx routing (PIRQ, swizzling, GSI) belong to the chipset,
 *       which hands the device its pin as an {@link org.plugboard.api.bus.IrqLine};</li>
 *   <li>the host watches configuration writes and maps each BAR's region where the guest put it
 *       while the command register enables I/O or memory decoding;</li>
 *   <li>bus-master DMA goes through the attachment's {@link org.plugboard.api.bus.Dma}, which
 *       refuses transfers while the command register's bus-master bit is clear;</li>
 *   <li>MSI and MSI-X are {@link org.plugboard.api.bus.Dma#postedWrite} of the programmed
 *       message to the programmed address (the LAPIC window decodes it).</li>
 * </ul>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.api.pci;
