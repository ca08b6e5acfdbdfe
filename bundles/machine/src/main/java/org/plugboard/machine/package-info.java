/**
 * Hosting devices and running machines: {@link org.plugboard.machine.Platform} (one machine's
 * bus, RAM, IRQ fabric and clock), {@link org.plugboard.machine.DeviceSlot} (one device instance
 * with its tracked context, plug/unplug/swap), and {@link org.plugboard.machine.MachineImpl}.
 * The device test kit reuses the first two, so devices are tested on exactly the code that runs
 * them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.machine;
