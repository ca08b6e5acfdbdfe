package org.plugboard.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.plugboard.api.device.ConfigException;

/** The serial socket's option syntax and its one-client-at-a-time service, on a real loopback socket. */
class TcpSerialServerTest {
    private static void refused(String spec, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> TcpSerialServer.bind(spec).close());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        refused("tcp:127.0.0.1:4555", "only the server side exists here (add ',server')");
        refused("tcp:192.0.2.1:4555,server", "listens on loopback only");
        refused("tcp:127.0.0.1:http,server", "'http' is not a port number");
        refused("tcp:127.0.0.1:70000,server", "port 70000 is not 0..65535");
        refused("tcp:4555,server", "expected tcp:HOST:PORT");
        refused("tcp:127.0.0.1:4555,server,telnet", "unknown option 'telnet'");
        refused("tcp:127.0.0.1:4555,server,wait=maybe", "wait=maybe is not on or off");
    }

    @Test
    void aClientGetsTheGuestsBytesAndItsOwnReachTheBackend() throws Exception {
        try (TcpSerialServer server = TcpSerialServer.bind("tcp:localhost:0,server=on,wait=off")) {
            BufferedCharBackend backend = new BufferedCharBackend("serial0", server);
            StringBuilder received = new StringBuilder();
            backend.setReceiver(b -> {
                synchronized (received) { received.append((char) b); }
                return true;
            });
            server.write('x');                       // nobody connected yet: dropped
            server.serve(backend);
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("typed".getBytes());
                long end = System.currentTimeMillis() + 10_000;
                while (received.length() < 5 && System.currentTimeMillis() < end) Thread.sleep(10);
                synchronized (received) { assertEquals("typed", received.toString()); }
                backend.write('o');
                backend.write('k');
                InputStream in = s.getInputStream();
                assertEquals('o', in.read());
                assertEquals('k', in.read());
            }
        }
    }
}
