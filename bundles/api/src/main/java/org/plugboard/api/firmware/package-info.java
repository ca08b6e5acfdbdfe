/**
 * Firmware contributions: a device adds its own ACPI node, SMBIOS structures and fw_cfg files,
 * so plugging in a device bundle is enough to make the firmware describe it. A device opts in
 * by implementing {@link org.plugboard.api.firmware.FirmwareContributor}; the firmware builder
 * (bundles/firmware) asks every realized device when it builds the tables.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.api.firmware;
