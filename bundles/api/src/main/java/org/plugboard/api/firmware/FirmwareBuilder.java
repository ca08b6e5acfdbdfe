package org.plugboard.api.firmware;

/** What a device may add to the firmware tables. */
public interface FirmwareBuilder {
    /** Where in the ACPI namespace a device node goes; the chipset knows the actual path. */
    enum AcpiScope { SYSTEM_BUS, PCI_ROOT, ISA_BRIDGE }

    /** Adds the AML encoding of one {@code Device()} (or other named object) under {@code scope}. */
    void acpiNode(AcpiScope scope, byte[] aml);

    /** Adds a whole ACPI table (header included; the builder fixes the checksum and links it from the XSDT). */
    void acpiTable(byte[] table);

    /** Adds one SMBIOS structure (formatted area and string set, double-NUL terminated). */
    void smbiosStructure(byte[] structure);

    /** Adds a file to the fw_cfg directory. */
    void fwCfgFile(String name, byte[] data);
}
