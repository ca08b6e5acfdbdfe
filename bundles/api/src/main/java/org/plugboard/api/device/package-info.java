/**
 * Devices as plug-ins: factories, instances, their context and their state.
 *
 * <h2>Writing a device bundle</h2>
 * <ol>
 *   <li>Register a {@link org.plugboard.api.device.DeviceFactory} service (a DS component is the
 *       easy way) with the service property {@value org.plugboard.api.device.DeviceFactory#TYPE}
 *       set to the type name users write in a machine definition ({@code -device TYPE,...}).
 *       Several factories may offer the same type: the one with the highest
 *       {@code service.ranking} wins. That is how quirk bundles replace stock behaviour.</li>
 *   <li>{@link org.plugboard.api.device.DeviceFactory#create} reads its
 *       {@link org.plugboard.api.device.DeviceConfig} (throwing
 *       {@link org.plugboard.api.device.ConfigException} with a clear message on bad values) and
 *       returns a {@link org.plugboard.api.device.Device}.</li>
 *   <li>{@link org.plugboard.api.device.Device#realize} receives the
 *       {@link org.plugboard.api.device.DeviceContext}: map regions, take IRQ lines, create timers,
 *       attach PCI functions. Everything obtained through the context is released by the machine
 *       when the instance is detached, so a device needs no teardown code of its own for it.</li>
 *   <li>Implement {@link org.plugboard.api.device.Device#saveState} and
 *       {@link org.plugboard.api.device.Device#restoreState} with a versioned
 *       {@link org.plugboard.api.device.DeviceState}. This is what hot swap carries from the old
 *       instance to the new one, and what snapshots store: it holds only plain values, never
 *       objects of the bundle's own classes.</li>
 * </ol>
 *
 * <h2>Hot swap</h2>
 * When the best factory for a type changes (a bundle is started, stopped or updated; or the
 * user types {@code vm:swap}), the machine pauses every vCPU at an instruction boundary, saves the
 * old instance's state, detaches it (regions unmapped, timers cancelled, IRQ lines kept by the
 * machine), creates the new instance, realizes it, restores the state, lets it re-assert its
 * levels in {@code restoreState}, and resumes. With no factory left the slot stays empty, as if
 * the card were unplugged.
 *
 * <h2>Threads</h2>
 * Register handlers, timer callbacks and posted tasks all run on the machine thread, one at a
 * time: device code needs no locks for guest-visible state.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.api.device;
