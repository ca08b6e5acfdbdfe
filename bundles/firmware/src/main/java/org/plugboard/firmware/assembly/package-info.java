/** How the machine hands the device set's firmware contributions to the device that builds the tables. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.firmware.assembly;
