package org.plugboard.chipset.piix.pm;

import org.plugboard.api.bus.RegionOps;

/**
 * The CPU hot-plug registers at I/O 0xaf00 of QEMU's PIIX4 PM (hw/acpi/cpu_hotplug.c, hw/acpi/cpu.c;
 * docs/specs/acpi_cpu_hotplug.rst). They start in the legacy form: 32 read-only bytes, one bit
 * per APIC id of a present CPU. Writing 0 to the first dword (the DSDT's {@code PRES._INI} does)
 * switches for good, resets included, to the modern 12-byte block:
 * <ul>
 *   <li>+0 write: CPU selector; read: command data 2 (upper APIC id for command 3, else 0);</li>
 *   <li>+4 flags: bit 0 enabled, 1 insert event, 2 remove event (writes clear events, bit 3 ejects);</li>
 *   <li>+5 write: command: 0 next CPU with an event, 1 and 2 _OST event and status, 3 the CPU's id;</li>
 *   <li>+8 command data: the selector after command 0, the APIC id after command 3; _OST values.</li>
 * </ul>
 * A selector past the last CPU makes reads 0 and writes other than the selector no-ops. CPUs
 * are neither added nor removed at run time on this machine: there are no events, an eject
 * request is ignored (QEMU ignores it for the boot CPU too) and _OST values have no listener.
 */
final class CpuHotplugBlock {
    static final int PORT = 0xaf00, LEGACY_SIZE = 32, MODERN_SIZE = 12;
    static final int SELECTOR = 0, FLAGS = 4, COMMAND = 5, DATA = 8;
    static final int CMD_NEXT_WITH_EVENT = 0, CMD_GET_CPU_ID = 3, COMMANDS = 4;
    static final int FLAG_ENABLED = 1;

    private final int cpus;
    private final Runnable switchedToModern;
    private boolean modern;
    private int selector;
    private int command;

    /** {@code cpus} CPUs with APIC ids 0..cpus-1 are present; {@code switchedToModern} remaps the block. */
    CpuHotplugBlock(int cpus, Runnable switchedToModern) {
        if (cpus < 1 || cpus > LEGACY_SIZE * 8) throw new IllegalArgumentException("CPU hot-plug block for " + cpus + " CPUs: 1..256");
        this.cpus = cpus;
        this.switchedToModern = switchedToModern;
    }

    boolean modern() {
        return modern;
    }

    /** The present-CPU bitmap, read a byte at a time or several little-endian. */
    final RegionOps legacy = new RegionOps() {
        @Override
        public long read(long offset, int size) {
            long v = 0;
            for (int i = size - 1; i >= 0; i--) v = v << 8 | presentByte((int) offset + i);
            return v;
        }

        @Override
        public void write(long offset, int size, long value) {
            // firmware never wrote the bitmap, so QEMU took a 0 at its start to mean "go modern"
            if (offset == 0 && value == 0 && !modern) {
                modern = true;
                switchedToModern.run();
            }
        }
    };

    private int presentByte(int index) {
        int v = 0;
        for (int bit = 0; bit < 8; bit++) if (index * 8 + bit < cpus) v |= 1 << bit;
        return v;
    }

    final RegionOps modernOps = new RegionOps() {
        @Override
        public long read(long offset, int size) {
            if (Integer.compareUnsigned(selector, cpus) >= 0) return 0;
            return switch ((int) offset) {
                case FLAGS -> FLAG_ENABLED; // present, no insert or remove event
                case DATA -> command == CMD_NEXT_WITH_EVENT || command == CMD_GET_CPU_ID ? selector : 0; // APIC id = index
                default -> 0; // command data 2: APIC ids fit in 32 bits
            };
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == SELECTOR) {
                selector = (int) value;
            } else if (offset == COMMAND && Integer.compareUnsigned(selector, cpus) < 0 && (value & 0xff) < COMMANDS) {
                command = (int) value & 0xff; // command 0 finds no CPU with an event: the selector stays
            }
        }
    };

    int selector() {
        return selector;
    }

    int command() {
        return command;
    }

    void restore(boolean modern, int selector, int command) {
        this.modern = modern;
        this.selector = selector;
        this.command = command;
    }
}
