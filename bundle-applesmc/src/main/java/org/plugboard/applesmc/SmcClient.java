package org.plugboard.applesmc;

import static org.plugboard.applesmc.SmcCodes.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads keys from an SMC over its ports the way Linux's applesmc driver (5.10 and later) does:
 * make sure no command is stuck, send the command, the key and the length, read each byte when
 * data is ready, drain what is left, and wait for busy to fall. Used to fetch the host's OSK for
 * {@code osk=host}.
 */
final class SmcClient {
    /** Status polls before giving up: 10 quick ones, then doubling waits (about a quarter of a second). */
    private static final int POLLS = 24;
    private static final long FIRST_WAIT_NANOS = 8_000;
    private static final int FLUSH_LIMIT = 16;

    private final PortIo io;
    private final int dataPort;
    private final int commandPort;
    private final boolean pauseBetweenPolls;

    /** @param pauseBetweenPolls false when the ports are emulated and answer at once */
    SmcClient(PortIo io, int ioBase, boolean pauseBetweenPolls) {
        this.io = io;
        this.dataPort = ioBase + DATA_PORT;
        this.commandPort = ioBase + COMMAND_PORT;
        this.pauseBetweenPolls = pauseBetweenPolls;
    }

    /** Reads {@code length} bytes of {@code key}; fails with the last status seen when the SMC does not answer. */
    byte[] readKey(String key, int length) throws IOException {
        clearStuckCommand();
        sendCommand(CMD_READ);
        for (byte b : key.getBytes(StandardCharsets.US_ASCII)) sendByte(b & 0xff, "key " + key);
        sendByte(length, "length of " + key);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            waitStatus(STATUS_DATA_READY | STATUS_BUSY, STATUS_DATA_READY | STATUS_BUSY, "byte " + i + " of " + key);
            data[i] = (byte) io.inb(dataPort);
        }
        for (int i = 0; i < FLUSH_LIMIT && (io.inb(commandPort) & STATUS_DATA_READY) != 0; i++) io.inb(dataPort);
        waitStatus(0, STATUS_BUSY, "end of reading " + key);
        return data;
    }

    /** A command left half done keeps busy up; a new command byte aborts it. */
    private void clearStuckCommand() throws IOException {
        if (pollFor(0, STATUS_BUSY)) return;
        sendCommand(CMD_READ);
        waitStatus(0, STATUS_BUSY, "reset of a stuck command");
    }

    private void sendCommand(int command) throws IOException {
        waitStatus(0, STATUS_INPUT_CLOSED, "command 0x" + Integer.toHexString(command));
        io.outb(commandPort, command);
    }

    private void sendByte(int value, String what) throws IOException {
        waitStatus(0, STATUS_INPUT_CLOSED, what);
        waitStatus(STATUS_BUSY, STATUS_BUSY, what);
        io.outb(dataPort, value);
    }

    private void waitStatus(int value, int mask, String what) throws IOException {
        if (!pollFor(value, mask))
            throw new IOException(String.format("SMC did not answer (%s): status 0x%02x, waited for 0x%02x under mask 0x%02x",
                    what, io.inb(commandPort), value, mask));
    }

    private boolean pollFor(int value, int mask) throws IOException {
        long wait = FIRST_WAIT_NANOS;
        for (int i = 0; i < POLLS; i++) {
            if ((io.inb(commandPort) & mask) == value) return true;
            if (pauseBetweenPolls) LockSupport.parkNanos(wait);
            if (i > 9) wait <<= 1;
        }
        return false;
    }
}
