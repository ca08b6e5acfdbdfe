/** Collecting what devices contribute to the firmware tables. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.firmware.contrib;
