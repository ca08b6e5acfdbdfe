package org.plugboard.firmware.acpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.firmware.acpi.AcpiPlatform.Layout;
import org.plugboard.firmware.acpi.TableBlob.Pointer;
import org.plugboard.firmware.bytes.LeWriter;
import org.plugboard.firmware.contrib.Contributions;

/**
 * Builds the ACPI tables of a PC in QEMU's order: FACS, DSDT, FADT, MADT, the tables devices
 * contributed, WAET, then the RSDT (and with {@link Layout#ACPI2} the XSDT) in
 * {@code etc/acpi/tables} (high memory, 64-byte aligned, the FACS first), and the RSDP in
 * {@code etc/acpi/rsdp} (F segment, 16-byte aligned): revision 0 pointing at the RSDT for
 * {@link Layout#QEMU_PC}, revision 2 pointing at both root tables for {@link Layout#ACPI2}.
 */
public final class AcpiTables {
    private static final String T = AcpiTableSet.TABLES_FILE;
    private static final int RSDP_V1_LENGTH = 20, RSDP_V2_LENGTH = 36;

    private AcpiTables() {
    }

    public static AcpiTableSet build(Contributions contributions, AcpiPlatform platform) {
        boolean acpi2 = platform.layout() == Layout.ACPI2;
        BiosLinker linker = new BiosLinker();
        TableBlob tables = new TableBlob(T, 64, BiosLinker.Zone.HIGH, linker);
        Map<String, Integer> offsets = new LinkedHashMap<>();

        int facs = tables.append(Facs.build(), Facs.ALIGNMENT);
        offsets.put("FACS", facs);
        int dsdt = tables.appendTable(Dsdt.build(platform, contributions), 1);
        offsets.put("DSDT", dsdt);

        List<Pointer> fadtPointers = new ArrayList<>(List.of(
                new Pointer(Fadt.FIRMWARE_CTRL_OFFSET, 4, T, facs), new Pointer(Fadt.DSDT_OFFSET, 4, T, dsdt)));
        if (acpi2) fadtPointers.add(new Pointer(Fadt.X_DSDT_OFFSET, 8, T, dsdt));
        List<Integer> described = new ArrayList<>();
        described.add(put(offsets, tables.appendTable(Fadt.build(platform), 1, fadtPointers.toArray(Pointer[]::new)), "FACP"));
        described.add(put(offsets, tables.appendTable(Madt.build(platform), 1), "APIC"));
        for (byte[] table : contributions.acpiTables()) {
            described.add(put(offsets, tables.appendTable(table, 1), AcpiHeader.signature(table)));
        }
        described.add(put(offsets, tables.appendTable(Waet.build(), 1), "WAET"));

        int rsdt = tables.appendTable(rootTable("RSDT", 4, described.size()), 1, entries(described, 4));
        offsets.put("RSDT", rsdt);
        int xsdt = -1;
        if (acpi2) {
            xsdt = tables.appendTable(rootTable("XSDT", 8, described.size()), 1, entries(described, 8));
            offsets.put("XSDT", xsdt);
        }

        TableBlob rsdp = new TableBlob(AcpiTableSet.RSDP_FILE, 16, BiosLinker.Zone.FSEG, linker);
        if (acpi2) {
            rsdp.append(rsdp(2, RSDP_V2_LENGTH), 1, new Pointer(16, 4, T, rsdt), new Pointer(24, 8, T, xsdt));
            rsdp.checksum(8, 0, RSDP_V1_LENGTH);
            rsdp.checksum(32, 0, RSDP_V2_LENGTH);
        } else {
            rsdp.append(rsdp(0, RSDP_V1_LENGTH), 1, new Pointer(16, 4, T, rsdt));
            rsdp.checksum(8, 0, RSDP_V1_LENGTH);
        }
        return new AcpiTableSet(tables.toArray(), rsdp.toArray(), linker, offsets);
    }

    // a contributed table's signature may repeat (several SSDTs): later ones get a numbered key
    private static int put(Map<String, Integer> offsets, int offset, String signature) {
        String key = signature;
        for (int n = 2; offsets.containsKey(key); n++) key = signature + "#" + n;
        offsets.put(key, offset);
        return offset;
    }

    private static byte[] rootTable(String signature, int entrySize, int count) {
        LeWriter t = AcpiHeader.start(signature, 1);
        t.zeros(entrySize * count);
        return AcpiHeader.finish(t);
    }

    private static Pointer[] entries(List<Integer> targets, int entrySize) {
        Pointer[] p = new Pointer[targets.size()];
        for (int i = 0; i < p.length; i++) p[i] = new Pointer(AcpiHeader.SIZE + entrySize * i, entrySize, T, targets.get(i));
        return p;
    }

    // signature, checksum, OEM id, revision, RSDT address; revision 2 adds length, XSDT address, extended checksum
    private static byte[] rsdp(int revision, int length) {
        LeWriter r = new LeWriter().ascii("RSD PTR ", 8, ' ').u8(0).ascii(AcpiHeader.OEM_ID, 6, ' ').u8(revision).u32(0);
        if (revision >= 2) r.u32(length).u64(0).u8(0).zeros(3);
        return r.toArray();
    }
}
