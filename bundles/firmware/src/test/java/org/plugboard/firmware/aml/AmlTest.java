package org.plugboard.firmware.aml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.plugboard.testkit.Iasl.assertContains;
import static org.plugboard.testkit.Iasl.squeeze;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plugboard.firmware.aml.ResourceTemplate.Caching;
import org.plugboard.firmware.aml.ResourceTemplate.Usage;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.testkit.Iasl;

/** AML terms byte by byte, and a node using all of them as iasl reads it back. */
class AmlTest {
    @TempDir
    Path dir;

    @Test
    void pkgLengthCountsItsOwnBytesAndRoundTrips() {
        assertArrayEquals(new byte[] {0x3f}, PkgLength.encode(62));
        assertArrayEquals(new byte[] {0x41, 0x04}, PkgLength.encode(63));   // 65 = 0x41
        assertArrayEquals(new byte[] {(byte) 0x8b, 0x38, 0x01}, PkgLength.encode(5000)); // 5003 = 0x138b
        assertArrayEquals(new byte[] {(byte) 0xc3, 0x00, 0x00, 0x01}, PkgLength.encode(0x100000 - 1)); // 0x100003
        for (int n : new int[] {0, 1, 62, 63, 64, 4092, 4093, 4094, 1 << 20, PkgLength.MAX - 4}) {
            byte[] enc = PkgLength.encode(n);
            assertEquals(n + enc.length, PkgLength.decode(enc, 0), "length " + n);
            assertEquals(enc.length, PkgLength.size(enc, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> PkgLength.encode(PkgLength.MAX));
    }

    @Test
    void namePathsUsePrefixesBySegmentCount() {
        assertArrayEquals(bytes("\\", 0), Aml.namePath("\\"));
        assertArrayEquals(ascii("_HID"), Aml.namePath("_HID"));
        assertArrayEquals(concat(bytes("\\"), ascii("_SB_")), Aml.namePath("\\_SB"));
        assertArrayEquals(concat(bytes("\\", 0x2e), ascii("_SB_PCI0")), Aml.namePath("\\_SB.PCI0"));
        assertArrayEquals(concat(bytes("\\", 0x2f, 3), ascii("_SB_PCI0ISA_")), Aml.namePath("\\_SB.PCI0.ISA"));
        assertArrayEquals(concat(bytes("^^"), ascii("LNKA")), Aml.namePath("^^LNKA"));
        assertThrows(IllegalArgumentException.class, () -> Aml.namePath("\\_SB..PCI0"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameSeg("pci0"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameSeg("0ABC"));
        assertThrows(IllegalArgumentException.class, () -> Aml.nameSeg("ABCDE"));
    }

    @Test
    void integersTakeTheShortestEncodingUnlessAWidthIsAsked() {
        assertArrayEquals(new byte[] {0x00}, Aml.integer(0));
        assertArrayEquals(new byte[] {0x01}, Aml.integer(1));
        assertArrayEquals(new byte[] {(byte) 0xff}, Aml.ones());
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, Aml.integer(0xff));
        assertArrayEquals(new byte[] {0x0b, 0x00, 0x01}, Aml.integer(0x100));
        assertArrayEquals(new byte[] {0x0c, 0x00, 0x00, 0x01, 0x00}, Aml.integer(0x10000));
        assertArrayEquals(new byte[] {0x0e, 0, 0, 0, 0, 1, 0, 0, 0}, Aml.integer(1L << 32));
        assertArrayEquals(new byte[] {0x0e, -1, -1, -1, -1, -1, -1, -1, -1}, Aml.integer(-1));
        assertArrayEquals(new byte[] {0x0c, 0x05, 0, 0, 0}, Aml.dwordConst(5));
        assertThrows(IllegalArgumentException.class, () -> Aml.byteConst(0x100));
    }

    @Test
    void eisaIdsAreCompressedAndByteSwapped() {
        assertArrayEquals(new byte[] {0x0c, 0x41, (byte) 0xd0, 0x0a, 0x03}, Aml.eisaId("PNP0A03"));
        assertEquals(0x030ad041, Aml.eisaIdValue("PNP0A03"));
        assertThrows(IllegalArgumentException.class, () -> Aml.eisaId("pnp0a03"));
    }

    @Test
    void stringsBuffersPackagesAndMethods() {
        assertArrayEquals(bytes(0x0d, "AB", 0), Aml.string("AB"));
        assertArrayEquals(bytes(0x11, 5, 0x0a, 2, 7, 8), Aml.buffer(new byte[] {7, 8}));
        assertArrayEquals(bytes(0x12, 4, 2, 0x00, 0x01), Aml.pkg(Aml.zero(), Aml.one()));
        // Method (_STA, 0, NotSerialized) { Return (0x0F) }
        assertArrayEquals(concat(bytes(0x14, 9), ascii("_STA"), bytes(0x00, 0xa4, 0x0a, 0x0f)),
                Aml.method("_STA", 0, false, Aml.returnValue(Aml.integer(0x0f))));
        assertEquals(0x0a, Aml.method("M", 2, true)[6], "2 arguments, serialized");
        // Processor (C001, 0x01, 0x00000410, 0x06) {}
        assertArrayEquals(concat(bytes(0x5b, 0x83, 11), ascii("C001"), bytes(1, 0x10, 0x04, 0, 0, 6)),
                Aml.processor("C001", 1, 0x410, 6));
        assertThrows(IllegalArgumentException.class, () -> Aml.string("caf\u00e9"));
    }

    @Test
    void resourceDescriptorsHaveTheirSpecifiedLayouts() {
        assertArrayEquals(bytes(0x47, 1, 0xf8, 0x03, 0xf8, 0x03, 0, 8, 0x79, 0),
                new ResourceTemplate().io(0x3f8, 0x3f8, 0, 8).descriptors());
        assertArrayEquals(bytes(0x4b, 0x20, 0x00, 2, 0x79, 0), new ResourceTemplate().fixedIo(0x20, 2).descriptors());
        assertArrayEquals(bytes(0x22, 0x10, 0x01, 0x79, 0), new ResourceTemplate().irqNoFlags(4, 8).descriptors());
        assertArrayEquals(bytes(0x23, 0x00, 0x02, 0x18, 0x79, 0), new ResourceTemplate().irq(false, true, true, 9).descriptors());
        assertArrayEquals(bytes(0x86, 9, 0, 0, 0x00, 0x00, 0xd0, 0xfe, 0x00, 0x04, 0, 0, 0x79, 0),
                new ResourceTemplate().memory32Fixed(false, 0xfed00000L, 0x400).descriptors());
        byte[] dw = new ResourceTemplate().dwordMemory(Usage.PRODUCER, Caching.CACHEABLE, true, 0xa0000, 0xbffff).descriptors();
        assertArrayEquals(bytes(0x87, 23, 0, 0, 0x0c, 0x03), java.util.Arrays.copyOf(dw, 6));
        assertEquals(0x20000, LeWriter.read(dw, 6 + 16, 4), "length field");
        byte[] bus = new ResourceTemplate().wordBusNumber(Usage.PRODUCER, 0, 0xff).descriptors();
        assertArrayEquals(bytes(0x88, 13, 0, 2, 0x0c, 0, 0, 0, 0, 0, 0xff, 0, 0, 0, 0x00, 0x01, 0x79, 0), bus);
        byte[] wio = new ResourceTemplate().wordIo(Usage.PRODUCER, 0xd00, 0xffff).descriptors();
        assertArrayEquals(bytes(0x88, 13, 0, 1, 0x0c, 3), java.util.Arrays.copyOf(wio, 6));
        assertArrayEquals(bytes(0x89, 6, 0, 0x09, 1, 5, 0, 0, 0, 0x79, 0),
                new ResourceTemplate().interrupt(Usage.CONSUMER, false, false, true, 5).descriptors());
        assertThrows(IllegalArgumentException.class, () -> new ResourceTemplate().irqNoFlags(16));
        assertThrows(IllegalArgumentException.class, () -> new ResourceTemplate().fixedIo(0x400, 1));
    }

    @Test
    void iaslReadsBackEveryTerm() throws Exception {
        byte[] crs = new ResourceTemplate()
                .io(0x300, 0x300, 1, 0x20).fixedIo(0x60, 1).irqNoFlags(6).irq(false, true, true, 10)
                .memory32Fixed(true, 0xfed00000L, 0x400)
                .dwordMemory(Usage.PRODUCER, Caching.NON_CACHEABLE, true, 0xe0000000L, 0xfebfffffL)
                .wordBusNumber(Usage.PRODUCER, 0, 0xff).wordIo(Usage.PRODUCER, 0xd00, 0xffff)
                .interrupt(Usage.CONSUMER, false, false, true, 5, 10, 11)
                .toAml();
        byte[] node = Aml.scope("\\_SB", Aml.device("TST0",
                Aml.name("_HID", Aml.eisaId("PNP0C02")),
                Aml.name("_UID", Aml.string("plug")),
                Aml.name("BUF0", Aml.buffer(new byte[] {1, 2, 3})),
                Aml.name("PKG0", Aml.pkg(Aml.zero(), Aml.one(), Aml.integer(0x1234), Aml.integer(0x12345678L))),
                Aml.name("_CRS", crs),
                Aml.method("_STA", 0, false, Aml.returnValue(Aml.integer(0x0f)))));
        LeWriter ssdt = new LeWriter().ascii("SSDT", 4, ' ').u32(0).u8(1).u8(0).ascii("PLUGBD", 6, ' ')
                .ascii("AMLTEST", 8, ' ').u32(1).ascii("PLUG", 4, ' ').u32(1).bytes(node);
        ssdt.patch(4, ssdt.size(), 4);
        byte[] table = ssdt.toArray();
        LeWriter.fixChecksum(table, 0, table.length, 9);

        String dsl = Iasl.disassemble(dir, "ssdt", table);
        String s = squeeze(dsl);
        assertContains(s, "Scope (\\_SB) { Device (TST0) {");
        assertContains(s, "Name (_HID, EisaId (\"PNP0C02\")");
        assertContains(s, "Name (_UID, \"plug\")");
        assertContains(s, "Name (BUF0, Buffer (0x03) { 0x01, 0x02, 0x03");
        assertContains(s, "Name (PKG0, Package (0x04) { Zero, One, 0x1234, 0x12345678 })");
        assertContains(s, "IO (Decode16, 0x0300, // Range Minimum 0x0300, // Range Maximum 0x01, // Alignment 0x20, // Length )");
        assertContains(s, "FixedIO ( 0x0060, // Address 0x01, // Length )");
        assertContains(s, "IRQNoFlags () {6}");
        assertContains(s, "IRQ (Level, ActiveLow, Shared, ) {10}");
        assertContains(s, "Memory32Fixed (ReadWrite, 0xFED00000, // Address Base 0x00000400, // Address Length )");
        assertContains(s, "DWordMemory (ResourceProducer, PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite,"
                + " 0x00000000, // Granularity 0xE0000000, // Range Minimum 0xFEBFFFFF, // Range Maximum"
                + " 0x00000000, // Translation Offset 0x1EC00000, // Length");
        assertContains(s, "WordBusNumber (ResourceProducer, MinFixed, MaxFixed, PosDecode, 0x0000, // Granularity"
                + " 0x0000, // Range Minimum 0x00FF, // Range Maximum 0x0000, // Translation Offset 0x0100, // Length");
        assertContains(s, "WordIO (ResourceProducer, MinFixed, MaxFixed, PosDecode, EntireRange, 0x0000, // Granularity"
                + " 0x0D00, // Range Minimum 0xFFFF, // Range Maximum 0x0000, // Translation Offset 0xF300, // Length");
        assertContains(s, "Interrupt (ResourceConsumer, Level, ActiveHigh, Shared, ,, ) { 0x00000005, 0x0000000A, 0x0000000B, }");
        assertContains(s, "Method (_STA, 0, NotSerialized) // _STA: Status { Return (0x0F) }");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Ints as bytes and strings as their ASCII bytes, in order. */
    private static byte[] bytes(Object... parts) {
        LeWriter w = new LeWriter();
        for (Object p : parts) {
            if (p instanceof String str) w.bytes(ascii(str));
            else w.u8((Integer) p);
        }
        return w.toArray();
    }

    private static byte[] concat(byte[]... parts) {
        return Aml.concat(parts);
    }
}
