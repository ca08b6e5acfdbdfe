package org.plugboard.machine.definition;

import java.util.LinkedHashMap;
import java.util.Map;
import org.plugboard.api.device.ConfigException;

/** QEMU's option-value syntax: {@code first,key=value,key=value} with {@code ,,} as an escaped comma. */
public final class OptionSyntax {
    private OptionSyntax() {
    }

    /** Splits at unescaped commas. */
    static java.util.List<String> split(String s) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',') {
                if (i + 1 < s.length() && s.charAt(i + 1) == ',') { cur.append(','); i++; continue; }
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    /**
     * Parses {@code value} as key=value pairs; a first part without '=' is stored under
     * {@code implicitKey} (e.g. the device type, the machine type).
     */
    public static Map<String, String> parse(String option, String value, String implicitKey) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.List<String> parts = split(value);
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (i == 0 && implicitKey != null) { out.put(implicitKey, p); continue; }
                if (p.isEmpty()) continue;
                throw new ConfigException("-" + option + " " + value + ": '" + p + "' is not key=value");
            }
            String k = p.substring(0, eq);
            if (k.isEmpty()) throw new ConfigException("-" + option + " " + value + ": empty property name");
            if (out.put(k, p.substring(eq + 1)) != null)
                throw new ConfigException("-" + option + " " + value + ": property '" + k + "' given twice");
        }
        return out;
    }

    /** Formats back into the same syntax, escaping commas. */
    public static String format(String first, Map<String, String> props) {
        StringBuilder b = new StringBuilder();
        if (first != null) b.append(first.replace(",", ",,"));
        props.forEach((k, v) -> {
            if (b.length() > 0) b.append(',');
            b.append(k).append('=').append(v.replace(",", ",,"));
        });
        return b.toString();
    }
}
