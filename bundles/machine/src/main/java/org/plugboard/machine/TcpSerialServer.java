package org.plugboard.machine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import org.plugboard.api.device.ConfigException;
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

    /** Binds {@code tcp:HOST:PORT,server[,nowait]}; HOST must be a loopback address. */
    static TcpSerialServer bind(String spec) throws ConfigException {
        String what = "-serial " + spec;
        String body = spec.substring("tcp:".length());
        int comma = body.indexOf(',');
        String address = comma < 0 ? body : body.substring(0, comma);
        boolean serverMode = false, waitForClient = true;
        for (String flag : comma < 0 ? new String[0] : body.substring(comma + 1).split(",")) {
            int eq = flag.indexOf('=');
            String key = eq < 0 ? flag : flag.substring(0, eq), v = eq < 0 ? "" : flag.substring(eq + 1);
            switch (key) {
                case "server": serverMode = v.isEmpty() || onOff(what, "server", v); break;
                case "nowait": waitForClient = false; break;
                case "wait": waitForClient = onOff(what, "wait", v); break;
                case "nodelay": break;
                default: throw new ConfigException(what + ": unknown option '" + key + "' (server, wait, nowait, nodelay)");
            }
        }
        if (!serverMode) throw new ConfigException(what + ": only the server side exists here (add ',server')");
        int colon = address.lastIndexOf(':');
        if (colon < 0) throw new ConfigException(what + ": expected tcp:HOST:PORT");
        String host = address.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(what + ": '" + address.substring(colon + 1) + "' is not a port number");
        }
        if (port < 0 || port > 65535) throw new ConfigException(what + ": port " + port + " is not 0..65535");
        InetAddress bindTo;
        try {
            bindTo = InetAddress.getByName(host.isEmpty() ? "127.0.0.1" : host);
        } catch (IOException e) {
            throw new ConfigException(what + ": unknown host '" + host + "'");
        }
        if (!bindTo.isLoopbackAddress())
            throw new ConfigException(what + ": the serial socket listens on loopback only (127.0.0.1 or localhost), not " + host);
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bindTo, port), 1);
            return new TcpSerialServer(spec, s, waitForClient);
        } catch (IOException e) {
            throw new ConfigException(what + ": cannot listen on " + bindTo.getHostAddress() + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    private static boolean onOff(String what, String key, String v) throws ConfigException {
        if (v.equals("on") || v.equals("true") || v.equals("yes")) return true;
        if (v.equals("off") || v.equals("false") || v.equals("no")) return false;
        throw new ConfigException(what + ": " + key + "=" + v + " is not on or off");
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
