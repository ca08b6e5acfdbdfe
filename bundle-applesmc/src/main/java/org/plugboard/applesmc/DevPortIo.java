package org.plugboard.applesmc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The host's I/O ports through Linux's {@code /dev/port}: the file offset is the port number. */
final class DevPortIo implements PortIo, Closeable {
    private final FileChannel channel;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    DevPortIo(Path devPort) throws IOException {
        channel = FileChannel.open(devPort, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    public int inb(int port) throws IOException {
        one.clear();
        if (channel.read(one, port) != 1) throw new EOFException("no byte read from port 0x" + Integer.toHexString(port));
        return one.get(0) & 0xff;
    }

    @Override
    public void outb(int port, int value) throws IOException {
        one.clear();
        one.put(0, (byte) value);
        if (channel.write(one, port) != 1) throw new IOException("no byte written to port 0x" + Integer.toHexString(port));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
