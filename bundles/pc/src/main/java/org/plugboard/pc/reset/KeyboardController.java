package org.plugboard.pc.reset;

import java.util.ArrayDeque;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * The 8042 keyboard controller as far as firmware and OS probing need it: status and command
 * byte, self-tests, the output port (reset line and A20 gate; a reset pulse restarts the
 * machine), writing the output buffers, the keyboard behind it ({@link Ps2Keyboard}), and IRQ 1
 * / IRQ 12 asserted while the output buffer holds keyboard / auxiliary data. No mouse is
 * connected: a byte sent to the auxiliary device is answered with a resend (0xfe).
 */
final class KeyboardController implements Device {
    static final String TYPE = "i8042";
    private static final int STATE_VERSION = 1;

    // status register
    private static final int ST_OUTPUT_FULL = 0x01, ST_SYSTEM = 0x04, ST_COMMAND = 0x08, ST_NOT_INHIBITED = 0x10,
            ST_AUX_DATA = 0x20;
    // command byte
    private static final int CB_KBD_INT = 0x01, CB_AUX_INT = 0x02, CB_SYSTEM = 0x04, CB_KBD_DISABLED = 0x10,
            CB_AUX_DISABLED = 0x20, CB_TRANSLATE = 0x40;
    // output port
    private static final int OP_RESET_INACTIVE = 0x01, OP_A20 = 0x02, OP_KBD_FULL = 0x10, OP_AUX_FULL = 0x20;
    /** Power-on output port: reset inactive, A20 on (as QEMU starts), keyboard clock and data high. */
    private static final int OP_POWER_ON = 0xcf;
    /** Input port: keyboard not inhibited by the key lock. */
    private static final int INPUT_PORT = 0x80;

    private final int dataPort;
    private final int commandPort;
    private final int kbdIrq;
    private final int auxIrq;
    private final Ps2Keyboard keyboard = new Ps2Keyboard();
    /** Controller results waiting for the output buffer; each entry is the byte, plus 0x100 if it is aux data. */
    private final ArrayDeque<Integer> replies = new ArrayDeque<>();
    private final byte[] ram = new byte[32]; // internal RAM; byte 0 is the command byte

    private DeviceContext ctx;
    private IrqLine kbdLine;
    private IrqLine auxLine;
    private int outputPort;
    private int outputBuffer;
    private boolean outputFull;
    private boolean outputAux;
    private int pendingCommand; // the controller command whose data byte the next 0x60 write is, or 0
    private boolean lastWriteCommand;
    private boolean systemFlag;

    KeyboardController(int dataPort, int commandPort, int kbdIrq, int auxIrq) {
        this.dataPort = dataPort;
        this.commandPort = commandPort;
        this.kbdIrq = kbdIrq;
        this.auxIrq = auxIrq;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        kbdLine = ctx.isaIrq(kbdIrq);
        auxLine = ctx.isaIrq(auxIrq);
        ctx.io().map(Region.of("kbc-data", ctx.id(), 1, 1, 1, new DataPort()), dataPort);
        ctx.io().map(Region.of("kbc-command", ctx.id(), 1, 1, 1, new CommandPort()), commandPort);
    }

    @Override
    public void reset() {
        keyboard.reset();
        replies.clear();
        java.util.Arrays.fill(ram, (byte) 0);
        ram[0] = CB_KBD_INT | CB_AUX_INT;
        outputPort = OP_POWER_ON;
        outputBuffer = 0;
        outputFull = false;
        outputAux = false;
        pendingCommand = 0;
        lastWriteCommand = true;
        systemFlag = false;
        refillOutput();
    }

    private int commandByte() {
        return ram[0] & 0xff;
    }

    boolean a20() {
        return (outputPort & OP_A20) != 0;
    }

    // --- ports ---

    private final class DataPort implements RegionOps {
        @Override
        public long read(long offset, int size) {
            int v = outputBuffer;
            outputFull = false;
            updateIrqs(); // the read drops the line, so a byte that moves in next is a fresh edge
            refillOutput();
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            lastWriteCommand = false;
            writeData((int) value & 0xff);
            refillOutput();
        }
    }

    private final class CommandPort implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return (outputFull ? ST_OUTPUT_FULL : 0) | (outputFull && outputAux ? ST_AUX_DATA : 0)
                    | (systemFlag ? ST_SYSTEM : 0) | (lastWriteCommand ? ST_COMMAND : 0) | ST_NOT_INHIBITED;
        }

        @Override
        public void write(long offset, int size, long value) {
            lastWriteCommand = true;
            command((int) value & 0xff);
            refillOutput();
        }
    }

    private void command(int c) {
        pendingCommand = 0;
        if (c >= 0x20 && c <= 0x3f) { reply(ram[c & 0x1f] & 0xff); return; }
        if (c >= 0x60 && c <= 0x7f) { pendingCommand = c; return; }
        if (c >= 0xf0) { // pulse output port lines low for 6 us: bit 0 is the CPU reset
            if ((c & 1) == 0) ctx.machine().requestReset();
            return;
        }
        switch (c) {
            case 0xa7: ram[0] |= CB_AUX_DISABLED; break;
            case 0xa8: ram[0] &= ~CB_AUX_DISABLED; break;
            case 0xa9: reply(0x00); break;                    // aux interface test: no fault
            case 0xaa: systemFlag = true; reply(0x55); break; // controller self-test passed
            case 0xab: reply(0x00); break;                    // keyboard interface test: no fault
            case 0xad: ram[0] |= CB_KBD_DISABLED; break;
            case 0xae: ram[0] &= ~CB_KBD_DISABLED; break;
            case 0xc0: reply(INPUT_PORT); break;
            case 0xd0: reply(outputPortValue()); break;
            case 0xd1: case 0xd2: case 0xd3: case 0xd4: pendingCommand = c; break;
            case 0xdd: outputPort &= ~OP_A20; break;
            case 0xdf: outputPort |= OP_A20; break;
            case 0xe0: reply(0x00); break;                    // test inputs: clock and data low
            default: break;                                   // undefined commands are ignored
        }
    }

    private void writeData(int v) {
        int c = pendingCommand;
        pendingCommand = 0;
        if (c >= 0x60 && c <= 0x7f) {
            ram[c & 0x1f] = (byte) v;
            if (c == 0x60) systemFlag = (v & CB_SYSTEM) != 0;
            return;
        }
        switch (c) {
            case 0xd1: writeOutputPort(v); break;
            case 0xd2: replies.add(v); break;          // as if the keyboard had sent it
            case 0xd3: replies.add(v | 0x100); break;  // as if the mouse had sent it
            case 0xd4: replies.add(Ps2Keyboard.RESEND | 0x100); break; // no auxiliary device to take it
            default:
                ram[0] &= ~CB_KBD_DISABLED; // sending to the keyboard re-enables its interface
                keyboard.write(v, (commandByte() & CB_TRANSLATE) != 0);
                break;
        }
    }

    private void writeOutputPort(int v) {
        outputPort = v;
        if ((v & OP_RESET_INACTIVE) == 0) ctx.machine().requestReset();
    }

    private int outputPortValue() {
        return (outputPort & ~(OP_KBD_FULL | OP_AUX_FULL)) | (outputFull && !outputAux ? OP_KBD_FULL : 0)
                | (outputFull && outputAux ? OP_AUX_FULL : 0);
    }

    private void reply(int b) {
        replies.add(b);
    }

    /** Moves the next byte into an empty output buffer: controller replies first, then the keyboard's. */
    private void refillOutput() {
        if (!outputFull) {
            if (!replies.isEmpty()) {
                int e = replies.poll();
                fillOutput(e & 0xff, e >= 0x100);
            } else if ((commandByte() & CB_KBD_DISABLED) == 0 && keyboard.hasOutput()) {
                fillOutput(keyboard.take(), false);
            }
        }
        updateIrqs();
    }

    private void updateIrqs() {
        int cb = commandByte();
        kbdLine.set(outputFull && !outputAux && (cb & CB_KBD_INT) != 0);
        auxLine.set(outputFull && outputAux && (cb & CB_AUX_INT) != 0);
    }

    private void fillOutput(int b, boolean aux) {
        outputBuffer = b;
        outputFull = true;
        outputAux = aux;
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        long[] queued = replies.stream().mapToLong(Integer::longValue).toArray();
        DeviceState s = new DeviceState(TYPE, STATE_VERSION)
                .putBytes("ram", ram).putInt("outputPort", outputPort).putInt("outputBuffer", outputBuffer)
                .putBoolean("outputFull", outputFull).putBoolean("outputAux", outputAux)
                .putLongs("replies", queued).putInt("pendingCommand", pendingCommand)
                .putBoolean("lastWriteCommand", lastWriteCommand).putBoolean("systemFlag", systemFlag);
        keyboard.save(s, "keyboard.");
        return s;
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        byte[] savedRam = s.getBytes("ram");
        if (savedRam.length != ram.length) throw new IllegalArgumentException("i8042 state: RAM of " + savedRam.length + " bytes");
        System.arraycopy(savedRam, 0, ram, 0, ram.length);
        outputPort = s.getInt("outputPort") & 0xff;
        outputBuffer = s.getInt("outputBuffer") & 0xff;
        outputFull = s.getBoolean("outputFull");
        outputAux = s.getBoolean("outputAux");
        replies.clear();
        for (long e : s.getLongs("replies")) replies.add((int) e & 0x1ff);
        pendingCommand = s.getInt("pendingCommand") & 0xff;
        lastWriteCommand = s.getBoolean("lastWriteCommand");
        systemFlag = s.getBoolean("systemFlag");
        keyboard.restore(s, "keyboard.");
        refillOutput();
    }

    @Override
    public String describe() {
        return String.format("command byte %02x, output %s, A20 %s, %s", commandByte(),
                outputFull ? String.format("%02x%s", outputBuffer, outputAux ? " (aux)" : "") : "empty",
                a20() ? "enabled" : "disabled", keyboard.describe());
    }
}
