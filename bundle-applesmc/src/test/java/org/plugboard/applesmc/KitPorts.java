package org.plugboard.applesmc;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.testkit.DeviceTestKit;

/**
 * The test kit's I/O ports as a {@link PortIo}, keeping a transcript of every access
 * ({@code "in 304=0c"}, {@code "out 300<23"}) so tests can compare a client's exact sequence.
 */
final class KitPorts implements PortIo {
    private final DeviceTestKit kit;
    private final List<String> transcript = new ArrayList<>();

    KitPorts(DeviceTestKit kit) {
        this.kit = kit;
    }

    @Override
    public int inb(int port) {
        int v = kit.inb(port);
        transcript.add(String.format("in %x=%02x", port, v));
        return v;
    }

    @Override
    public void outb(int port, int value) {
        transcript.add(String.format("out %x<%02x", port, value & 0xff));
        kit.outb(port, value);
    }

    /** The accesses since the last call, and forgets them. */
    List<String> takeTranscript() {
        List<String> t = List.copyOf(transcript);
        transcript.clear();
        return t;
    }
}
