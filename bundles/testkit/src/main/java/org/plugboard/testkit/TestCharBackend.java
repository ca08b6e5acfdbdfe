package org.plugboard.testkit;

import java.nio.charset.StandardCharsets;
import org.plugboard.bus.MachineClock;
import org.plugboard.machine.BufferedCharBackend;

/** A character backend as a test sees it: what the guest wrote, and a way to type. */
public final class TestCharBackend {
    private final BufferedCharBackend backend;
    private final MachineClock clock;

    TestCharBackend(BufferedCharBackend backend, MachineClock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /** Everything the device wrote, as ISO-8859-1 characters. */
    public String output() { return backend.output(); }

    /** Host input; delivered to the device at once (the test kit has no machine thread). */
    public void input(byte[] bytes) {
        backend.input(bytes);
        clock.runDue();
    }

    public void input(String s) { input(s.getBytes(StandardCharsets.ISO_8859_1)); }

    /** Offers input the device refused earlier again (as the machine does on its next loop). */
    public void deliver() { backend.deliver(); }

    public boolean hasPendingInput() { return backend.hasPendingInput(); }
}
