package org.plugboard.api.device;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device instance's configuration: its id and string properties as the user wrote them
 * ({@code -device isa-serial,id=com1,iobase=0x3f8}). Typed getters parse numbers in C notation
 * (decimal, 0x hex, 0 octal is not used) and sizes with K/M/G suffixes, and fail with a
 * {@link ConfigException} that names the device and the property.
 */
public final class DeviceConfig {
    private final String type;
    private final String id;
    private final Map<String, String> properties;
    private final java.util.Set<String> secret;

    public DeviceConfig(String type, String id, Map<String, String> properties) {
        this(type, id, properties, java.util.Set.of());
    }

    /** A configuration whose {@code secret} properties are masked in {@link #toString()}. */
    public DeviceConfig(String type, String id, Map<String, String> properties, java.util.Set<String> secret) {
        this.type = type;
        this.id = id;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.secret = java.util.Set.copyOf(secret);
    }

    public String type() { return type; }

    public String id() { return id; }

    public Map<String, String> properties() { return properties; }

    public boolean has(String name) {
        return properties.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return properties.getOrDefault(name, defaultValue);
    }

    public String requireString(String name) throws ConfigException {
        String v = properties.get(name);
        if (v == null) throw new ConfigException(where(name) + " is required");
        return v;
    }

    public long number(String name, long defaultValue) throws ConfigException {
        String v = properties.get(name);
        if (v == null) return defaultValue;
        try {
            return parseNumber(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(where(name) + ": '" + shown(name, v) + "' is not a number");
        } catch (ArithmeticException e) {
            throw new ConfigException(where(name) + ": '" + shown(name, v) + "' does not fit in 64 bits");
        }
    }

    private String shown(String name, String value) {
        return secret.contains(name) ? "<secret>" : value;
    }

    public long number(String name, long defaultValue, long min, long max) throws ConfigException {
        long v = number(name, defaultValue);
        if (v < min || v > max)
            throw new ConfigException(where(name) + ": " + properties.get(name) + " is outside "
                    + "0x" + Long.toHexString(min) + "..0x" + Long.toHexString(max));
        return v;
    }

    public boolean bool(String name, boolean defaultValue) throws ConfigException {
        String v = properties.get(name);
        if (v == null) return defaultValue;
        switch (v.toLowerCase()) {
            case "on": case "true": case "yes": case "1": return true;
            case "off": case "false": case "no": case "0": return false;
            default: throw new ConfigException(where(name) + ": '" + v + "' is not on/off");
        }
    }

    private String where(String name) {
        return "device " + id + " (" + type + "): property '" + name + "'";
    }

    /** Parses 123, 0x7b, and sizes with K, M, G, T suffixes (binary). */
    public static long parseNumber(String s) {
        String t = s.trim();
        long mult = 1;
        if (!t.isEmpty() && !t.startsWith("0x") && !t.startsWith("0X")) {
            char last = Character.toUpperCase(t.charAt(t.length() - 1));
            int shift = "KMGT".indexOf(last);
            if (shift >= 0) {
                mult = 1L << (10 * (shift + 1));
                t = t.substring(0, t.length() - 1);
            }
        }
        long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        return Math.multiplyExact(v, mult);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type).append(",id=").append(id);
        properties.forEach((k, v) -> b.append(',').append(k).append('=').append(secret.contains(k) ? "<secret>" : v));
        return b.toString();
    }
}
