package org.plugboard.applesmc;

import static org.plugboard.applesmc.SmcCodes.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.plugboard.api.device.DeviceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMC's port interface: the state machine behind the command/status, data and result
 * ports. A command byte opens a transaction; the data port then takes a 4-byte argument (a key
 * name, or a big-endian index for GET_KEY_BY_INDEX) and a length byte, after which the SMC
 * either has output to read (READ, GET_KEY_BY_INDEX, GET_KEY_INFO) or takes that many bytes
 * (WRITE). The status port is derived from where the transaction is, so it cannot drift:
 * <ul>
 *   <li>{@code 0x04} busy while a transaction is open (every byte Linux sends waits for it);</li>
 *   <li>{@code 0x01} while output is waiting on the data port;</li>
 *   <li>{@code 0x08} when the last input was a command byte ({@code 0x0c} right after a command);</li>
 *   <li>{@code 0x02} (input closed) never: the emulated SMC takes each byte at once.</li>
 * </ul>
 * The result port holds the outcome of the last transaction: a taken command clears it, a
 * refusal sets it (QEMU clears it only when a key is found). READ-type commands ignore the
 * length byte, as 2012 and later SMCs do; WRITE checks it against the key's size (0x87).
 * Output and key values are never logged: OSK0 and OSK1 are secret.
 */
final class SmcPortProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(SmcPortProtocol.class);
    private static final byte[] NO_BYTES = new byte[0];

    private enum Phase {
        /** No transaction: data reads return the latched byte, data writes are spurious. */
        IDLE,
        /** Taking the 4-byte key name or index. */
        ARGUMENT,
        /** Taking the length byte; READ-type commands ignore it, as 2012 and later SMCs do. */
        LENGTH,
        /** Taking WRITE data. */
        DATA_IN,
        /** Output waiting on the data port. */
        DATA_OUT
    }

    private final KeyStore keys;
    private final String owner;

    private Phase phase = Phase.IDLE;
    private int command;
    private final byte[] argument = new byte[4];
    private int argumentCount;
    private byte[] output = NO_BYTES;
    private int outputCount;
    private byte[] input = NO_BYTES;
    private int inputCount;
    private int result = RESULT_SUCCESS;
    private boolean lastInputWasCommand;
    /*
     * Busy stays visible for one status poll after the byte that ends a transaction, as if the
     * SMC were still committing it. Linux up to 5.9 polls for busy after every byte it sends,
     * the last one of a WRITE included, and resends a byte that got no answer; Linux from 5.10
     * waits for busy to fall after the last byte. One poll of busy satisfies both.
     */
    private boolean settling;
    /** The data port's last output byte, returned again by reads with nothing pending. */
    private int dataLatch;

    SmcPortProtocol(KeyStore keys, String owner) {
        this.keys = keys;
        this.owner = owner;
    }

    int readStatus() {
        int status = lastInputWasCommand ? STATUS_GOT_COMMAND : 0;
        if (phase != Phase.IDLE || settling) status |= STATUS_BUSY;
        if (phase == Phase.DATA_OUT) status |= STATUS_DATA_READY;
        settling = false;
        return status;
    }

    void writeCommand(int value) {
        settling = false;
        lastInputWasCommand = true;
        if (phase != Phase.IDLE) {
            // a command in the middle of a transaction aborts it and is itself refused;
            // the client sends it again (Linux's smc_sane and send_command retry loops do)
            LOG.debug("{}: command 0x{} interrupted command 0x{} in phase {}", owner, hex(value), hex(command), phase);
            finish(RESULT_COMM_COLLISION);
            return;
        }
        switch (value) {
            case CMD_READ, CMD_WRITE, CMD_GET_KEY_BY_INDEX, CMD_GET_KEY_INFO -> {
                command = value;
                argumentCount = 0;
                result = RESULT_SUCCESS;
                phase = Phase.ARGUMENT;
            }
            default -> {
                LOG.debug("{}: unknown command 0x{}", owner, hex(value));
                finish(RESULT_BAD_COMMAND);
            }
        }
    }

    void writeData(int value) {
        settling = false;
        lastInputWasCommand = false;
        switch (phase) {
            case ARGUMENT -> {
                argument[argumentCount++] = (byte) value;
                if (argumentCount == argument.length) phase = Phase.LENGTH;
            }
            case LENGTH -> startTransfer(value);
            case DATA_IN -> {
                input[inputCount++] = (byte) value;
                if (inputCount == input.length) commitWrite();
            }
            case IDLE -> {
                LOG.debug("{}: spurious data byte with no command", owner);
                result = RESULT_SPURIOUS_DATA;
            }
            case DATA_OUT -> {
                LOG.debug("{}: spurious data byte while output was pending: command 0x{} ends", owner, hex(command));
                finish(RESULT_SPURIOUS_DATA);
            }
        }
    }

    int readData() {
        if (phase != Phase.DATA_OUT) return dataLatch;
        dataLatch = output[outputCount++] & 0xff;
        if (outputCount == output.length) finish(RESULT_SUCCESS);
        return dataLatch;
    }

    int readResult() {
        return result;
    }

    /** The result port ignores writes, as on the real part. */
    void writeResult(int value) {
        LOG.trace("{}: write 0x{} to the result port ignored", owner, hex(value));
    }

    /**
     * The host's reset line does not reach the SMC (it runs on standby power and is what resets
     * the host), so a reset only drops an open transaction; written key values stay.
     */
    void reset() {
        finish(RESULT_SUCCESS);
        lastInputWasCommand = false;
        settling = false;
        dataLatch = 0;
    }

    private void startTransfer(int length) {
        String key = new String(argument, StandardCharsets.ISO_8859_1);
        switch (command) {
            case CMD_READ -> {
                int index = keys.indexOf(key);
                if (index < 0) fail(RESULT_KEY_NOT_FOUND, printable(key));
                else if (!keys.key(index).readable()) fail(RESULT_KEY_NOT_READABLE, printable(key));
                else beginOutput(printable(key));
            }
            case CMD_GET_KEY_INFO -> {
                if (keys.indexOf(key) < 0) fail(RESULT_KEY_NOT_FOUND, printable(key));
                else beginOutput(printable(key));
            }
            case CMD_GET_KEY_BY_INDEX -> {
                long index = Integer.toUnsignedLong(ByteBuffer.wrap(argument).getInt());
                if (index >= keys.size()) fail(RESULT_KEY_INDEX_RANGE, "index " + index);
                else beginOutput("index " + index);
            }
            case CMD_WRITE -> {
                int index = keys.indexOf(key);
                if (index < 0) fail(RESULT_KEY_NOT_FOUND, printable(key));
                else if (!keys.key(index).writable()) fail(RESULT_KEY_NOT_WRITABLE, printable(key));
                else if (length != keys.key(index).size()) fail(RESULT_KEY_SIZE_MISMATCH, printable(key));
                else {
                    input = new byte[length];
                    inputCount = 0;
                    phase = Phase.DATA_IN;
                }
            }
            default -> throw new IllegalStateException("command 0x" + hex(command) + " was accepted but has no handler");
        }
    }

    /** @param what the argument in words for the log: a key name or an index, never data */
    private void beginOutput(String what) {
        output = outputOf(command, argument);
        outputCount = 0;
        phase = Phase.DATA_OUT;
        LOG.trace("{}: command 0x{} {} → {} bytes", owner, hex(command), what, output.length);
    }

    /** What a READ-type command answers; derived from the table so a restored state can recompute it. */
    private byte[] outputOf(int cmd, byte[] arg) {
        String key = new String(arg, StandardCharsets.ISO_8859_1);
        return switch (cmd) {
            case CMD_READ -> keys.value(keys.indexOf(key));
            case CMD_GET_KEY_INFO -> keys.key(keys.indexOf(key)).info();
            case CMD_GET_KEY_BY_INDEX ->
                    keys.key(ByteBuffer.wrap(arg).getInt()).name().getBytes(StandardCharsets.US_ASCII);
            default -> throw new IllegalStateException("command 0x" + hex(cmd) + " has no output");
        };
    }

    private void commitWrite() {
        String key = new String(argument, StandardCharsets.ISO_8859_1);
        keys.setValue(keys.indexOf(key), input);
        LOG.trace("{}: wrote key {}", owner, printable(key));
        finish(RESULT_SUCCESS);
        settling = true;
    }

    private void fail(int code, String what) {
        LOG.debug("{}: command 0x{} {}: result 0x{}", owner, hex(command), what, hex(code));
        finish(code);
        settling = true;
    }

    private void finish(int code) {
        result = code;
        phase = Phase.IDLE;
        output = NO_BYTES;
        outputCount = 0;
        input = NO_BYTES;
        inputCount = 0;
    }

    // --- state ---

    void save(DeviceState state) {
        state.putString("phase", phase.name());
        state.putInt("command", command);
        state.putBytes("argument", argument);
        state.putInt("argumentCount", argumentCount);
        state.putInt("outputCount", outputCount);
        state.putBytes("input", input);
        state.putInt("inputCount", inputCount);
        state.putInt("result", result);
        state.putBoolean("lastInputWasCommand", lastInputWasCommand);
        state.putBoolean("settling", settling);
        // the latch may hold the last byte of OSK1
        state.putSecretBytes("dataLatch", new byte[] {(byte) dataLatch});
    }

    /** Loads a saved transaction; the key table must be restored first (pending output is recomputed from it). */
    void restore(DeviceState state) {
        Phase p;
        try {
            p = Phase.valueOf(state.getString("phase"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("applesmc state: unknown phase '" + state.getString("phase") + "'", e);
        }
        byte[] arg = state.getBytes("argument");
        if (arg.length != argument.length) throw new IllegalArgumentException("applesmc state: argument must be 4 bytes");
        System.arraycopy(arg, 0, argument, 0, argument.length);
        command = state.getInt("command");
        argumentCount = state.getInt("argumentCount");
        input = state.getBytes("input");
        inputCount = state.getInt("inputCount");
        result = state.getInt("result");
        lastInputWasCommand = state.getBoolean("lastInputWasCommand");
        settling = state.getBoolean("settling");
        dataLatch = state.getBytes("dataLatch")[0] & 0xff;
        phase = p;
        try {
            output = p == Phase.DATA_OUT ? outputOf(command, argument) : NO_BYTES;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("applesmc state: pending output of command 0x" + hex(command)
                    + " cannot be recomputed from this key table", e);
        }
        outputCount = state.getInt("outputCount");
        if (outputCount > output.length || inputCount > input.length || argumentCount > argument.length)
            throw new IllegalArgumentException("applesmc state: transfer position out of range");
    }

    /** The transaction in words, without data. */
    String describe() {
        String where = switch (phase) {
            case IDLE -> "idle";
            case ARGUMENT -> "command 0x" + hex(command) + " taking argument byte " + argumentCount;
            case LENGTH -> "command 0x" + hex(command) + " taking length";
            case DATA_IN -> "command 0x" + hex(command) + " taking data " + inputCount + "/" + input.length;
            case DATA_OUT -> "command 0x" + hex(command) + " output " + outputCount + "/" + output.length;
        };
        return where + ", result 0x" + hex(result);
    }

    private static String hex(int v) {
        return String.format("%02x", v);
    }

    /** A guest-supplied key name made safe for a log line. */
    private static String printable(String key) {
        StringBuilder b = new StringBuilder("'");
        for (char c : key.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        return b.append('\'').toString();
    }
}
