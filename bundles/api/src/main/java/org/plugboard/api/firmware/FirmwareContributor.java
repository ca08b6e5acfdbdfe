package org.plugboard.api.firmware;

/** Implemented by a {@link org.plugboard.api.device.Device} that describes itself to firmware. */
public interface FirmwareContributor {
    void contribute(FirmwareBuilder builder);
}
