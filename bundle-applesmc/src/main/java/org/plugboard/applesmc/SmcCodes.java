package org.plugboard.applesmc;

/**
 * The numbers of the SMC's port interface: commands, status bits, result codes and key
 * attributes, as Linux's {@code drivers/hwmon/applesmc.c}, QEMU's {@code hw/misc/applesmc.c} and
 * Apple's public SMC result enumeration name them (see DEVICE-FACTS.md §A1).
 */
final class SmcCodes {
    private SmcCodes() {
    }

    // --- port offsets from iobase ---
    static final int DATA_PORT = 0x00;
    static final int COMMAND_PORT = 0x04;
    static final int RESULT_PORT = 0x1e;
    static final int WINDOW_SIZE = 0x20;

    // --- commands written to the command port ---
    static final int CMD_READ = 0x10;
    static final int CMD_WRITE = 0x11;
    static final int CMD_GET_KEY_BY_INDEX = 0x12;
    static final int CMD_GET_KEY_INFO = 0x13;

    // --- status bits read from the command port ---
    /** Output byte waiting on the data port (QEMU: DATA_READY; Linux: AWAITING_DATA). */
    static final int STATUS_DATA_READY = 0x01;
    /** Input buffer closed: the SMC is still taking the last byte (never set here: input is taken at once). */
    static final int STATUS_INPUT_CLOSED = 0x02;
    /** A command is in progress and takes the next byte (QEMU: ACK; Linux since 5.10: BUSY). */
    static final int STATUS_BUSY = 0x04;
    /** The last input was a command byte (QEMU: NEW_CMD). */
    static final int STATUS_GOT_COMMAND = 0x08;

    // --- result codes read from the result port ---
    static final int RESULT_SUCCESS = 0x00;
    static final int RESULT_COMM_COLLISION = 0x80;
    static final int RESULT_SPURIOUS_DATA = 0x81;
    static final int RESULT_BAD_COMMAND = 0x82;
    static final int RESULT_KEY_NOT_FOUND = 0x84;
    static final int RESULT_KEY_NOT_READABLE = 0x85;
    static final int RESULT_KEY_NOT_WRITABLE = 0x86;
    static final int RESULT_KEY_SIZE_MISMATCH = 0x87;
    static final int RESULT_KEY_INDEX_RANGE = 0xb8;

    // --- key attribute bits returned by GET_KEY_INFO ---
    static final int ATTR_FUNCTION = 0x10;
    static final int ATTR_WRITE = 0x40;
    static final int ATTR_READ = 0x80;
}
