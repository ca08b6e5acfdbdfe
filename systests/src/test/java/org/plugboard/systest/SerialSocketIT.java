package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * COM1 on a TCP socket on loopback ({@code -serial tcp:127.0.0.1:PORT,server}), on Plugboard and,
 * with the same option, on QEMU: a client reads the echo guest's prompt, types a line longer than
 * the UART's 16-byte FIFO at once, and reads it echoed and reported back.
 */
class SerialSocketIT {
    private static final String ECHO = "guests/echo/echo.elf", DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=4";
    private static final String LINE = "typed over tcp, longer than a sixteen-byte fifo";

    @ParameterizedTest
    @ValueSource(strings = {"plugboard", "qemu"})
    void aClientReadsTheGuestAndTypesIntoIt(String machine) throws Exception {
        // server: the machine waits for the client before the guest runs, so nothing is lost
        Run run = start(machine, "server");
        try (Socket s = connect(run)) {
            InputStream in = s.getInputStream();
            String prompt = readUntil(in, "echo: type a line\r\n", run);
            assertEquals("echo: type a line\r\n", prompt);
            s.getOutputStream().write((LINE + "\r").getBytes(StandardCharsets.US_ASCII));
            assertEquals(LINE + "\r\necho: got '" + LINE + "'\r\n", readUntil(in, "'\r\n", run));
        }
        assertEquals(1, run.exit(), "isa-debug-exit: (0 << 1) | 1\n" + run.log());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plugboard", "qemu"})
    void withNowaitTheGuestRunsWithoutAClientAndTakesOneLater(String machine) throws Exception {
        Run run = start(machine, "server,nowait");
        try (Socket s = connect(run)) {
            // the prompt went nowhere if the guest printed it before we connected
            s.getOutputStream().write((LINE + "\r").getBytes(StandardCharsets.US_ASCII));
            String text = readUntil(s.getInputStream(), "'\r\n", run);
            assertTrue(text.endsWith(LINE + "\r\necho: got '" + LINE + "'\r\n"), text);
        }
        assertEquals(1, run.exit(), run.log());
    }

    /** A running machine, its port and where its log goes. */
    private record Run(Process process, int port, Path logFile) {
        int exit() throws InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the machine did not exit in 120 s:\n" + log());
            }
            return process.exitValue();
        }

        String log() {
            try {
                return Files.readString(logFile, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    private static Run start(String machine, String flags) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String serial = "tcp:127.0.0.1:" + port + "," + flags;
        List<String> cmd = new ArrayList<>();
        if (machine.equals("plugboard")) {
            cmd.addAll(Guest.javaLauncher("-batch", "-serial", serial, "-kernel", ECHO, "-device", DEBUG_EXIT));
        } else {
            Path qemu = Path.of("/usr/bin/qemu-system-x86_64");
            assertTrue(Files.isExecutable(qemu), qemu + " is missing: install Debian's qemu-system-x86 (.ci/run does)");
            cmd.addAll(List.of(qemu.toString(), "-accel", "tcg", "-display", "none", "-nodefaults", "-no-reboot",
                    "-serial", serial, "-kernel", ECHO, "-device", DEBUG_EXIT));
        }
        Path log = Files.createTempFile("serial-socket", ".log");
        log.toFile().deleteOnExit();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        return new Run(p, port, log);
    }

    /** Connects once the machine listens (the launcher needs a few seconds to get there). */
    private static Socket connect(Run run) throws Exception {
        long end = System.currentTimeMillis() + 120_000;
        while (true) {
            try {
                Socket s = new Socket("127.0.0.1", run.port());
                s.setSoTimeout(120_000);
                return s;
            } catch (IOException e) {
                if (!run.process().isAlive()) throw new AssertionError("the machine ended before listening:\n" + run.log());
                if (System.currentTimeMillis() > end) throw new AssertionError("nobody listened on " + run.port() + ":\n" + run.log());
                Thread.sleep(100);
            }
        }
    }

    private static String readUntil(InputStream in, String end, Run run) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) throw new AssertionError("the connection closed after '" + text + "'\n" + run.log());
            text.append((char) b);
        }
        return text.toString();
    }
}
