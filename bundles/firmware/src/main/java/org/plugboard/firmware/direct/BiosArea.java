package org.plugboard.firmware.direct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.plugboard.api.bus.Dma;
import org.plugboard.api.bus.DmaException;
import org.plugboard.api.device.ConfigException;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * What real-mode code finds below 1 MiB after a BIOS ran: the 64 KiB BIOS area at 0xf0000
 * (the F-segment tables the firmware placed, and the interrupt handlers of
 * {@code bios-stub.asm} at F000:E000), an interrupt vector table pointing every vector there,
 * the BIOS data area (COM1, EBDA segment, 639 KiB of base memory, the equipment word) and a
 * 1 KiB extended BIOS data area at 0x9fc00.
 */
final class BiosArea {
    static final long BASE = 0xf0000, SIZE = 0x10000;
    static final int SEGMENT = 0xf000, STUB_OFFSET = 0xe000;
    static final long EBDA = 0x9fc00;
    static final int BASE_MEMORY_KIB = 639;
    static final int COM1 = 0x3f8;
    /** x87 present (bit 1), PS/2 mouse (bit 2), one serial port (bits 9-11). */
    static final int EQUIPMENT = 0x0206;
    static final int BDA = 0x400, BDA_COM1 = 0x400, BDA_EQUIPMENT = 0x410, BDA_BASE_MEMORY = 0x413, BDA_EBDA = 0x40e;
    static final int MASTER_VECTOR = 0x08, SLAVE_VECTOR = 0x70, TIMER_VECTOR = 0x08;
    private static final byte[] STUB = stub();

    private final byte[] image = new byte[(int) SIZE];

    BiosArea() {
        System.arraycopy(STUB, 0, image, STUB_OFFSET, STUB.length);
    }

    /** The zone the F-segment allocations come from: the area below the handlers. */
    MemoryZone zone() {
        return new MemoryZone("the F segment", BASE, BASE + STUB_OFFSET);
    }

    /** Copies data the firmware placed in the F segment into the image. */
    void put(long address, byte[] data) throws ConfigException {
        if (address < BASE || address + data.length > BASE + STUB_OFFSET)
            throw new ConfigException(String.format("0x%x bytes at 0x%x are outside the F segment's free part", data.length, address));
        System.arraycopy(data, 0, image, (int) (address - BASE), data.length);
    }

    /** Writes the BIOS area (which must be writable RAM now), the IVT, the BDA and the EBDA. */
    void write(Dma dma) throws DmaException {
        dma.write(BASE, image, 0, image.length);
        LeWriter ivt = new LeWriter();
        for (int v = 0; v < 256; v++) ivt.u16(handler(v)).u16(SEGMENT);
        byte[] low = ivt.toArray();
        dma.write(0, low, 0, low.length);
        byte[] bda = new byte[0x100];
        LeWriter.write(bda, BDA_COM1 - BDA, COM1, 2);
        LeWriter.write(bda, BDA_EBDA - BDA, EBDA >> 4, 2);
        LeWriter.write(bda, BDA_EQUIPMENT - BDA, EQUIPMENT, 2);
        LeWriter.write(bda, BDA_BASE_MEMORY - BDA, BASE_MEMORY_KIB, 2);
        dma.write(BDA, bda, 0, bda.length);
        byte[] ebda = new byte[0x400];
        ebda[0] = 1;                                   // its size in KiB
        dma.write(EBDA, ebda, 0, ebda.length);
    }

    /** The handler offset of vector {@code v}: the entry table's iret, master EOI, slave EOI or timer entry. */
    private static int handler(int v) {
        int entry;
        if (v == TIMER_VECTOR) entry = 3;
        else if (v > MASTER_VECTOR && v < MASTER_VECTOR + 8) entry = 1;
        else if (v >= SLAVE_VECTOR && v < SLAVE_VECTOR + 8) entry = 2;
        else entry = 0;
        return (int) LeWriter.read(STUB, 2 * entry, 2);
    }

    static byte[] stub() {
        try (InputStream in = BiosArea.class.getResourceAsStream("bios-stub.bin")) {
            if (in == null) throw new IllegalStateException("bios-stub.bin is missing from the firmware bundle");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
