package org.plugboard.applesmc;

import java.io.Closeable;
import java.io.IOException;

/** Byte-wide access to I/O ports: the host's through {@code /dev/port}, or an emulated bus in tests. */
interface PortIo extends Closeable {
    int inb(int port) throws IOException;

    void outb(int port, int value) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
