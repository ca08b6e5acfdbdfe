package org.plugboard.firmware.direct;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.acpi.BiosLinker;

/**
 * Runs QEMU's {@code etc/table-loader} as SeaBIOS's romfile loader does: each ALLOCATE places a
 * fw_cfg file in the high zone or the F segment at its alignment, then the pointer and checksum
 * commands patch the placed copies ({@link BiosLinker#apply}).
 */
final class TableLoader {
    /** Where each allocated file went and its patched bytes. */
    record Placement(Map<String, Long> addresses, Map<String, byte[]> contents, Map<String, BiosLinker.Zone> zones) {
    }

    private TableLoader() {
    }

    /** {@code files} gives a fw_cfg file's bytes, or null when there is no such file. */
    static Placement run(byte[] loader, Function<String, byte[]> files, MemoryZone high, MemoryZone fseg) throws ConfigException {
        BiosLinker linker;
        try {
            linker = BiosLinker.parse(loader);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("etc/table-loader: " + e.getMessage());
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        Map<String, Long> addresses = new LinkedHashMap<>();
        Map<String, BiosLinker.Zone> zones = new LinkedHashMap<>();
        for (BiosLinker.Command c : linker.commands()) {
            if (!(c instanceof BiosLinker.Allocate a)) continue;
            byte[] f = files.apply(a.file());
            if (f == null) throw new ConfigException("etc/table-loader allocates " + a.file() + ", which fw_cfg does not have");
            MemoryZone zone = a.zone() == BiosLinker.Zone.FSEG ? fseg : high;
            data.put(a.file(), f);
            addresses.put(a.file(), zone.allocate(f.length, a.alignment()));
            zones.put(a.file(), a.zone());
        }
        try {
            return new Placement(addresses, linker.apply(data, addresses), zones);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("etc/table-loader: " + e.getMessage());
        }
    }
}
