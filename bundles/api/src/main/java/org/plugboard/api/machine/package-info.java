/**
 * Machines as the shell, the launcher and tests see them: a {@link org.plugboard.api.machine.MachineManager}
 * service creates {@link org.plugboard.api.machine.Machine}s from definitions and lists them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.api.machine;
