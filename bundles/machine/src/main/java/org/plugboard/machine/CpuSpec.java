package org.plugboard.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code -cpu} string split the way the CPU SPI takes it: the model with its feature switches
 * ({@code +feat}, {@code -feat}, {@code feat=on|off}) for {@code CpuHost.model()}, and every other
 * {@code key=value} part as an engine option ({@code unknown-msr=ignore}, {@code compile-threshold=0}).
 */
record CpuSpec(String model, Map<String, String> options) {
    static CpuSpec parse(String spec) {
        List<String> modelParts = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String value = eq > 0 ? part.substring(eq + 1) : "";
            if (eq > 0 && !value.equals("on") && !value.equals("off")) options.put(part.substring(0, eq), value);
            else modelParts.add(part);
        }
        return new CpuSpec(String.join(",", modelParts), Collections.unmodifiableMap(options));
    }
}
