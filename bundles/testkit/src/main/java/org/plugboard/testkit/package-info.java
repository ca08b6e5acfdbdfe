/**
 * The device test kit: host one device on the real bus with a deterministic clock, poke its
 * registers, advance virtual time, and watch its IRQ lines, DMA and serial output — without
 * booting anything. See {@link org.plugboard.testkit.DeviceTestKit}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.testkit;
