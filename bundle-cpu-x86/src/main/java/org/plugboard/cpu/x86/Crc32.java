package org.plugboard.cpu.x86;

/** CRC32 (SSE4.2): CRC-32C, the Castagnoli polynomial 0x1EDC6F41 in its reflected form, without inversion. */
final class Crc32 {
    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) c = (c >>> 1) ^ (0x82f63b78 & -(c & 1));
            TABLE[n] = c;
        }
    }

    private Crc32() {
    }

    /** The CRC after {@code size} bytes of {@code data}, low byte first. */
    static int update(int crc, long data, int size) {
        for (int k = 0; k < size; k++) crc = (crc >>> 8) ^ TABLE[(crc ^ (int) (data >>> (8 * k))) & 0xff];
        return crc;
    }
}
