/**
 * Direct kernel boot. A {@link org.plugboard.api.boot.KernelLoader} service recognises a kernel
 * image format (multiboot, Linux bzImage, ...) and places it in guest memory, leaving the boot
 * CPU in the state that format's protocol defines. The machine asks every loader to
 * {@link org.plugboard.api.boot.KernelLoader#probe} the image given with {@code -kernel} and
 * uses the one with the highest score, after every reset. Without firmware, a
 * {@link org.plugboard.api.boot.PlatformSetup} service first leaves the platform as firmware would.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.plugboard.api.boot;
