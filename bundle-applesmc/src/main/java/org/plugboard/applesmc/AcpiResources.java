package org.plugboard.applesmc;

/**
 * ACPI resource descriptors (ACPI 6.x, section 6.4 "Resource Data Types") and the
 * {@code ResourceTemplate} buffer that holds them.
 */
final class AcpiResources {
    private static final int IRQ_NO_FLAGS_TAG = 0x22;   // small item 0x04, 2 bytes
    private static final int IO_TAG = 0x47;             // small item 0x08, 7 bytes
    private static final int END_TAG = 0x79;            // small item 0x0f, 1 byte
    private static final int IO_DECODE_16 = 0x01;

    private AcpiResources() {
    }

    /** {@code IO (Decode16, min, max, alignment, length)}. */
    static byte[] io16(int min, int max, int alignment, int length) {
        if (min < 0 || max > 0xffff || min > max || alignment < 0 || alignment > 0xff || length < 0 || length > 0xff)
            throw new IllegalArgumentException(String.format("bad IO descriptor 0x%x-0x%x align %d length %d",
                    min, max, alignment, length));
        return new byte[] {(byte) IO_TAG, IO_DECODE_16, (byte) min, (byte) (min >> 8), (byte) max, (byte) (max >> 8),
                (byte) alignment, (byte) length};
    }

    /** {@code IRQNoFlags () { irqs }}: edge-triggered, active-high, exclusive ISA interrupts. */
    static byte[] irqNoFlags(int... irqs) {
        int mask = 0;
        for (int irq : irqs) {
            if (irq < 0 || irq > 15) throw new IllegalArgumentException("ISA IRQ " + irq + " is outside 0..15");
            mask |= 1 << irq;
        }
        return new byte[] {(byte) IRQ_NO_FLAGS_TAG, (byte) mask, (byte) (mask >> 8)};
    }

    /** {@code ResourceTemplate () { descriptors }}: a buffer ending in an end tag whose checksum makes the bytes sum to 0. */
    static byte[] template(byte[]... descriptors) {
        byte[] body = Aml.concat(Aml.concat(descriptors), new byte[] {(byte) END_TAG, 0});
        int sum = 0;
        for (byte b : body) sum += b;
        body[body.length - 1] = (byte) -sum;
        return Aml.buffer(body);
    }
}
