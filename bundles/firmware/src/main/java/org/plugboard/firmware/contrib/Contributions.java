package org.plugboard.firmware.contrib;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.api.firmware.FirmwareBuilder;
import org.plugboard.api.firmware.FirmwareContributor;

/**
 * What devices contributed to the firmware: ACPI nodes by scope, whole ACPI tables, SMBIOS
 * structures and fw_cfg files, in the order they came. This is the {@link FirmwareBuilder} a
 * {@link FirmwareContributor} is handed.
 */
public final class Contributions implements FirmwareBuilder {
    private final Map<AcpiScope, List<byte[]>> acpiNodes = new EnumMap<>(AcpiScope.class);
    private final List<byte[]> acpiTables = new ArrayList<>();
    private final List<byte[]> smbiosStructures = new ArrayList<>();
    private final Map<String, byte[]> fwCfgFiles = new LinkedHashMap<>();

    /** Asks each contributor in turn. */
    public static Contributions collect(List<? extends FirmwareContributor> contributors) {
        Contributions c = new Contributions();
        for (FirmwareContributor contributor : contributors) contributor.contribute(c);
        return c;
    }

    /** No contributions at all. */
    public static Contributions none() {
        return new Contributions();
    }

    @Override
    public void acpiNode(AcpiScope scope, byte[] aml) {
        acpiNodes.computeIfAbsent(scope, s -> new ArrayList<>()).add(aml.clone());
    }

    @Override
    public void acpiTable(byte[] table) {
        if (table.length < 36) throw new IllegalArgumentException("an ACPI table needs its 36-byte header, got " + table.length + " bytes");
        acpiTables.add(table.clone());
    }

    @Override
    public void smbiosStructure(byte[] structure) {
        if (structure.length < 6 || structure[structure.length - 1] != 0 || structure[structure.length - 2] != 0)
            throw new IllegalArgumentException("an SMBIOS structure ends with a double NUL after its string set");
        smbiosStructures.add(structure.clone());
    }

    @Override
    public void fwCfgFile(String name, byte[] data) {
        if (fwCfgFiles.putIfAbsent(name, data.clone()) != null)
            throw new IllegalArgumentException("fw_cfg file '" + name + "' was contributed twice");
    }

    public List<byte[]> acpiNodes(AcpiScope scope) {
        return Collections.unmodifiableList(acpiNodes.getOrDefault(scope, List.of()));
    }

    public List<byte[]> acpiTables() { return Collections.unmodifiableList(acpiTables); }

    public List<byte[]> smbiosStructures() { return Collections.unmodifiableList(smbiosStructures); }

    public Map<String, byte[]> fwCfgFiles() { return Collections.unmodifiableMap(fwCfgFiles); }
}
