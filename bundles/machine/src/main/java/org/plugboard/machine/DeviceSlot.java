package org.plugboard.machine;

import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceConfig;
import org.plugboard.api.device.DeviceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A place for one device instance in a machine: its configuration, which factory made the
 * current instance, and the context lent to it. Plugging, unplugging and swapping happen here;
 * the caller makes sure no vCPU runs meanwhile.
 */
public final class DeviceSlot {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSlot.class);

    private final Platform platform;
    private final DeviceConfig config;
    private Device instance;
    private FactoryHandle factory;
    private SlotContext context;

    public DeviceSlot(Platform platform, DeviceConfig config) {
        this.platform = platform;
        this.config = config;
    }

    public String id() { return config.id(); }

    public String type() { return config.type(); }

    public DeviceConfig config() { return config; }

    /** The live instance, or null while the slot is empty. */
    public Device instance() { return instance; }

    public FactoryHandle factory() { return factory; }

    public boolean isEmpty() { return instance == null; }

    /** Creates and realizes an instance from {@code f} in an empty slot. */
    public void plug(FactoryHandle f) throws ConfigException {
        if (instance != null) throw new IllegalStateException("slot " + id() + " is occupied");
        Device d = f.factory().create(config);
        SlotContext ctx = new SlotContext(id(), platform);
        try {
            d.realize(ctx);
        } catch (RuntimeException e) {
            ctx.release();
            d.close();
            throw new ConfigException("device " + id() + " (" + type() + "): " + e.getMessage(), e);
        }
        instance = d;
        factory = f;
        context = ctx;
    }

    /** Detaches the instance (saving its state first) and leaves the slot empty. Returns the state, or null. */
    public DeviceState unplug() {
        if (instance == null) return null;
        DeviceState s = instance.saveState();
        detach(true);
        return s;
    }

    private void detach() {
        detach(false);
    }

    private void detach(boolean dropLines) {
        if (dropLines) context.dropLines();
        context.release();
        try {
            instance.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: close() failed: {}", id(), e.toString());
        }
        instance = null;
        factory = null;
        context = null;
    }

    /**
     * Replaces the instance with one from {@code to} carrying the guest-visible state; an empty
     * slot is filled from {@code to} with the state {@code carried} (if any). With {@code to == null}
     * the slot becomes empty. Returns a one-line account for the log and the shell.
     */
    public String swap(FactoryHandle to, DeviceState carried) {
        FactoryHandle from = factory;
        String held = context == null ? "nothing" : context.holdings();
        DeviceState state = instance != null ? instance.saveState() : carried;
        if (instance != null) detach(to == null);
        if (to == null) return String.format("%s (%s): %s -> empty slot (unmapped %s, its IRQ lines deasserted)", id(), type(),
                name(from), held);
        try {
            plug(to);
        } catch (ConfigException e) {
            LOG.error("{}: the new instance from {} failed: {}; the slot is empty", id(), name(to), e.getMessage());
            return String.format("%s (%s): %s -> FAILED (%s); slot empty", id(), type(), name(from), e.getMessage());
        }
        String restored = "no state";
        if (state != null) {
            try {
                instance.restoreState(state);
                restored = "state v" + state.version() + " (" + state.names().size() + " fields) restored";
            } catch (RuntimeException e) {
                instance.reset();
                restored = "state NOT restored (" + e.getMessage() + "), device reset";
            }
        }
        return String.format("%s (%s): %s -> %s; unmapped %s, mapped %s; %s", id(), type(), name(from), name(to), held,
                context.holdings(), restored);
    }

    private static String name(FactoryHandle f) {
        return f == null ? "empty" : f.factory().getClass().getName() + " [" + f.bundle() + "]";
    }

    /** A machine reset. */
    public void reset() {
        if (instance != null) instance.reset();
    }
}
