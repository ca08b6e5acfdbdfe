package org.plugboard.machine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.plugboard.api.machine.Machine;
import org.plugboard.api.machine.MachineManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi way to define machines: each Config Admin factory configuration of
 * {@value #PID} is one machine. Properties: {@code name}, {@code definition} (the text of a
 * machine file) or {@code definition.file} (its path), {@code autostart} (boolean).
 */
@Component(configurationPid = MachineConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class MachineConfiguration {
    public static final String PID = "org.plugboard.machine";
    private static final Logger LOG = LoggerFactory.getLogger(MachineConfiguration.class);

    @Reference
    MachineManager manager;

    private String id;

    @Activate
    void activate(Map<String, Object> props) throws Exception {
        Object name = props.get("name");
        id = name != null ? name.toString() : props.get("service.pid").toString();
        Object text = props.get("definition");
        Object file = props.get("definition.file");
        String definition = text != null ? text.toString() : file != null ? Files.readString(Path.of(file.toString())) : null;
        if (definition == null) {
            LOG.error("configuration {}: neither 'definition' nor 'definition.file' is set", id);
            return;
        }
        Machine m = manager.create(id, definition);
        if (Boolean.parseBoolean(String.valueOf(props.getOrDefault("autostart", "false")))) m.start();
    }

    @Deactivate
    void deactivate() {
        manager.destroy(id);
    }
}
