package org.plugboard.applesmc;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.firmware.FirmwareBuilder;

/** Keeps what a device contributes to the firmware tables. */
final class RecordingFirmwareBuilder implements FirmwareBuilder {
    record Node(AcpiScope scope, byte[] aml) {
    }

    final List<Node> nodes = new ArrayList<>();

    @Override
    public void acpiNode(AcpiScope scope, byte[] aml) {
        nodes.add(new Node(scope, aml.clone()));
    }

    @Override
    public void acpiTable(byte[] table) {
        throw new AssertionError("the SMC adds no ACPI table");
    }

    @Override
    public void smbiosStructure(byte[] structure) {
        throw new AssertionError("the SMC adds no SMBIOS structure");
    }

    @Override
    public void fwCfgFile(String name, byte[] data) {
        throw new AssertionError("the SMC adds no fw_cfg file");
    }
}
