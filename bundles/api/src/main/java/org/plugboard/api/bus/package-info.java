/**
 * Address spaces, regions, guest RAM, IRQ lines and DMA: how a device meets the machine.
 *
 * <h2>Regions</h2>
 * A device never writes into a global table. It builds a {@link org.plugboard.api.bus.Region}
 * (a name, a size, the access sizes it implements and its {@link org.plugboard.api.bus.RegionOps})
 * and asks an {@link org.plugboard.api.bus.AddressSpace} (I/O ports or memory) to map it at a
 * base. The returned {@link org.plugboard.api.bus.Mapping} can be moved, enabled, disabled and
 * unmapped: PCI BARs, PAM shadowing, PCIEXBAR, RCBA and SMRAM are all just re-mappings.
 * <ul>
 *   <li>Accesses wider than a region's {@code maxAccess} are split by the bus into several
 *       accesses (little-endian order); narrower than {@code minAccess} are widened (a read of
 *       the enclosing aligned unit, the requested bytes extracted; a write becomes a
 *       read-modify-write). A handler therefore only ever sees sizes it declared.</li>
 *   <li>Two mappings that overlap fail with a {@link org.plugboard.api.bus.RegionConflictException}
 *       that names both owners and the range, unless the mapping was made with
 *       {@link org.plugboard.api.bus.AddressSpace#mapOverlapping}; then the higher priority wins
 *       where they overlap.</li>
 *   <li>After each topology change the bus rebuilds flat dispatch tables, so the CPU's path to a
 *       handler is an array look-up and a virtual call: handlers must be cheap and must not block.</li>
 *   <li>Reads of unmapped I/O ports return all ones; writes are dropped. Unmapped memory reads
 *       return all ones too.</li>
 * </ul>
 *
 * <h2>RAM</h2>
 * {@link org.plugboard.api.bus.GuestRam} is not a region handler: it is a set of byte-array
 * banks that the CPU reads and writes directly. The memory space maps windows of it
 * ({@link org.plugboard.api.bus.MemorySpace#mapRam}), read-only for ROM.
 *
 * <h2>IRQ lines</h2>
 * An {@link org.plugboard.api.bus.IrqLine} carries <em>logical</em> assertion (true = asserted),
 * never an electrical level: polarity is the interrupt controller's business. Lines belong to
 * the machine's {@link org.plugboard.api.bus.InterruptFabric} and are lent to devices, so they
 * survive a device swap. A level source calls {@link org.plugboard.api.bus.IrqLine#set}; an edge
 * source calls {@link org.plugboard.api.bus.IrqLine#pulse}. Interrupt controllers and chipset
 * routers listen to the lines they decode. MSI is not a line: it is a DMA write into the LAPIC
 * window.
 *
 * <h2>DMA</h2>
 * {@link org.plugboard.api.bus.Dma} reads and writes guest-physical memory with bounds checks:
 * a transfer that touches anything but RAM (or, for writes, read-only memory) throws
 * {@link org.plugboard.api.bus.DmaException}, which the device turns into its own error bit.
 * Writes are seen by the CPU engine's decoded-code cache.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.api.bus;
