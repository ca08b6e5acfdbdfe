package org.plugboard.firmware.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.plugboard.firmware.bytes.LeWriter.read;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.firmware.acpi.AcpiPlatform;
import org.plugboard.firmware.acpi.AcpiTableSet;
import org.plugboard.firmware.acpi.AcpiTables;
import org.plugboard.firmware.contrib.Contributions;
import org.plugboard.firmware.smbios.SmbiosOptions;
import org.plugboard.firmware.smbios.SmbiosPlatform;
import org.plugboard.firmware.smbios.SmbiosTables;

/**
 * Byte-for-byte comparison with what a guest finds in memory on Debian 12's QEMU 7.2 and
 * SeaBIOS 1.16.2. The reference bytes were read from guest RAM (monitor {@code pmemsave}) after
 * SeaBIOS had run on {@code qemu-system-x86_64 -machine pc -m 128 -smp 2 -nodefaults}: it placed
 * the tables at 0x07fe0000 (FACS) and 0x07fe0040 (DSDT).
 */
class QemuReferenceTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long TABLES_AT = 0x07fe0000L;

    private static final String QEMU_FACP = "464143507400000001f1424f4348532042585043202020200100000042585043010000000000fe07"
            + "4000fe0701000900b2000000f1f00000000600000000000004060000000000000000000008060000e0af00000000000004020004"
            + "04000000ff0fff0f000000000000000032000000a5800000";
    private static final String QEMU_APIC = "41504943800000000177424f4348532042585043202020200100000042585043010000000000e0fe"
            + "0100000000080000010000000008010101000000010c00000000c0fe00000000020a0000020000000000020a0005050000000d00"
            + "020a0009090000000d00020a000a0a0000000d00020a000b0b0000000d000406ff000001";
    private static final String QEMU_WAET = "57414554280000000139424f43485320425850432020202001000000425850430100000002000000";
    private static final String QEMU_SEABIOS_SMBIOS = "00180000010200e80300080000000000000000040000ffff53656142494f5300312e31362e"
            + "322d64656269616e2d312e31362e322d310030342f30312f323031340000011b0001010203000000000000000000000000000000"
            + "000006000051454d55005374616e646172642050432028693434304658202b20504949582c2031393936290070632d69343430"
            + "66782d372e3200000316000301010200000303030200000000000000000051454d550070632d6934343066782d372e320000042a"
            + "000401030102b10f0600fdfb8b0703000000d007d0074101ffffffffffff0000000202020200010043505520300051454d550070"
            + "632d6934343066782d372e3200001017001001030600000200feff010000000000000000000000112800110010feffffffffff80"
            + "00090001000702000000020000000000000000000000000000000044494d4d20300051454d550000131f001300000000ffff0100"
            + "001001000000000000000000000000000000000000200b00200000000000000000007f04007f0000";

    private static Map<String, byte[]> placedQemuLayout() {
        AcpiTableSet set = AcpiTables.build(Contributions.none(),
                AcpiPlatform.pc(AcpiPlatform.Layout.QEMU_PC, 2, 128 << 20, 0));
        return Map.of("tables", set.placeAt(TABLES_AT, 0xf59d0).get(AcpiTableSet.TABLES_FILE),
                "rsdp", set.placeAt(TABLES_AT, 0xf59d0).get(AcpiTableSet.RSDP_FILE));
    }

    private static byte[] table(byte[] tables, String signature) {
        for (int at = 64; at < tables.length; at += (int) read(tables, at + 4, 4)) {
            if (new String(tables, at, 4, java.nio.charset.StandardCharsets.US_ASCII).equals(signature))
                return Arrays.copyOfRange(tables, at, at + (int) read(tables, at + 4, 4));
        }
        throw new AssertionError("no " + signature);
    }

    @Test
    void fadtMadtAndWaetMatchQemuByteForByte() {
        byte[] tables = placedQemuLayout().get("tables");
        assertEquals(QEMU_FACP, HEX.formatHex(table(tables, "FACP")));
        assertEquals(QEMU_APIC, HEX.formatHex(table(tables, "APIC")));
        assertEquals(QEMU_WAET, HEX.formatHex(table(tables, "WAET")));
    }

    @Test
    void rsdpAndRsdtHaveQemusShape() {
        Map<String, byte[]> placed = placedQemuLayout();
        byte[] rsdp = placed.get("rsdp");
        assertEquals(20, rsdp.length);
        assertEquals(0, rsdp[15], "revision 0");
        byte[] tables = placed.get("tables");
        byte[] rsdt = table(tables, "RSDT");
        assertEquals(36 + 4 * 3, rsdt.length, "FACP, APIC, WAET (QEMU adds HPET when its HPET device is present)");
        assertEquals(List.of("FACP", "APIC", "WAET"), List.of(sigAt(tables, read(rsdt, 36, 4)), sigAt(tables, read(rsdt, 40, 4)),
                sigAt(tables, read(rsdt, 44, 4))));
        assertEquals(TABLES_AT + tables.length - rsdt.length, read(rsdp, 16, 4), "the RSDT is the last table");
    }

    @Test
    void smbiosWithSeabiosType0MatchesByteForByte() {
        byte[] mine = SmbiosTables.build(SmbiosOptions.none(), SmbiosPlatform.pc(2, 128 << 20, 0), List.of(), true).tables();
        assertArrayEquals(HEX.parseHex(QEMU_SEABIOS_SMBIOS), mine, () -> "\nqemu: " + QEMU_SEABIOS_SMBIOS + "\nmine: " + HEX.formatHex(mine));
    }

    private static String sigAt(byte[] tables, long address) {
        int at = (int) (address - TABLES_AT);
        return new String(tables, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
