package org.plugboard.machine.internal;

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
import org.plugboard.machine.MachineImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the machine the launcher was asked for: the definition text in the framework property
 * {@value #DEFINITION} (text, not a file, so keys given on the command line are written
 * nowhere), once the framework has started every bundle (so all device
 * factories and the CPU engine are there). With {@value #BATCH}=true it waits for the guest to
 * stop, records the exit status in the system property {@value #EXIT_STATUS} and stops the
 * framework.
 */
@Component(immediate = true)
public class BootMachine implements FrameworkListener {
    public static final String DEFINITION = "plugboard.machine.definition";
    public static final String BATCH = "plugboard.batch";
    public static final String EXIT_STATUS = "plugboard.exit.status";
    /** System property set once the boot was tried: {@code started} or {@code failed}. */
    public static final String BOOT_RESULT = "plugboard.boot";
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
            Machine m = manager.create(null, context.getProperty(DEFINITION));
            m.start();
            System.setProperty(BOOT_RESULT, "started");
            if (!batch) return;
            if (m instanceof MachineImpl) ((MachineImpl) m).connectStdin();
            status = m.awaitStop(Long.MAX_VALUE);
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.error("cannot boot the machine: {}", msg);
            System.err.println("plugboard: " + msg);
            System.setProperty(BOOT_RESULT, "failed");
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
