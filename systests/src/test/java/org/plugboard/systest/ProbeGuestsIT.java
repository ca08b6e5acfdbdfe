package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe guests (guests/devices, guests/tables, guests/linuxboot) booted with {@code -kernel}
 * through SeaBIOS and QEMU's multiboot or linuxboot option ROM, on Plugboard ({@code -bios}, the firmware path) and on QEMU's
 * pc: what they print must be the same line for line, and QEMU must still print what
 * expected-qemu.txt recorded. QEMU runs with {@code -nodefaults -serial stdio}, which is
 * Plugboard's default device set, and without its APIC's TPR-patching option ROM
 * ({@code -global apic.vapic=off}: kvmvapic.bin, a QEMU artifact that would add a fw_cfg file).
 */
class ProbeGuestsIT {
    private static final String BIOS = "/usr/share/seabios/bios-256k.bin";
    private static final String DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=4";

    /** A line that may differ, with the reason: matched by the prefix both versions share. */
    private record KnownDifference(String prefix, String why) {
    }

    private static final List<KnownDifference> KNOWN = List.of(
            new KnownDifference("acpi: DSDT length ", "QEMU's DSDT also describes a floppy controller FDC0 (Plugboard has"
                    + " none), has HPET._STA as a method reading the HPET's registers (Plugboard's HPET names the value) and"
                    + " spreads the namespace over more Scope blocks; the hot-plug nodes are QEMU's byte for byte"));

    @ParameterizedTest
    @ValueSource(strings = {"devices", "tables"})
    void theGuestFindsThePcAsOnQemu(String guest) throws Exception {
        Guest.Run ours = compare(guest, "guests/" + guest + "/" + guest + ".elf", true);
        assertEquals(1, ours.status(), "isa-debug-exit: (0 << 1) | 1\n" + ours.log());
    }

    /** QEMU's linuxboot path: fw_cfg's setup, kernel, command line and initrd items, through linuxboot_dma.bin. */
    @Test
    void aLinuxKernelGetsItsCommandLineAndInitrdThroughFwCfgAsOnQemu() throws Exception {
        Guest.Run ours = compare("linuxboot", "guests/linuxboot/linuxboot.bin", true,
                "-initrd", "guests/linuxboot/initrd.txt", "-append", "console=ttyS0 hello=world");
        assertTrue(ours.serial().contains("linuxboot: real-mode setup entered at 1020:0000\n"), ours.serial());
        assertTrue(ours.serial().contains("linuxboot: command line 'console=ttyS0 hello=world'\n"), ours.serial());
        assertTrue(ours.serial().contains("starting 'PLUGBOARD-INITRD'"), ours.serial());
    }

    @Test
    void smbiosOptionsReachTheTablesAsOnQemu() throws Exception {
        Guest.Run ours = compare("tables", "guests/tables/tables.elf", false,
                "-smbios", "type=1,manufacturer=Plugboard Test,product=Probe Board,serial=PB-0001",
                "-smbios", "type=2,manufacturer=Board Maker,product=BM-1");
        assertTrue(ours.serial().contains("smbios: type 1 length 27 handle 0100 'Plugboard Test' 'Probe Board' 'pc-i440fx-7.2' 'PB-0001'\n"),
                ours.serial());
        assertTrue(ours.serial().contains("smbios: type 2 length 15 handle 0200 'Board Maker' 'BM-1'"), ours.serial());
    }

    /**
     * Boots {@code kernel} with {@code extra} options through SeaBIOS on both machines and compares
     * what they print from the guest's first line ("GUEST: ") on; with {@code recorded}, QEMU's
     * output must also be the guest's expected-qemu.txt.
     */
    private static Guest.Run compare(String guest, String kernel, boolean recorded, String... extra) throws Exception {
        assertTrue(Files.isRegularFile(Path.of(BIOS)), BIOS + " is missing: install Debian's seabios (.ci/run does)");
        String first = guest + ": ";
        List<String> ourArgs = new ArrayList<>(List.of("-bios", BIOS, "-kernel", kernel, "-device", DEBUG_EXIT));
        List<String> qemuArgs = new ArrayList<>(List.of("-nodefaults", "-serial", "stdio", "-global", "apic.vapic=off",
                "-kernel", kernel, "-device", DEBUG_EXIT));
        ourArgs.addAll(List.of(extra));
        qemuArgs.addAll(List.of(extra));
        Guest.Run ours = Guest.plugboard(ourArgs.toArray(String[]::new));
        Guest.Run qemu = Guest.qemu64(qemuArgs.toArray(String[]::new));
        if (recorded) {
            assertEquals(Files.readString(Path.of("guests", guest, "expected-qemu.txt")), qemu.from(first),
                    "QEMU prints what expected-qemu.txt recorded");
        }
        assertSameLines(qemu.from(first), ours.from(first), ours.log());
        assertEquals(qemu.status(), ours.status());
        return ours;
    }

    private static void assertSameLines(String qemu, String ours, String log) {
        List<String> theirs = qemu.lines().toList(), mine = ours.lines().toList();
        assertEquals(theirs.size(), mine.size(), "line count\nQEMU:\n" + qemu + "\nPlugboard:\n" + ours + "\n" + log);
        for (int i = 0; i < theirs.size(); i++) {
            String q = theirs.get(i), p = mine.get(i);
            if (q.equals(p)) continue;
            boolean known = KNOWN.stream().anyMatch(k -> q.startsWith(k.prefix()) && p.startsWith(k.prefix()));
            if (!known) fail("line " + (i + 1) + " differs\nQEMU:      " + q + "\nPlugboard: " + p + "\n\nPlugboard's output:\n" + ours);
        }
    }
}
