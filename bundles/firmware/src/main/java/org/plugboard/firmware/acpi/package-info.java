/**
 * ACPI tables for a PC (RSDP, RSDT, XSDT, FADT, FACS, MADT, DSDT plus what devices contribute)
 * and QEMU's linker/loader commands that let firmware place and patch them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.firmware.acpi;
