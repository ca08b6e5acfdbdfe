package org.plugboard.machine.definition;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.plugboard.api.device.ConfigException;

/**
 * A {@code -serial tcp:HOST:PORT,server[,nowait]} value, checked: QEMU's syntax ({@code server},
 * {@code server=on}, {@code nowait}, {@code wait=off}, {@code nodelay}), the server side only, on
 * a loopback address.
 *
 * @param waitForClient QEMU's {@code wait} (its default for a server): the machine waits for the
 *                      first client before it starts
 */
public record SerialSocketSpec(String spec, InetAddress address, int port, boolean waitForClient) {
    public static final String PREFIX = "tcp:";

    public static SerialSocketSpec parse(String spec) throws ConfigException {
        String what = "-serial " + spec;
        String body = spec.substring(PREFIX.length());
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
        } catch (UnknownHostException e) {
            throw new ConfigException(what + ": unknown host '" + host + "'");
        }
        if (!bindTo.isLoopbackAddress())
            throw new ConfigException(what + ": the serial socket listens on loopback only (127.0.0.1 or localhost), not " + host);
        return new SerialSocketSpec(spec, bindTo, port, waitForClient);
    }

    private static boolean onOff(String what, String key, String v) throws ConfigException {
        if (v.equals("on") || v.equals("true") || v.equals("yes")) return true;
        if (v.equals("off") || v.equals("false") || v.equals("no")) return false;
        throw new ConfigException(what + ": " + key + "=" + v + " is not on or off");
    }
}
