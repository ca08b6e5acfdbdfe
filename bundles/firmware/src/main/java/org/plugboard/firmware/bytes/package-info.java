/** Byte-level helpers shared by the ACPI, SMBIOS and fw_cfg builders. */
package org.plugboard.firmware.bytes;
