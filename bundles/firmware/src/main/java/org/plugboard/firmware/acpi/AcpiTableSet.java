package org.plugboard.firmware.acpi;

import java.util.Map;

/**
 * Built ACPI tables as QEMU hands them to firmware: the {@code etc/acpi/tables} and
 * {@code etc/acpi/rsdp} files, whose pointers hold offsets, and the {@code etc/table-loader}
 * commands that place and patch them.
 *
 * @param offsets where each table starts in {@link #tables}, by signature
 */
public record AcpiTableSet(byte[] tables, byte[] rsdp, BiosLinker linker, Map<String, Integer> offsets) {
    public static final String TABLES_FILE = "etc/acpi/tables";
    public static final String RSDP_FILE = "etc/acpi/rsdp";
    public static final String LOADER_FILE = "etc/table-loader";
    public static final String SYSTEM_STATES_FILE = "etc/system-states";

    public AcpiTableSet {
        tables = tables.clone();
        rsdp = rsdp.clone();
        offsets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(offsets));
    }

    @Override
    public byte[] tables() { return tables.clone(); }

    @Override
    public byte[] rsdp() { return rsdp.clone(); }

    /** The {@link #SYSTEM_STATES_FILE}: which sleep states the DSDT declares, with their SLP_TYP values. */
    public byte[] systemStates() { return Dsdt.systemStates(); }

    /** The table-loader file. */
    public byte[] loader() { return linker.toBytes(); }

    /**
     * The two files patched as the firmware would with the tables at guest address
     * {@code tablesAddress} and the RSDP at {@code rsdpAddress} (for a firmware-less boot):
     * a map from file name to bytes to copy there.
     */
    public Map<String, byte[]> placeAt(long tablesAddress, long rsdpAddress) {
        return linker.apply(Map.of(TABLES_FILE, tables, RSDP_FILE, rsdp),
                Map.of(TABLES_FILE, tablesAddress, RSDP_FILE, rsdpAddress));
    }
}
