/**
 * An encoder for ACPI Machine Language (ACPI 6.x, chapter 20) and ACPI resource descriptors
 * (section 6.4), for device bundles that describe themselves with an ACPI node and for the
 * firmware's own DSDT: {@link org.plugboard.firmware.aml.Aml} (names, named objects, data),
 * {@link org.plugboard.firmware.aml.AmlOps} (method bodies: operators, control flow, mutexes),
 * {@link org.plugboard.firmware.aml.AmlRegions} (operation regions and fields) and
 * {@link org.plugboard.firmware.aml.ResourceTemplate}. Every method returns the complete
 * encoding of one term as a fresh byte array, so terms nest by passing arrays:
 *
 * <pre>{@code
 * byte[] node = Aml.device("SMC",
 *         Aml.name("_HID", Aml.eisaId("APP0001")),
 *         Aml.name("_STA", Aml.integer(0x0b)),
 *         Aml.name("_CRS", new ResourceTemplate().io(0x300, 0x300, 1, 0x20).irqNoFlags(6).toAml()));
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.firmware.aml;
