package org.plugboard.api.device;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A device's guest-visible state: a type, a version and named plain values (long, boolean,
 * String, byte[], long[]). Self-describing, so it can be shown in the shell, stored in a
 * snapshot, and read by another implementation of the same type. Values marked secret (keys a
 * user supplied) are masked in {@link #toString()} and the shell.
 */
public final class DeviceState {
    private final String type;
    private final int version;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final java.util.HashSet<String> secret = new java.util.HashSet<>();

    public DeviceState(String type, int version) {
        this.type = type;
        this.version = version;
    }

    public String type() { return type; }

    public int version() { return version; }

    public Set<String> names() { return Collections.unmodifiableSet(values.keySet()); }

    public boolean has(String name) { return values.containsKey(name); }

    public DeviceState putLong(String name, long v) { values.put(name, v); return this; }

    public DeviceState putInt(String name, int v) { return putLong(name, v); }

    public DeviceState putBoolean(String name, boolean v) { values.put(name, v); return this; }

    public DeviceState putString(String name, String v) { values.put(name, v); return this; }

    public DeviceState putBytes(String name, byte[] v) { values.put(name, v.clone()); return this; }

    public DeviceState putLongs(String name, long[] v) { values.put(name, v.clone()); return this; }

    /** Stores bytes that must never be shown (masked in every dump). */
    public DeviceState putSecretBytes(String name, byte[] v) {
        putBytes(name, v);
        secret.add(name);
        return this;
    }

    public long getLong(String name) { return (Long) require(name, Long.class); }

    public int getInt(String name) { return (int) getLong(name); }

    public boolean getBoolean(String name) { return (Boolean) require(name, Boolean.class); }

    public String getString(String name) { return (String) require(name, String.class); }

    public byte[] getBytes(String name) { return ((byte[]) require(name, byte[].class)).clone(); }

    public long[] getLongs(String name) { return ((long[]) require(name, long[].class)).clone(); }

    public long getLong(String name, long dflt) { return has(name) ? getLong(name) : dflt; }

    public boolean getBoolean(String name, boolean dflt) { return has(name) ? getBoolean(name) : dflt; }

    private Object require(String name, Class<?> kind) {
        Object v = values.get(name);
        if (v == null) throw new IllegalArgumentException(type + " state v" + version + " has no field '" + name + "'");
        if (!kind.isInstance(v))
            throw new IllegalArgumentException(type + " state field '" + name + "' is " + v.getClass().getSimpleName()
                    + ", not " + kind.getSimpleName());
        return v;
    }

    /** Throws unless this state is of {@code expectedType} and its version is in [min, max]. */
    public DeviceState expect(String expectedType, int minVersion, int maxVersion) {
        if (!type.equals(expectedType) || version < minVersion || version > maxVersion)
            throw new IllegalArgumentException("cannot restore " + type + " state v" + version + " into a " + expectedType
                    + " device that reads v" + minVersion + "..v" + maxVersion);
        return this;
    }

    // --- binary form: type, version, then (tag, name, value)* ---

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(type);
            out.writeInt(version);
            out.writeInt(values.size());
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object v = e.getValue();
                out.writeByte(secret.contains(e.getKey()) ? 'S' : ' ');
                out.writeUTF(e.getKey());
                if (v instanceof Long) { out.writeByte('J'); out.writeLong((Long) v); }
                else if (v instanceof Boolean) { out.writeByte('Z'); out.writeBoolean((Boolean) v); }
                else if (v instanceof String) { out.writeByte('T'); out.writeUTF((String) v); }
                else if (v instanceof byte[]) { byte[] b = (byte[]) v; out.writeByte('B'); out.writeInt(b.length); out.write(b); }
                else { long[] l = (long[]) v; out.writeByte('L'); out.writeInt(l.length); for (long x : l) out.writeLong(x); }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static DeviceState fromBytes(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            DeviceState s = new DeviceState(in.readUTF(), in.readInt());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                boolean isSecret = in.readByte() == 'S';
                String name = in.readUTF();
                int tag = in.readByte();
                switch (tag) {
                    case 'J': s.putLong(name, in.readLong()); break;
                    case 'Z': s.putBoolean(name, in.readBoolean()); break;
                    case 'T': s.putString(name, in.readUTF()); break;
                    case 'B': { byte[] b = new byte[length(in, 1, name)]; in.readFully(b); s.values.put(name, b); break; }
                    case 'L': { long[] l = new long[length(in, 8, name)]; for (int j = 0; j < l.length; j++) l[j] = in.readLong(); s.values.put(name, l); break; }
                    default: throw new IllegalArgumentException("corrupt device state: unknown tag " + tag + " for field " + name);
                }
                if (isSecret) s.secret.add(name);
            }
            if (in.available() != 0) throw new IllegalArgumentException("corrupt device state: " + in.available() + " bytes after the last field");
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt device state: " + e.getMessage(), e);
        }
    }

    /** An array length that the remaining input can actually hold (a corrupt one must not allocate gigabytes). */
    private static int length(DataInputStream in, int elementSize, String field) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * elementSize > in.available())
            throw new IllegalArgumentException("corrupt device state: field " + field + " claims " + n + " elements");
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeviceState)) return false;
        return Arrays.equals(toBytes(), ((DeviceState) o).toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    /** A readable dump, one field a line, secrets masked. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type).append(" state v").append(version).append('\n');
        for (Map.Entry<String, Object> e : values.entrySet()) {
            b.append("  ").append(e.getKey()).append(" = ");
            Object v = e.getValue();
            if (secret.contains(e.getKey())) b.append("<secret, ").append(((byte[]) v).length).append(" bytes>");
            else if (v instanceof Long) b.append("0x").append(Long.toHexString((Long) v));
            else if (v instanceof byte[]) b.append(hex((byte[]) v));
            else if (v instanceof long[]) b.append(Arrays.toString((long[]) v));
            else b.append(v);
            b.append('\n');
        }
        return b.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        int n = Math.min(b.length, 64);
        for (int i = 0; i < n; i++) s.append(String.format("%02x", b[i]));
        if (b.length > n) s.append("... (").append(b.length).append(" bytes)");
        return s.toString();
    }
}
