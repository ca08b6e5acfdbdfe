package org.plugboard.applesmc;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One key of the SMC's table: its four-character name, its four-character SMC type
 * ({@code sp78}, {@code fpe2}, {@code ui8 }, ...), its attribute bits and its power-on value,
 * whose length is the key's data size.
 */
record SmcKey(String name, String type, int attributes, byte[] initialValue) {

    SmcKey {
        Objects.requireNonNull(initialValue, "initialValue");
        if (!isFourChars(name)) throw new IllegalArgumentException("SMC key name must be 4 ASCII characters: '" + name + "'");
        if (!isFourChars(type)) throw new IllegalArgumentException("SMC key type must be 4 ASCII characters: '" + type + "'");
        if (initialValue.length == 0 || initialValue.length > 32)
            throw new IllegalArgumentException("SMC key " + name + ": data size must be 1..32 bytes, was " + initialValue.length);
        initialValue = initialValue.clone();
    }

    private static boolean isFourChars(String s) {
        return s != null && s.length() == 4 && StandardCharsets.US_ASCII.newEncoder().canEncode(s);
    }

    int size() {
        return initialValue.length;
    }

    boolean readable() {
        return (attributes & SmcCodes.ATTR_READ) != 0;
    }

    boolean writable() {
        return (attributes & SmcCodes.ATTR_WRITE) != 0;
    }

    /** The six bytes GET_KEY_INFO returns: data size, type, attributes. */
    byte[] info() {
        byte[] info = new byte[6];
        info[0] = (byte) size();
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, info, 1, 4);
        info[5] = (byte) attributes;
        return info;
    }

    @Override
    public byte[] initialValue() {
        return initialValue.clone();
    }

    /** Names and types only: values may be secret (OSK0, OSK1). */
    @Override
    public String toString() {
        return "'" + name + "' " + type + " " + size() + " bytes attr 0x" + Integer.toHexString(attributes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmcKey k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
