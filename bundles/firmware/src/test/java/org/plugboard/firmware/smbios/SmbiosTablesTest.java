package org.plugboard.firmware.smbios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.plugboard.firmware.bytes.LeWriter.read;
import static org.plugboard.firmware.bytes.LeWriter.sum;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SMBIOS structures and the entry point, byte by byte, walked the way a DMI decoder walks them. */
class SmbiosTablesTest {
    private static final long MIB = 1 << 20, GIB = 1L << 30;

    /** One structure as a decoder sees it. */
    record Structure(int type, int length, int handle, byte[] formatted, List<String> strings) {
        long field(int offset, int size) { return read(formatted, offset, size); }

        /** The string a string field refers to, or null for index 0. */
        String string(int offset) {
            int index = formatted[offset] & 0xff;
            return index == 0 ? null : strings.get(index - 1);
        }
    }

    static List<Structure> walk(byte[] table) {
        List<Structure> out = new ArrayList<>();
        int at = 0;
        while (at < table.length) {
            int length = table[at + 1] & 0xff;
            byte[] formatted = java.util.Arrays.copyOfRange(table, at, at + length);
            List<String> strings = new ArrayList<>();
            int p = at + length;
            if (table[p] == 0) {
                assertEquals(0, table[p + 1], "an empty string set is two NULs");
                p += 2;
            } else {
                while (table[p] != 0) {
                    int end = p;
                    while (table[end] != 0) end++;
                    strings.add(new String(table, p, end - p, StandardCharsets.UTF_8));
                    p = end + 1;
                }
                p++;
            }
            out.add(new Structure(table[at] & 0xff, length, (int) read(table, at + 2, 2), formatted, strings));
            at = p;
        }
        assertEquals(table.length, at, "the walk ends exactly at the end");
        return out;
    }

    private static SmbiosTableSet build(List<String> options, SmbiosPlatform platform) {
        return SmbiosTables.build(SmbiosOptions.parse(options), platform, List.of(), false);
    }

    @Test
    void defaultsAreQemusPcStructuresWithTheirLengthsAndHandles() {
        SmbiosTableSet set = build(List.of(), SmbiosPlatform.pc(2, 128 * MIB, 0));
        List<Structure> s = walk(set.tables());
        assertEquals(List.of(1, 3, 4, 16, 17, 19, 32, 127), s.stream().map(Structure::type).toList(),
                "-smp 2 is one socket of two cores");
        assertEquals(List.of(0x100, 0x300, 0x400, 0x1000, 0x1100, 0x1300, 0x2000, 0x7f00),
                s.stream().map(Structure::handle).toList());
        assertEquals(List.of(27, 22, 42, 23, 40, 31, 11, 4), s.stream().map(Structure::length).toList());
        assertEquals(s.size(), set.count());

        Structure t1 = s.get(0);
        assertEquals(List.of("QEMU", "Standard PC (i440FX + PIIX, 1996)", "pc-i440fx-7.2"), t1.strings());
        assertEquals(0, t1.formatted()[7], "no serial");
        assertArrayEquals(new byte[16], java.util.Arrays.copyOfRange(t1.formatted(), 8, 24), "no UUID");
        assertEquals(6, t1.formatted()[24], "wake-up: power switch");

        Structure t3 = s.get(1);
        assertEquals("QEMU", t3.string(4));
        assertEquals(1, t3.formatted()[5]);
        assertEquals("pc-i440fx-7.2", t3.string(6));
        assertEquals(List.of(3, 3, 3, 2), List.of((int) t3.formatted()[9], (int) t3.formatted()[10], (int) t3.formatted()[11],
                (int) t3.formatted()[12]));

        Structure cpu1 = s.get(2);
        assertEquals("CPU 0", cpu1.string(4), "QEMU writes the socket number as two-wide hex");
        assertEquals(3, cpu1.formatted()[5]);
        assertEquals(SmbiosPlatform.QEMU64_CPUID_VERSION, (int) cpu1.field(8, 4));
        assertEquals(SmbiosPlatform.QEMU64_CPUID_FEATURES, (int) cpu1.field(12, 4));
        assertEquals(2000, cpu1.field(0x14, 2));
        assertEquals(2000, cpu1.field(0x16, 2));
        assertEquals(0x41, cpu1.field(0x18, 1));
        assertEquals(0xffff, cpu1.field(0x1a, 2));
        assertEquals(2, cpu1.field(0x23, 1), "cores");
        assertEquals(2, cpu1.field(0x24, 1), "cores enabled");
        assertEquals(2, cpu1.field(0x25, 1), "threads in the socket");
        assertEquals(0x01, cpu1.field(0x28, 2), "family 2");

        Structure t16 = s.get(3);
        assertEquals(128 * 1024, t16.field(7, 4), "maximum capacity in KiB");
        assertEquals(0xfffe, t16.field(11, 2));
        assertEquals(1, t16.field(13, 2), "one DIMM");

        Structure t17 = s.get(4);
        assertEquals(0x1000, t17.field(4, 2));
        assertEquals(128, t17.field(12, 2), "size in MiB");
        assertEquals(0x09, t17.field(14, 1));
        assertEquals("DIMM 0", t17.string(16));
        assertEquals("QEMU", t17.string(23));

        Structure t19 = s.get(5);
        assertEquals(0, t19.field(4, 4));
        assertEquals(128 * 1024 - 1, t19.field(8, 4), "ending address in KiB, inclusive");
        assertEquals(0x1000, t19.field(12, 2));
        assertEquals(1, t19.field(14, 1));
    }

    @Test
    void eachSocketGetsItsOwnType4() {
        SmbiosPlatform twoSockets = new SmbiosPlatform("QEMU", "Standard PC (i440FX + PIIX, 1996)", "pc-i440fx-7.2", 17, 2, 2,
                SmbiosPlatform.QEMU64_CPUID_VERSION, SmbiosPlatform.QEMU64_CPUID_FEATURES, 64 * MIB,
                List.of(new SmbiosPlatform.MemoryRange(0, 64 * MIB)));
        List<Structure> cpus = walk(build(List.of("type=4,sock_pfx=Socket,max-speed=3000"), twoSockets).tables()).stream()
                .filter(x -> x.type() == 4).toList();
        assertEquals(17, cpus.size());
        assertEquals("Socket 1", cpus.get(1).string(4));
        assertEquals("Socket10", cpus.get(16).string(4), "socket 16 in two-wide hex");
        assertEquals(0x410, cpus.get(16).handle());
        assertEquals(3000, cpus.get(1).field(0x14, 2));
        assertEquals(2000, cpus.get(1).field(0x16, 2));
        assertEquals(2, cpus.get(1).field(0x23, 1));
        assertEquals(4, cpus.get(1).field(0x25, 1), "2 cores x 2 threads");
    }

    @Test
    void largeMemoryIsSplitInto16GibDimmsAndTwoRanges() {
        long below = 0xc0000000L, above = 20 * GIB - below;
        List<Structure> s = walk(build(List.of(), SmbiosPlatform.pc(1, below, above)).tables());
        List<Structure> dimms = s.stream().filter(x -> x.type() == 17).toList();
        assertEquals(2, dimms.size());
        assertEquals(16384, dimms.get(0).field(12, 2));
        assertEquals(4096, dimms.get(1).field(12, 2));
        assertEquals("DIMM 1", dimms.get(1).string(16));
        assertEquals(0x1101, dimms.get(1).handle());
        List<Structure> ranges = s.stream().filter(x -> x.type() == 19).toList();
        assertEquals(2, ranges.size());
        assertEquals(4L * 1024 * 1024, ranges.get(1).field(4, 4), "4 GiB in KiB");
        assertEquals((4 * GIB + above - 1) / 1024, ranges.get(1).field(8, 4));
        assertEquals(0x1301, ranges.get(1).handle());
    }

    @Test
    void type2AndType0AppearOnlyWhenAskedWithTheGivenFields() {
        List<Structure> s = walk(build(List.of("type=0,vendor=Plugboard,version=1.0,date=01/01/2026,release=1.2",
                "type=2,manufacturer=Apple Inc.,product=Mac-F2268DC8,serial=C0000000000000000",
                "type=1,product=iMac11,,1,uuid=12345678-9abc-def0-1122-334455667788,family=iMac"),
                SmbiosPlatform.pc(1, 64 * MIB, 0)).tables());
        assertEquals(List.of(0, 1, 2, 3, 4, 16, 17, 19, 32, 127), s.stream().map(Structure::type).toList());

        Structure t0 = s.get(0);
        assertEquals(24, t0.length());
        assertEquals(List.of("Plugboard", "1.0", "01/01/2026"), t0.strings());
        assertEquals(0xe800, t0.field(6, 2));
        assertEquals(0x08, t0.field(10, 8));
        assertEquals(0x14, t0.field(19, 1));
        assertEquals(1, t0.field(20, 1));
        assertEquals(2, t0.field(21, 1));

        Structure t1 = s.get(1);
        assertEquals("QEMU", t1.string(4));
        assertEquals("iMac11,1", t1.string(5), "a doubled comma is a comma");
        assertArrayEquals(new byte[] {0x78, 0x56, 0x34, 0x12, (byte) 0xbc, (byte) 0x9a, (byte) 0xf0, (byte) 0xde,
                0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}, java.util.Arrays.copyOfRange(t1.formatted(), 8, 24),
                "the first three UUID fields are little-endian");
        assertEquals("iMac", t1.string(26));

        Structure t2 = s.get(2);
        assertEquals(0x200, t2.handle());
        assertEquals(15, t2.length());
        assertEquals("Apple Inc.", t2.string(4));
        assertEquals("Mac-F2268DC8", t2.string(5));
        assertEquals("pc-i440fx-7.2", t2.string(6), "unset fields keep QEMU's defaults");
        assertEquals("C0000000000000000", t2.string(7));
        assertEquals(1, t2.field(9, 1));
        assertEquals(0x300, t2.field(11, 2), "chassis handle");
        assertEquals(0x0a, t2.field(13, 1));
    }

    @Test
    void aFirmwareLessBootGetsAType0AndContributedStructuresComeBeforeTheEnd() {
        byte[] oem = new SmbiosStructure(0x80, 0x8000).u32(0xdeadbeefL).string("vendor data").toBytes();
        List<Structure> s = walk(SmbiosTables.build(SmbiosOptions.none(), SmbiosPlatform.pc(1, 64 * MIB, 0), List.of(oem), true)
                .tables());
        assertEquals(0, s.get(0).type());
        assertEquals(List.of("SeaBIOS", "1.16.2-debian-1.16.2-1", "04/01/2014"), s.get(0).strings(),
                "what SeaBIOS would have added");
        assertEquals(0x04, s.get(0).field(19, 1));
        assertEquals(0x80, s.get(s.size() - 3).type());
        assertEquals("vendor data", s.get(s.size() - 3).string(8));
        assertEquals(127, s.get(s.size() - 1).type());
    }

    @Test
    void entryPointAnnouncesVersion28WithBothChecksums() {
        SmbiosTableSet set = build(List.of("type=2"), SmbiosPlatform.pc(4, 256 * MIB, 0));
        byte[] ep = set.anchor(0xf0000);
        assertEquals(0x1f, ep.length);
        assertEquals("_SM_", new String(ep, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(0x1f, ep[5]);
        assertEquals(2, ep[6]);
        assertEquals(8, ep[7]);
        assertEquals("_DMI_", new String(ep, 0x10, 5, StandardCharsets.US_ASCII));
        assertEquals(set.tables().length, read(ep, 0x16, 2));
        assertEquals(0xf0000, read(ep, 0x18, 4));
        assertEquals(set.count(), read(ep, 0x1c, 2));
        assertEquals(0x28, ep[0x1e]);
        assertEquals(walk(set.tables()).stream().mapToInt(x -> x.length() + stringBytes(x)).max().orElseThrow(), read(ep, 8, 2),
                "max structure size: the largest structure with its strings");
        assertEquals(0, sum(ep, 0, 0x1f));
        assertEquals(0, sum(ep, 0x10, 0x0f));
        byte[] unplaced = set.anchor();
        assertEquals(0, read(unplaced, 0x18, 4), "handed to firmware with address 0 ...");
        assertEquals(0, unplaced[4], "... and checksums 0, as QEMU does: the firmware fills them in");
        assertEquals(0, unplaced[0x15]);
        assertArrayEquals(Arrays.copyOfRange(ep, 0x16, 0x18), Arrays.copyOfRange(unplaced, 0x16, 0x18));
    }

    @Test
    void badOptionsAreRefusedWithTheirReason() {
        assertMessage("type=1: unknown field 'vendor'", () -> SmbiosOptions.parse(List.of("type=1,vendor=x")));
        assertMessage("don't know how to build fields for SMBIOS type 11", () -> SmbiosOptions.parse(List.of("type=11")));
        assertMessage("type=N is required", () -> SmbiosOptions.parse(List.of("manufacturer=x")));
        assertMessage("is not field=value", () -> SmbiosOptions.parse(List.of("type=1,oops")));
        assertMessage("is not xxxxxxxx", () -> SmbiosOptions.parse(List.of("type=1,uuid=1234")));
        assertMessage("max-speed='fast' is not a number",
                () -> build(List.of("type=4,max-speed=fast"), SmbiosPlatform.pc(1, 64 * MIB, 0)));
    }

    @Test
    void stringSetsFollowTheSpecification() {
        assertArrayEquals(new byte[] {32, 4, 0, 0x20, 0, 0}, new SmbiosStructure(32, 0x2000).toBytes());
        assertArrayEquals(new byte[] {1, 6, 0x00, 0x01, 0, 1, 'a', 0, 0}, new SmbiosStructure(1, 0x100).string("").string("a").toBytes(),
                "an empty string is index 0 and adds nothing to the set");
        assertThrows(IllegalArgumentException.class, () -> new SmbiosStructure(1, 1).string("a\0b"));
    }

    private static int stringBytes(Structure x) {
        return x.strings().isEmpty() ? 2 : x.strings().stream().mapToInt(str -> str.length() + 1).sum() + 1;
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
