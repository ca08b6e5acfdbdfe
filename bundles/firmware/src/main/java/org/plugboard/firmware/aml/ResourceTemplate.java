package org.plugboard.firmware.aml;

import java.io.ByteArrayOutputStream;

/**
 * A {@code ResourceTemplate () { ... }}: ACPI resource descriptors (ACPI 6.x, section 6.4)
 * collected in order and closed with an end tag. {@link #toAml()} gives the Buffer term that a
 * {@code Name (_CRS, ...)} or a {@code Return} takes.
 */
public final class ResourceTemplate {
    /** Whether a device uses a resource or hands it out to its children (bridges). */
    public enum Usage { CONSUMER, PRODUCER }

    /** Memory caching attribute of a DWordMemory range. */
    public enum Caching { NON_CACHEABLE, CACHEABLE, WRITE_COMBINING, PREFETCHABLE }

    private static final int IRQ_NO_FLAGS_TAG = 0x22;   // small item 0x04, 2 bytes
    private static final int IRQ_TAG = 0x23;            // small item 0x04, 3 bytes
    private static final int IO_TAG = 0x47;             // small item 0x08, 7 bytes
    private static final int FIXED_IO_TAG = 0x4b;       // small item 0x09, 3 bytes
    private static final int END_TAG = 0x79;            // small item 0x0f, 1 byte
    private static final int MEMORY32_FIXED_TAG = 0x86; // large item 0x06
    private static final int DWORD_ADDRESS_TAG = 0x87;  // large item 0x07
    private static final int WORD_ADDRESS_TAG = 0x88;   // large item 0x08
    private static final int EXT_IRQ_TAG = 0x89;        // large item 0x09
    private static final int QWORD_ADDRESS_TAG = 0x8a;  // large item 0x0a
    private static final int RESOURCE_MEMORY = 0, RESOURCE_IO = 1, RESOURCE_BUS = 2;
    // general flags of address space descriptors: MinFixed, MaxFixed, positive decode
    private static final int MIN_MAX_FIXED = 0x0c;
    private static final int IO_ENTIRE_RANGE = 0x03;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** {@code IO (Decode16, min, max, alignment, length)}. */
    public ResourceTemplate io(int min, int max, int alignment, int length) {
        check(min >= 0 && max <= 0xffff && min <= max, "IO range 0x%x-0x%x", min, max);
        checkByte(alignment, "IO alignment");
        checkByte(length, "IO length");
        body.write(IO_TAG);
        body.write(0x01); // 16-bit decode
        le(min, 2);
        le(max, 2);
        body.write(alignment);
        body.write(length);
        return this;
    }

    /** {@code FixedIO (base, length)}: a 10-bit ISA decode. */
    public ResourceTemplate fixedIo(int base, int length) {
        check(base >= 0 && base <= 0x3ff, "FixedIO base 0x%x is beyond 10 bits", base);
        checkByte(length, "FixedIO length");
        body.write(FIXED_IO_TAG);
        le(base, 2);
        body.write(length);
        return this;
    }

    /** {@code IRQNoFlags () { irqs }}: edge-triggered, active-high, exclusive ISA interrupts. */
    public ResourceTemplate irqNoFlags(int... irqs) {
        body.write(IRQ_NO_FLAGS_TAG);
        le(isaMask(irqs), 2);
        return this;
    }

    /** {@code IRQ (Edge|Level, ActiveHigh|ActiveLow, Exclusive|Shared) { irqs }}. */
    public ResourceTemplate irq(boolean edge, boolean activeLow, boolean shared, int... irqs) {
        body.write(IRQ_TAG);
        le(isaMask(irqs), 2);
        body.write((edge ? 0x01 : 0) | (activeLow ? 0x08 : 0) | (shared ? 0x10 : 0));
        return this;
    }

    /** {@code Memory32Fixed (ReadWrite|ReadOnly, base, length)}. */
    public ResourceTemplate memory32Fixed(boolean writable, long base, long length) {
        checkDword(base, "Memory32Fixed base");
        checkDword(length, "Memory32Fixed length");
        body.write(MEMORY32_FIXED_TAG);
        le(9, 2);
        body.write(writable ? 1 : 0);
        le(base, 4);
        le(length, 4);
        return this;
    }

    /**
     * {@code DWordMemory (usage, PosDecode, MinFixed, MaxFixed, caching, ReadWrite|ReadOnly,
     * 0, min, max, 0, max - min + 1)}.
     */
    public ResourceTemplate dwordMemory(Usage usage, Caching caching, boolean writable, long min, long max) {
        checkDword(min, "DWordMemory minimum");
        checkDword(max, "DWordMemory maximum");
        check(min <= max, "DWordMemory range 0x%x-0x%x", min, max);
        int typeFlags = (writable ? 1 : 0) | caching.ordinal() << 1;
        addressSpace(DWORD_ADDRESS_TAG, 4, RESOURCE_MEMORY, usage, typeFlags, min, max);
        return this;
    }

    /** {@code QWordMemory (usage, PosDecode, MinFixed, MaxFixed, caching, ReadWrite|ReadOnly, 0, min, max, 0, max - min + 1)}. */
    public ResourceTemplate qwordMemory(Usage usage, Caching caching, boolean writable, long min, long max) {
        check(Long.compareUnsigned(min, max) <= 0 && max - min != -1L, "QWordMemory range 0x%x-0x%x", min, max);
        int typeFlags = (writable ? 1 : 0) | caching.ordinal() << 1;
        addressSpace(QWORD_ADDRESS_TAG, 8, RESOURCE_MEMORY, usage, typeFlags, min, max);
        return this;
    }

    /** {@code WordBusNumber (usage, MinFixed, MaxFixed, PosDecode, 0, min, max, 0, max - min + 1)}. */
    public ResourceTemplate wordBusNumber(Usage usage, int min, int max) {
        check(min >= 0 && max <= 0xffff && min <= max, "WordBusNumber range 0x%x-0x%x", min, max);
        addressSpace(WORD_ADDRESS_TAG, 2, RESOURCE_BUS, usage, 0, min, max);
        return this;
    }

    /** {@code WordIO (usage, MinFixed, MaxFixed, PosDecode, EntireRange, 0, min, max, 0, max - min + 1)}. */
    public ResourceTemplate wordIo(Usage usage, int min, int max) {
        check(min >= 0 && max <= 0xffff && min <= max, "WordIO range 0x%x-0x%x", min, max);
        addressSpace(WORD_ADDRESS_TAG, 2, RESOURCE_IO, usage, IO_ENTIRE_RANGE, min, max);
        return this;
    }

    /** {@code Interrupt (usage, Edge|Level, ActiveHigh|ActiveLow, Exclusive|Shared) { gsis }}. */
    public ResourceTemplate interrupt(Usage usage, boolean edge, boolean activeLow, boolean shared, long... gsis) {
        check(gsis.length >= 1 && gsis.length <= 255, "Interrupt descriptor with %d interrupts", gsis.length);
        body.write(EXT_IRQ_TAG);
        le(2 + 4L * gsis.length, 2);
        body.write((usage == Usage.CONSUMER ? 0x01 : 0) | (edge ? 0x02 : 0) | (activeLow ? 0x04 : 0) | (shared ? 0x08 : 0));
        body.write(gsis.length);
        for (long gsi : gsis) {
            checkDword(gsi, "interrupt number");
            le(gsi, 4);
        }
        return this;
    }

    /** The descriptors and the end tag, without the Buffer wrapping. */
    public byte[] descriptors() {
        // a zero checksum in the end tag means "treat as correct", as iasl emits it
        return Aml.concat(body.toByteArray(), new byte[] {(byte) END_TAG, 0});
    }

    /** The {@code Buffer} term holding the descriptors. */
    public byte[] toAml() {
        return Aml.buffer(descriptors());
    }

    // Address space descriptors share one layout: tag, length, type, general flags, type flags,
    // then granularity, min, max, translation offset and length, each of fieldSize bytes.
    private void addressSpace(int tag, int fieldSize, int resourceType, Usage usage, int typeFlags, long min, long max) {
        body.write(tag);
        le(3 + 5L * fieldSize, 2);
        body.write(resourceType);
        body.write(MIN_MAX_FIXED | (usage == Usage.CONSUMER ? 0x01 : 0));
        body.write(typeFlags);
        le(0, fieldSize);
        le(min, fieldSize);
        le(max, fieldSize);
        le(0, fieldSize);
        le(max - min + 1, fieldSize);
    }

    private void le(long value, int size) {
        for (int i = 0; i < size; i++) body.write((int) (value >>> (8 * i)));
    }

    private static int isaMask(int... irqs) {
        int mask = 0;
        for (int irq : irqs) {
            check(irq >= 0 && irq <= 15, "ISA IRQ %d is outside 0..15", irq);
            mask |= 1 << irq;
        }
        return mask;
    }

    private static void checkByte(int v, String what) {
        check(v >= 0 && v <= 0xff, "%s %d does not fit in a byte", what, v);
    }

    private static void checkDword(long v, String what) {
        check(v >= 0 && v <= 0xffffffffL, "%s 0x%x does not fit in 32 bits", what, v);
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) throw new IllegalArgumentException("bad resource descriptor: " + String.format(format, args));
    }
}
