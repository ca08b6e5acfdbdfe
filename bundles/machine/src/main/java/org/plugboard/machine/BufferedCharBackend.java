package org.plugboard.machine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.device.CharBackend;

/**
 * A character backend that keeps the last {@value #TAIL} characters the guest wrote (for
 * {@code vm:console}) and optionally copies them to a host stream (stdio, a file). Host input
 * is queued and offered to the device on the machine thread until it accepts it: a byte the
 * device refuses (its receive buffer is full) is offered again a character time later, as QEMU's
 * chardev polls a device's readiness.
 */
public final class BufferedCharBackend implements CharBackend {
    static final int TAIL = 64 * 1024;
    /** One character at 115200 baud (10 bits): when a refused byte is offered again. */
    static final long RETRY_NANOS = 86_806;

    private final String name;
    private final OutputStream copyTo;
    private final StringBuilder tail = new StringBuilder();
    private final ArrayDeque<Integer> input = new ArrayDeque<>();
    private volatile Receiver receiver;
    private VirtualClock clock;
    private Timer retry;

    public BufferedCharBackend(String name, OutputStream copyTo) {
        this.name = name;
        this.copyTo = copyTo;
    }

    public String name() { return name; }

    /** The clock whose thread delivers input; without one, input is delivered on the caller's thread. */
    public void setClock(VirtualClock clock) {
        this.clock = clock;
        this.retry = clock.newTimer("chardev." + name + ".retry", this::deliver);
    }

    @Override
    public void write(int b) {
        synchronized (tail) {
            tail.append((char) (b & 0xff));
            if (tail.length() > TAIL + TAIL / 4) tail.delete(0, tail.length() - TAIL);
        }
        if (copyTo != null) {
            try {
                copyTo.write(b);
                if (b == '\n') copyTo.flush();
            } catch (IOException e) {
                // the host side went away (closed stdout, full disk): the guest must not notice
            }
        }
    }

    /** Everything written so far (up to the tail size). */
    public String output() {
        synchronized (tail) { return tail.toString(); }
    }

    @Override
    public void setReceiver(Receiver receiver) {
        this.receiver = receiver;
        schedule();
    }

    /** Host input: queued, then delivered on the machine thread. */
    public void input(byte[] bytes) {
        synchronized (input) { for (byte b : bytes) input.add(b & 0xff); }
        schedule();
    }

    private void schedule() {
        if (clock != null) clock.post(this::deliver);
        else deliver();
    }

    /** Offers queued bytes until the device refuses one; what it refused is offered again on the next call. */
    public void deliver() {
        Receiver r = receiver;
        if (r == null) return;
        while (true) {
            Integer b;
            synchronized (input) { b = input.peek(); }
            if (b == null) return;
            if (!r.receive(b)) {
                if (retry != null && !retry.isArmed()) retry.armAfter(RETRY_NANOS);
                return;
            }
            synchronized (input) { input.poll(); }
        }
    }

    public boolean hasPendingInput() {
        synchronized (input) { return !input.isEmpty(); }
    }

    public void flush() {
        if (copyTo != null) try { copyTo.flush(); } catch (IOException e) { /* see write() */ }
    }
}
