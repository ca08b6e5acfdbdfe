package org.plugboard.applesmc;

import static org.plugboard.applesmc.SmcCodes.ATTR_READ;
import static org.plugboard.applesmc.SmcCodes.ATTR_WRITE;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The key table of the emulated SMC: what Mac OS X reads at boot ({@code REV }, {@code OSK0},
 * {@code OSK1}, {@code NATJ}, {@code MSSP}, {@code MSSD}) plus a small, plausible set of fan and
 * temperature keys so that Linux's applesmc driver initialises (it needs {@code FNum} and counts
 * the {@code sp78} keys between "T" and "U"). Values are big-endian, as the SMC stores them.
 */
final class DefaultKeys {
    private static final int R = ATTR_READ;
    private static final int W = ATTR_WRITE;
    private static final int RW = ATTR_READ | ATTR_WRITE;

    private DefaultKeys() {
    }

    static List<SmcKey> with(Osk osk) {
        return List.of(
                // firmware revision 1.13f0 build 3, the value QEMU's model has shipped since 2007
                new SmcKey("REV ", "{rev", R, bytes(0x01, 0x13, 0x0f, 0x00, 0x00, 0x03)),
                new SmcKey("OSK0", "ch8*", R, osk.half(0)),
                new SmcKey("OSK1", "ch8*", R, osk.half(1)),
                new SmcKey("NATJ", "ui8 ", RW, bytes(0)),
                new SmcKey("MSSP", "si8 ", RW, bytes(0)),
                // last shutdown cause: 3, the value QEMU intends (its C string makes it 0 by accident)
                new SmcKey("MSSD", "si8 ", RW, bytes(3)),
                new SmcKey("MSLD", "ui8 ", R, bytes(0)),
                new SmcKey("ACEN", "flag", R, bytes(1)),
                new SmcKey("FNum", "ui8 ", R, bytes(1)),
                new SmcKey("FS! ", "ui16", RW, bytes(0, 0)),
                new SmcKey("F0ID", "{fds", R, fanDescription("Main")),
                new SmcKey("F0Ac", "fpe2", R, fpe2(1200)),
                new SmcKey("F0Mn", "fpe2", RW, fpe2(1000)),
                new SmcKey("F0Mx", "fpe2", R, fpe2(6000)),
                new SmcKey("F0Tg", "fpe2", RW, fpe2(1200)),
                // keyboard backlight: write-only on real Macs, so reads get "not readable"
                new SmcKey("LKSB", "{lkb", W, bytes(0, 0)),
                new SmcKey("TA0P", "sp78", R, sp78(28.25)),
                new SmcKey("TC0P", "sp78", R, sp78(45.0)),
                new SmcKey("TG0P", "sp78", R, sp78(50.5)),
                new SmcKey("TM0P", "sp78", R, sp78(40.0)),
                // lower-case letters sort after upper-case ones: the table is in byte order
                new SmcKey("Th0H", "sp78", R, sp78(47.75)));
    }

    /** Signed fixed point, 7 integer bits and 8 fraction bits: degrees Celsius. */
    static byte[] sp78(double celsius) {
        int v = (int) Math.round(celsius * 256);
        return bytes(v >> 8, v);
    }

    /** Unsigned fixed point, 14 integer bits and 2 fraction bits: fan speeds in rpm. */
    static byte[] fpe2(int rpm) {
        int v = rpm << 2;
        return bytes(v >> 8, v);
    }

    /** A {fds fan description: type, zone, location, reserved, then a 12-character name. */
    private static byte[] fanDescription(String name) {
        byte[] b = new byte[16];
        byte[] n = String.format("%-12s", name).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, b, 4, 12);
        return b;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
