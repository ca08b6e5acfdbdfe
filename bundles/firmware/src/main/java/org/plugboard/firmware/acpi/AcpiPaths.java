package org.plugboard.firmware.acpi;

/**
 * Where the DSDT puts the scopes of {@link org.plugboard.api.firmware.FirmwareBuilder.AcpiScope},
 * for AML that must name an object in another scope (a {@code Field} in {@code \_SB} over a
 * region of the ISA bridge, say).
 */
public final class AcpiPaths {
    public static final String SYSTEM_BUS = "\\_SB";
    public static final String PCI_ROOT = SYSTEM_BUS + ".PCI0";
    public static final String ISA_BRIDGE = PCI_ROOT + "." + Dsdt.ISA_BRIDGE_NAME;

    private AcpiPaths() {
    }
}
