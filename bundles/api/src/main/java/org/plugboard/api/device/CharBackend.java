package org.plugboard.api.device;

/**
 * A host character stream (terminal, file, TCP socket, or a buffer) that a serial device is
 * wired to. Input from the host is delivered on the machine thread.
 */
public interface CharBackend {
    /** Sends one byte from the guest to the host. */
    void write(int b);

    /** Where host input goes; {@code null} stops delivery. At most one receiver at a time. */
    void setReceiver(Receiver receiver);

    /** Receives host bytes on the machine thread. */
    @FunctionalInterface
    interface Receiver {
        /** Returns false when the device cannot take the byte now; the backend keeps it and offers it again later. */
        boolean receive(int b);
    }
}
