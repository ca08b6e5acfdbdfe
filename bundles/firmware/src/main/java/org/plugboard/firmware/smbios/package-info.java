/** SMBIOS 2.8 tables and entry point, with QEMU's defaults and its {@code -smbios} options. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.firmware.smbios;
