package org.plugboard.chipset.piix.testing;

import java.io.IOException;
import java.io.InputStream;

/**
 * The DSDT of QEMU 7.2's pc ({@code qemu-system-x86_64 -machine pc -nodefaults -global
 * apic.vapic=off -m 128}, one CPU, Debian 12's QEMU and SeaBIOS 1.16.2), read from guest RAM with
 * the monitor's {@code pmemsave} after SeaBIOS had placed the tables: what the chipset's DSDT
 * nodes are compared with.
 */
public final class QemuDsdt {
    private static final String RESOURCE = "qemu-7.2-pc-dsdt.aml";

    private QemuDsdt() {
    }

    public static byte[] bytes() throws IOException {
        try (InputStream in = QemuDsdt.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException(RESOURCE + " is missing from the test resources");
            return in.readAllBytes();
        }
    }

    /** Whether {@code aml} occurs, byte for byte, in QEMU's DSDT. */
    public static boolean contains(byte[] aml) throws IOException {
        byte[] hay = bytes();
        outer:
        for (int i = 0; i + aml.length <= hay.length; i++) {
            for (int j = 0; j < aml.length; j++) if (hay[i + j] != aml[j]) continue outer;
            return true;
        }
        return false;
    }
}
