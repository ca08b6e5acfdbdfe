/**
 * Machine definitions: the QEMU-style command line and the equivalent text file
 * ({@code cnf/machines/*.machine}). Plain Java with no OSGi dependency, so the launcher parses
 * and checks a command line before it starts the framework.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.machine.definition;
