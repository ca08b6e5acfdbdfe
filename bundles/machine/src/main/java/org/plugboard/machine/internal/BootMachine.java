package org.plugboard.machine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.plugboard.api.machine.Machine;
import org.plugboard.api.machine.MachineManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the machine the launcher was asked for: the definition file named by the framework
 * property {@value #DEFINITION}, once the framework has started every bundle (so all device
 * factories and the CPU engine are there). With {@value #BATCH}=true it waits for the guest to
 * stop, records the exit status in the system property {@value #EXIT_STATUS} and stops the
 * framework.
 */
@Component(immediate = true)
public class BootMachine implements FrameworkListener {
    public static final String DEFINITION = "plugboard.machine.definition";
    public static final String BATCH = "plugboard.batch";
    public static final String EXIT_STATUS = "plugboard.exit.status";
    private static final Logger LOG = LoggerFactory.getLogger(BootMachine.class);

    @Reference
    MachineManager manager;

    private BundleContext context;
    private volatile boolean booted;

    @Activate
    void activate(BundleContext bc) {
        context = bc;
        if (bc.getProperty(DEFINITION) == null) return;
        bc.addFrameworkListener(this);
        if (bc.getBundle(0).getState() == Bundle.ACTIVE) boot();
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTED) boot();
    }

    private synchronized void boot() {
        if (booted) return;
        booted = true;
        boolean batch = Boolean.parseBoolean(context.getProperty(BATCH));
        Thread t = new Thread(() -> run(batch), "plugboard-boot");
        t.setDaemon(true);
        t.start();
    }

    private void run(boolean batch) {
        int status;
        try {
            String text = Files.readString(Path.of(context.getProperty(DEFINITION)));
            Machine m = manager.create(null, text);
            m.start();
            if (!batch) return;
            status = m.awaitStop(Long.MAX_VALUE);
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.error("cannot boot the machine: {}", msg);
            System.err.println("plugboard: " + msg);
            status = 1;
            if (!batch) return;
        }
        System.setProperty(EXIT_STATUS, Integer.toString(status));
        try {
            context.getBundle(0).stop();
        } catch (Exception e) {
            LOG.error("cannot stop the framework", e);
        }
    }
}
