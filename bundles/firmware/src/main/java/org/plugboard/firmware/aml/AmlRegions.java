package org.plugboard.firmware.aml;

import java.io.ByteArrayOutputStream;

/**
 * {@code OperationRegion} and {@code Field}: how AML reaches device registers (I/O ports,
 * memory, PCI configuration space) through named field units.
 */
public final class AmlRegions {
    /** Address spaces of an operation region. */
    public enum Space { SYSTEM_MEMORY, SYSTEM_IO, PCI_CONFIG, EMBEDDED_CONTROL, SMBUS, SYSTEM_CMOS, PCI_BAR_TARGET }

    /** The access width of a field. */
    public enum Access { ANY, BYTE, WORD, DWORD, QWORD, BUFFER }

    /** What a write does to the bits of the access unit outside the field unit. */
    public enum Update { PRESERVE, WRITE_AS_ONES, WRITE_AS_ZEROS }

    private static final int EXT = 0x5b, OP_REGION = 0x80, FIELD = 0x81;
    private static final int LOCK = 0x10;

    private AmlRegions() {
    }

    /** {@code OperationRegion (name, space, offset, length)}. */
    public static byte[] operationRegion(String name, Space space, long offset, long length) {
        return Aml.concat(new byte[] {EXT, (byte) OP_REGION}, Aml.namePath(name), new byte[] {(byte) space.ordinal()},
                Aml.integer(offset), Aml.integer(length));
    }

    /** {@code Field (region, access, Lock|NoLock, update) { units }}. */
    public static byte[] field(String region, Access access, boolean lock, Update update, Unit... units) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (Unit u : units) list.writeBytes(u.encode());
        byte flags = (byte) (access.ordinal() | (lock ? LOCK : 0) | update.ordinal() << 5);
        return Aml.withPkgLength(new byte[] {EXT, (byte) FIELD},
                Aml.concat(Aml.namePath(region), new byte[] {flags}, list.toByteArray()));
    }

    /** One entry of a field list: a named unit of some bits, or unnamed bits to skip. */
    public record Unit(String name, int bits) {
        public Unit {
            if (bits <= 0) throw new IllegalArgumentException("a field unit has at least one bit");
        }

        /** A named field unit {@code name, bits}. */
        public static Unit named(String name, int bits) {
            return new Unit(name, bits);
        }

        /** {@code Offset}-style padding: {@code bits} unnamed bits. */
        public static Unit skip(int bits) {
            return new Unit(null, bits);
        }

        byte[] encode() {
            byte[] head = name == null ? new byte[] {0x00} : Aml.nameSeg(name);
            return Aml.concat(head, PkgLength.encodeValue(bits));
        }
    }
}
