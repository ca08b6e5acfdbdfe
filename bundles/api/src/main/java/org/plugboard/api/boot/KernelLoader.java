package org.plugboard.api.boot;

import org.plugboard.api.device.ConfigException;

/** Loads one kernel image format. Registered as an OSGi service. */
public interface KernelLoader {
    String name();

    /** How well this loader fits the image: 0 = not at all; higher wins. */
    int probe(byte[] image);

    /**
     * Loads the image and sets the boot CPU's registers.
     *
     * @throws ConfigException when the image is malformed or does not fit in RAM, saying which
     */
    void load(BootContext context) throws ConfigException;
}
