package org.plugboard.firmware.smbios;

/**
 * Built SMBIOS data: the structure table ({@code etc/smbios/smbios-tables}) and its 2.1-style
 * entry point ({@code etc/smbios/smbios-anchor}) with the table address left 0 for the firmware
 * to fill in.
 */
public record SmbiosTableSet(byte[] tables, int count, int maxStructureSize) {
    public static final String TABLES_FILE = "etc/smbios/smbios-tables";
    public static final String ANCHOR_FILE = "etc/smbios/smbios-anchor";

    public SmbiosTableSet {
        tables = tables.clone();
    }

    @Override
    public byte[] tables() { return tables.clone(); }

    /**
     * The entry point as QEMU hands it to firmware: table address and both checksums 0, for
     * the firmware to fill in once it has placed the table.
     */
    public byte[] anchor() {
        return SmbiosEntryPoint.unplaced(this);
    }

    /** The complete entry point for the table placed at {@code tableAddress} (below 4 GiB). */
    public byte[] anchor(long tableAddress) {
        if (tableAddress < 0 || tableAddress > 0xffffffffL) throw new IllegalArgumentException("SMBIOS 2.x tables live below 4 GiB");
        return SmbiosEntryPoint.build(this, tableAddress);
    }
}
