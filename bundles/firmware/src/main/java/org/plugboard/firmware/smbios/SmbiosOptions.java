package org.plugboard.firmware.smbios;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's {@code -smbios type=N,field=value,...} options, as QEMU accepts them: each option
 * names a type and sets some of its fields. Naming type 0 or 2 also asks for that structure
 * (both are left out otherwise). Commas inside a value are written doubled ({@code ,,}), as in
 * QEMU option syntax.
 */
public final class SmbiosOptions {
    private static final Map<Integer, Set<String>> FIELDS = Map.of(
            0, Set.of("vendor", "version", "date", "release", "uefi"),
            1, Set.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family"),
            2, Set.of("manufacturer", "product", "version", "serial", "asset", "location"),
            3, Set.of("manufacturer", "version", "serial", "asset", "sku"),
            4, Set.of("sock_pfx", "manufacturer", "version", "serial", "asset", "part", "max-speed", "current-speed"),
            17, Set.of("loc_pfx", "bank", "manufacturer", "serial", "asset", "part", "speed"));

    private final Map<Integer, Map<String, String>> values = new HashMap<>();

    /** Parses each option string; throws {@link IllegalArgumentException} naming the bad part. */
    public static SmbiosOptions parse(List<String> options) {
        SmbiosOptions o = new SmbiosOptions();
        for (String option : options) o.add(option);
        return o;
    }

    public static SmbiosOptions none() {
        return new SmbiosOptions();
    }

    private void add(String option) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : splitOption(option)) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("-smbios '" + option + "': '" + part + "' is not field=value");
            if (kv.put(part.substring(0, eq), part.substring(eq + 1)) != null)
                throw new IllegalArgumentException("-smbios '" + option + "': " + part.substring(0, eq) + " given twice");
        }
        String typeText = kv.remove("type");
        if (typeText == null) throw new IllegalArgumentException("-smbios '" + option + "': type=N is required");
        int type;
        try {
            type = Integer.parseInt(typeText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-smbios '" + option + "': type '" + typeText + "' is not a number");
        }
        Set<String> known = FIELDS.get(type);
        if (known == null) throw new IllegalArgumentException("-smbios: don't know how to build fields for SMBIOS type " + type
                + " (known: " + FIELDS.keySet().stream().sorted().toList() + ")");
        for (String field : kv.keySet()) {
            if (!known.contains(field))
                throw new IllegalArgumentException("-smbios type=" + type + ": unknown field '" + field + "' (known: "
                        + known.stream().sorted().toList() + ")");
        }
        if (kv.containsKey("uuid")) SmbiosUuid.parse(kv.get("uuid"));
        values.computeIfAbsent(type, t -> new LinkedHashMap<>()).putAll(kv);
    }

    /** Whether an option named {@code type}. */
    public boolean requested(int type) {
        return values.containsKey(type);
    }

    /** The user's value of a field, or {@code dflt}. */
    public String get(int type, String field, String dflt) {
        return values.getOrDefault(type, Map.of()).getOrDefault(field, dflt);
    }

    /** A numeric field (decimal), or {@code dflt}. */
    public int number(int type, String field, int dflt) {
        String v = get(type, field, null);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-smbios type=" + type + ": " + field + "='" + v + "' is not a number");
        }
    }

    private static List<String> splitOption(String option) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < option.length(); i++) {
            char c = option.charAt(i);
            if (c == ',' && i + 1 < option.length() && option.charAt(i + 1) == ',') {
                cur.append(',');
                i++;
            } else if (c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) parts.add(cur.toString());
        return parts;
    }
}
