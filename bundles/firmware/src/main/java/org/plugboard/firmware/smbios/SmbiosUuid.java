package org.plugboard.firmware.smbios;

/**
 * A system UUID in the SMBIOS wire format (since 2.6): the first three fields little-endian,
 * the rest in the order written, as QEMU encodes it for current machine types.
 */
final class SmbiosUuid {
    private SmbiosUuid() {
    }

    /** The 16 bytes for {@code text} ({@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}). */
    static byte[] parse(String text) {
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"))
            throw new IllegalArgumentException("-smbios type=1: uuid '" + text + "' is not xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        String hex = text.replace("-", "");
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        reverse(b, 0, 4);
        reverse(b, 4, 2);
        reverse(b, 6, 2);
        return b;
    }

    private static void reverse(byte[] b, int from, int length) {
        for (int i = 0; i < length / 2; i++) {
            byte t = b[from + i];
            b[from + i] = b[from + length - 1 - i];
            b[from + length - 1 - i] = t;
        }
    }
}
