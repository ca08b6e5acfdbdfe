package org.plugboard.firmware.fwcfg;

/** The fixed fw_cfg item selectors of QEMU's interface (docs/specs/fw_cfg.txt) that this device serves. */
final class FwCfgKeys {
    static final int SIGNATURE = 0x00;
    static final int ID = 0x01;
    static final int UUID = 0x02;
    static final int RAM_SIZE = 0x03;
    static final int NOGRAPHIC = 0x04;
    static final int NB_CPUS = 0x05;
    static final int KERNEL_ADDR = 0x07;
    static final int KERNEL_SIZE = 0x08;
    static final int INITRD_ADDR = 0x0a;
    static final int INITRD_SIZE = 0x0b;
    static final int NUMA = 0x0d;
    static final int BOOT_MENU = 0x0e;
    static final int MAX_CPUS = 0x0f;
    static final int KERNEL_ENTRY = 0x10;
    static final int KERNEL_DATA = 0x11;
    static final int INITRD_DATA = 0x12;
    static final int CMDLINE_ADDR = 0x13;
    static final int CMDLINE_SIZE = 0x14;
    static final int CMDLINE_DATA = 0x15;
    static final int SETUP_ADDR = 0x16;
    static final int SETUP_SIZE = 0x17;
    static final int SETUP_DATA = 0x18;
    static final int FILE_DIR = 0x19;
    /** Files get selectors from here on, in name order. */
    static final int FILE_FIRST = 0x20;
    /** Architecture-specific items (x86: 0x8000 and up). */
    static final int ARCH_LOCAL = 0x8000;
    static final int ENTRY_MASK = 0x3fff;
    static final int X86_ACPI_TABLES = ARCH_LOCAL;
    static final int X86_IRQ0_OVERRIDE = ARCH_LOCAL + 2;

    /** ID bits: the port interface, and the DMA interface. */
    static final int ID_TRADITIONAL = 0x01, ID_DMA = 0x02;

    private FwCfgKeys() {
    }

    /** The item a written selector refers to: the write-channel bit (0x4000, writes are gone) is dropped. */
    static int item(int selector) {
        return (selector & ARCH_LOCAL) | (selector & ENTRY_MASK);
    }
}
