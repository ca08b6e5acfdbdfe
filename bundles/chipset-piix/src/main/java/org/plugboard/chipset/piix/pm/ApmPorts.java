package org.plugboard.chipset.piix.pm;

import java.util.function.IntConsumer;
import org.plugboard.api.bus.RegionOps;

/**
 * The APM control (0xb2, APMC) and status (0xb3, APMS) ports. A write to APMC is the FADT's
 * SMI_CMD: QEMU's PIIX4 turns ACPI_ENABLE (0xf1) and ACPI_DISABLE (0xf0) into setting and
 * clearing SCI_EN (hw/acpi/piix4.c, apm_ctrl_changed); other commands would raise an SMI, and
 * this machine has no SMM. Both ports read back what was written (hw/isa/apm.c).
 */
final class ApmPorts implements RegionOps {
    static final int PORT = 0xb2, SIZE = 2;
    static final int ACPI_ENABLE = 0xf1, ACPI_DISABLE = 0xf0;

    private final IntConsumer command;
    private int control;
    private int statusByte;

    ApmPorts(IntConsumer command) {
        this.command = command;
    }

    void reset() {
        control = 0;
        statusByte = 0;
    }

    int control() { return control; }

    int statusByte() { return statusByte; }

    void restore(int control, int statusByte) {
        this.control = control & 0xff;
        this.statusByte = statusByte & 0xff;
    }

    @Override
    public long read(long offset, int size) {
        return offset == 0 ? control : statusByte;
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset == 0) {
            control = (int) value & 0xff;
            command.accept(control);
        } else {
            statusByte = (int) value & 0xff;
        }
    }
}
