package org.plugboard.firmware.assembly;

import java.util.List;
import org.plugboard.api.firmware.FirmwareContributor;

/**
 * Implemented by a device that builds firmware tables from the machine's device set (the fw_cfg
 * device). The SPI gives a device no way to enumerate the others, so the machine is expected to
 * call {@link #assemble} with every realized device that is a {@link FirmwareContributor}, after
 * plugging the devices and again after each hot swap; until then the tables describe only the
 * machine's own facts.
 */
public interface FirmwareAssembler {
    /** Rebuilds the tables from these contributors (replacing what an earlier call gave). */
    void assemble(List<? extends FirmwareContributor> contributors);
}
