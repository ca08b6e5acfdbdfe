package org.plugboard.api.machine;

import java.util.List;
import java.util.Optional;
import org.plugboard.api.device.ConfigException;

/** The machines in this framework. */
public interface MachineManager {
    /**
     * Builds a machine from the text of a definition (see {@code cnf/machines/*.machine}).
     *
     * @throws ConfigException naming what is wrong (unknown device, conflict, missing image, ...)
     */
    Machine create(String id, String definition) throws ConfigException;

    List<Machine> machines();

    Optional<Machine> machine(String id);

    /** Stops and removes a machine. */
    void destroy(String id);

    /** Device types with their best factory, for the shell and {@code --help}. */
    List<FactoryInfo> factories();

    /** A factory as the shell lists it. */
    record FactoryInfo(String type, String description, String bundle, int ranking, long serviceId, boolean best) {
    }
}
