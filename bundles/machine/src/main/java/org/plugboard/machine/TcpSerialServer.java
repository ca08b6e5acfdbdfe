package org.plugboard.machine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.plugboard.api.device.ConfigException;
import org.plugboard.machine.definition.SerialSocketSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial port's host side on a TCP socket on loopback, as QEMU's
 * {@code -serial tcp:127.0.0.1:PORT,server,nowait}: it listens, takes one client at a time,
 * sends it what the guest writes and types what it sends into the guest. With no client
 * connected the guest's output is dropped, as QEMU drops it. {@code wait} (QEMU's default for a
 * server) holds the machine's creation until the first client connects; {@code nowait} does not.
 * It is the {@link OutputStream} its {@link BufferedCharBackend} copies to.
 */
final class TcpSerialServer extends OutputStream implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpSerialServer.class);

    private final String spec;
    private final ServerSocket server;
    private final boolean waitForClient;
    private volatile Socket client;
    private volatile OutputStream toClient;

    private TcpSerialServer(String spec, ServerSocket server, boolean waitForClient) {
        this.spec = spec;
        this.server = server;
        this.waitForClient = waitForClient;
    }

    /** Binds a checked {@code tcp:HOST:PORT,server[,nowait]} spec. */
    static TcpSerialServer bind(String spec) throws ConfigException {
        SerialSocketSpec socket = SerialSocketSpec.parse(spec);
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(socket.address(), socket.port()), 1);
            return new TcpSerialServer(spec, s, socket.waitForClient());
        } catch (IOException e) {
            throw new ConfigException("-serial " + spec + ": cannot listen on " + socket.address().getHostAddress() + ":" + socket.port()
                    + " (" + e.getMessage() + ")");
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** Starts serving {@code backend}: with {@code wait}, returns once the first client is connected. */
    void serve(BufferedCharBackend backend) {
        LOG.info("-serial {}: listening on {}:{}{}", spec, server.getInetAddress().getHostAddress(), port(),
                waitForClient ? ", waiting for a client before the machine starts" : "");
        boolean first = waitForClient;
        if (first) {
            try {
                connect(server.accept());
            } catch (IOException e) {
                return;                 // closed before anyone came
            }
        }
        Thread t = new Thread(() -> acceptLoop(backend, first), "plugboard-serial-" + port());
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(BufferedCharBackend backend, boolean connected) {
        byte[] buf = new byte[1024];
        while (!server.isClosed()) {
            try {
                if (!connected) connect(server.accept());
                connected = false;
                InputStream in = client.getInputStream();
                int n;
                while ((n = in.read(buf)) > 0) backend.input(Arrays.copyOf(buf, n));
            } catch (IOException e) {
                // the client went away or the server closed: drop it and take the next
            }
            disconnect();
        }
    }

    private void connect(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        client = s;
        toClient = s.getOutputStream();
        LOG.info("-serial {}: client {} connected", spec, s.getRemoteSocketAddress());
    }

    private void disconnect() {
        Socket s = client;
        toClient = null;
        client = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** A byte from the guest: to the client, or nowhere without one. */
    @Override
    public void write(int b) {
        OutputStream out = toClient;
        if (out == null) return;
        try {
            out.write(b);
        } catch (IOException e) {
            disconnect();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to release
        }
        disconnect();
    }
}
