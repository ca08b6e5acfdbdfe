package org.plugboard.pc.reset;

import java.util.ArrayDeque;
import org.plugboard.api.device.DeviceState;

/**
 * The keyboard's side of the PS/2 link: it answers the commands a BIOS or driver sends while
 * probing and configuring it (reset with its self-test result, identify, LEDs, scan-code set,
 * typematic rate, enable/disable). The host has no key input path yet, so it never sends make
 * or break codes.
 */
final class Ps2Keyboard {
    static final int ACK = 0xfa, SELF_TEST_PASSED = 0xaa, ECHO = 0xee, RESEND = 0xfe;
    private static final int SET_LEDS = 0xed, SCAN_CODE_SET = 0xf0, TYPEMATIC = 0xf3;
    private static final int DEFAULT_TYPEMATIC = 0x2b;

    private final ArrayDeque<Integer> toController = new ArrayDeque<>();
    private int awaitingArgument = -1;
    private boolean scanning;
    private int scanCodeSet;
    private int leds;
    private int typematic;
    private int lastSent;

    void reset() {
        toController.clear();
        awaitingArgument = -1;
        defaults();
        scanning = true;
        leds = 0;
        lastSent = 0;
    }

    private void defaults() {
        scanCodeSet = 2;
        typematic = DEFAULT_TYPEMATIC;
    }

    boolean hasOutput() {
        return !toController.isEmpty();
    }

    int take() {
        return toController.poll();
    }

    /** A byte from the controller; {@code translated} is whether the controller converts to set 1. */
    void write(int b, boolean translated) {
        if (awaitingArgument >= 0) {
            argument(awaitingArgument, b, translated);
            return;
        }
        switch (b) {
            case 0xff:
                reset();
                send(ACK);
                send(SELF_TEST_PASSED);
                break;
            case 0xfe:
                send(lastSent);
                break;
            case 0xf2: // identify: an MF2 keyboard; behind translation its second ID byte is translated too
                send(ACK);
                send(0xab);
                send(translated ? 0x41 : 0x83);
                break;
            case 0xf4:
                scanning = true;
                send(ACK);
                break;
            case 0xf5:
                defaults();
                scanning = false;
                send(ACK);
                break;
            case 0xf6:
                defaults();
                send(ACK);
                break;
            case ECHO:
                send(ECHO);
                break;
            case SET_LEDS:
            case SCAN_CODE_SET:
            case TYPEMATIC:
                awaitingArgument = b;
                send(ACK);
                break;
            case 0xf7: case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd:
                send(ACK); // scan-code set 3 key attributes: accepted, nothing to change without keys
                break;
            default:
                send(RESEND);
                break;
        }
    }

    private void argument(int command, int b, boolean translated) {
        awaitingArgument = -1;
        switch (command) {
            case SET_LEDS:
                leds = b & 7;
                send(ACK);
                break;
            case TYPEMATIC:
                typematic = b & 0x7f;
                send(ACK);
                break;
            default: // SCAN_CODE_SET: 0 asks for the current one, 1..3 select
                if (b == 0) {
                    send(ACK);
                    send(translated ? new int[] {0, 0x43, 0x41, 0x3f}[scanCodeSet] : scanCodeSet);
                } else if (b <= 3) {
                    scanCodeSet = b;
                    send(ACK);
                } else {
                    send(RESEND);
                }
                break;
        }
    }

    private void send(int b) {
        lastSent = b;
        toController.add(b);
    }

    String describe() {
        return String.format("keyboard %s, set %d, LEDs %d", scanning ? "scanning" : "disabled", scanCodeSet, leds);
    }

    void save(DeviceState s, String p) {
        byte[] queue = new byte[toController.size()];
        int i = 0;
        for (int b : toController) queue[i++] = (byte) b;
        s.putBytes(p + "queue", queue).putInt(p + "awaitingArgument", awaitingArgument)
                .putBoolean(p + "scanning", scanning).putInt(p + "scanCodeSet", scanCodeSet).putInt(p + "leds", leds)
                .putInt(p + "typematic", typematic).putInt(p + "lastSent", lastSent);
    }

    void restore(DeviceState s, String p) {
        toController.clear();
        for (byte b : s.getBytes(p + "queue")) toController.add(b & 0xff);
        awaitingArgument = s.getInt(p + "awaitingArgument");
        scanning = s.getBoolean(p + "scanning");
        scanCodeSet = s.getInt(p + "scanCodeSet");
        if (scanCodeSet < 1 || scanCodeSet > 3) throw new IllegalArgumentException("keyboard state: scan-code set " + scanCodeSet);
        leds = s.getInt(p + "leds") & 7;
        typematic = s.getInt(p + "typematic") & 0x7f;
        lastSent = s.getInt(p + "lastSent") & 0xff;
    }
}
