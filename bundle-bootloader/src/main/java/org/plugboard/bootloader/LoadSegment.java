package org.plugboard.bootloader;

import org.plugboard.api.device.ConfigException;

/**
 * A piece of a kernel image that goes to a fixed guest-physical address: {@code fileSize} bytes
 * from the file, then zeros up to {@code memSize} (the bss).
 *
 * @param what how error messages name it, e.g. "ELF segment 2"
 */
record LoadSegment(String what, long address, int fileOffset, long fileSize, long memSize) {
    long end() {
        return address + memSize;
    }

    /** Claims the segment's memory and copies it into the guest; its file range was checked when it was made. */
    void load(ImageReader image, RamPlan plan, GuestWriter writer) throws ConfigException {
        plan.claim(address, memSize, what);
        writer.write(address, image.bytes(), fileOffset, (int) fileSize, what);
        writer.zero(address + fileSize, memSize - fileSize, what + " (bss)");
    }
}
