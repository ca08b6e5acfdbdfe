package org.plugboard.api.machine;

import java.util.List;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.device.DeviceState;

/** A running (or stopped) machine. */
public interface Machine {
    enum State { CREATED, RUNNING, PAUSED, STOPPED }

    String id();

    State state();

    /** Starts the vCPUs. Fails with a clear message when no CPU engine is present. */
    void start();

    void pause();

    void resume();

    /** A hard reset: devices and vCPUs back to power-on state, boot again. */
    void reset();

    /** Stops for good (powers off). */
    void stop();

    /** The guest's exit status once stopped: isa-debug-exit's value, 0 on power-off. -1 while running. */
    int exitStatus();

    /** Waits until the machine stops; returns its exit status, or -1 on time-out. */
    int awaitStop(long timeoutMillis) throws InterruptedException;

    List<DeviceSlotInfo> devices();

    AddressSpace io();

    AddressSpace memory();

    /** The IRQ lines and who listens to them, one line each. */
    List<String> irqRouting();

    /** The device's current state (masked secrets), for {@code vm:state}. */
    DeviceState deviceState(String deviceId);

    /**
     * Swaps the live instance of {@code deviceId} to the factory with service id {@code serviceId}
     * (or the best one when {@code serviceId} is -1), carrying its state. Returns what the log says.
     */
    String swap(String deviceId, long serviceId);

    /** Everything the guest wrote to the named character backend so far (up to a bounded tail). */
    String consoleOutput(String backend);

    /** Sends bytes to the named backend as if typed on the host. */
    void consoleInput(String backend, byte[] bytes);

    /** Instructions retired by all vCPUs. */
    long instructionsRetired();

    /** Last POST code written to port 0x80. */
    int postCode();

    /** A few lines about each vCPU. */
    List<String> cpus();

    /** A device slot as listed by the shell. */
    record DeviceSlotInfo(String id, String type, String implementation, String bundle, String state, String status) {
    }
}
