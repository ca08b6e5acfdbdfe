package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The probe guests (guests/devices, guests/tables, guests/linuxboot) booted with {@code -kernel}
 * on Plugboard and on QEMU's pc: what they print must be the same line for line, and QEMU must
 * still print what expected-qemu.txt recorded. Plugboard starts them both ways: through SeaBIOS
 * and QEMU's multiboot or linuxboot option ROM ({@code -bios}, {@link Start#FIRMWARE}), and
 * firmware-less (the default, {@link Start#FIRMWARE_LESS}), where the platform setup in
 * bundles/firmware leaves the platform as SeaBIOS does. QEMU runs with {@code -nodefaults
 * -serial stdio}, which is Plugboard's default device set, and without its APIC's TPR-patching
 * option ROM ({@code -global apic.vapic=off}: kvmvapic.bin, a QEMU artifact that would add a
 * fw_cfg file).
 */
class ProbeGuestsIT {
    private static final String BIOS = "/usr/share/seabios/bios-256k.bin";
    private static final String DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=4";

    /** How Plugboard starts the kernel. */
    enum Start { FIRMWARE, FIRMWARE_LESS }

    /** A line that may differ, with the reason: both versions match {@code pattern}. */
    private record KnownDifference(String pattern, String why) {
        boolean covers(String qemu, String ours) {
            return qemu.matches(pattern) && ours.matches(pattern);
        }
    }

    /** A line QEMU's guest prints and Plugboard's does not, with the reason. */
    private record AbsentLine(String prefix, String why) {
    }

    private static final List<KnownDifference> KNOWN = List.of(
            new KnownDifference("acpi: DSDT length .*", "QEMU's DSDT also describes a floppy controller FDC0 (Plugboard has"
                    + " none), has HPET._STA as a method reading the HPET's registers (Plugboard's HPET names the value) and"
                    + " spreads the namespace over more Scope blocks; the hot-plug nodes are QEMU's byte for byte"));

    /** Without firmware, what only a BIOS and QEMU's option ROMs put there. */
    private static final List<KnownDifference> KNOWN_WITHOUT_FIRMWARE = List.of(
            new KnownDifference("multiboot: loader '[^']*' command line .*",
                    "the multiboot loader is Plugboard's own, not QEMU's multiboot_dma.bin"),
            new KnownDifference("fw_cfg: \\d+ files",
                    "no firmware boots the kernel, so fw_cfg carries no kernel items, no option ROM and no boot order"),
            new KnownDifference("fw_cfg file 0021 [0-9a-f]{8} bootorder.*", "the bootorder file is empty: there is no option ROM to boot from"),
            new KnownDifference("smbios: entry point length 31 version 2.8 max structure \\d+ revision 0 table length \\d+"
                    + " structures \\d+ bcd revision 28 checksums ok", "the table holds Plugboard's BIOS information strings,"
                    + " so its length differs"),
            new KnownDifference("smbios: type 0 length 24 handle 0000 .*", "the BIOS information names Plugboard's firmware-less start, not SeaBIOS"),
            new KnownDifference("linuxboot: type_of_loader [0-9a-f]{2} loadflags 81 heap_end_ptr fe00 cmd_line_ptr [0-9a-f]{8}",
                    "Plugboard's Linux loader says 'undefined' (0xff), not QEMU's 0xb0,"
                    + " and puts the command line at its own address"));

    private static final List<AbsentLine> ABSENT_WITHOUT_FIRMWARE = List.of(
            new AbsentLine("fw_cfg file 002b 00000400 genroms/", "no option ROM boots the kernel"),
            new AbsentLine("linuxboot: real-mode setup entered ", "Plugboard's Linux loader enters the kernel at code32_start"
                    + " (the 32-bit boot protocol), not through the real-mode setup as linuxboot_dma.bin does"));

    @ParameterizedTest
    @CsvSource({"devices,FIRMWARE", "tables,FIRMWARE", "devices,FIRMWARE_LESS", "tables,FIRMWARE_LESS"})
    void theGuestFindsThePcAsOnQemu(String guest, Start start) throws Exception {
        Guest.Run ours = compare(guest, "guests/" + guest + "/" + guest + ".elf", true, start);
        assertEquals(1, ours.status(), "isa-debug-exit: (0 << 1) | 1\n" + ours.log());
    }

    /** QEMU's linuxboot path: fw_cfg's setup, kernel, command line and initrd items, through linuxboot_dma.bin. */
    @Test
    void aLinuxKernelGetsItsCommandLineAndInitrdThroughFwCfgAsOnQemu() throws Exception {
        Guest.Run ours = compare("linuxboot", "guests/linuxboot/linuxboot.bin", true, Start.FIRMWARE,
                "-initrd", "guests/linuxboot/initrd.txt", "-append", "console=ttyS0 hello=world");
        assertTrue(ours.serial().contains("linuxboot: real-mode setup entered at 1020:0000\n"), ours.serial());
        assertTrue(ours.serial().contains("linuxboot: command line 'console=ttyS0 hello=world'\n"), ours.serial());
        assertTrue(ours.serial().contains("starting 'PLUGBOARD-INITRD'"), ours.serial());
    }

    /** Without firmware Plugboard's Linux loader places the kernel, command line and initrd where QEMU's path does. */
    @Test
    void aLinuxKernelGetsItsCommandLineAndInitrdFirmwareLess() throws Exception {
        Guest.Run ours = compare("linuxboot", "guests/linuxboot/linuxboot.bin", true, Start.FIRMWARE_LESS,
                "-initrd", "guests/linuxboot/initrd.txt", "-append", "console=ttyS0 hello=world");
        assertTrue(ours.serial().contains("linuxboot: protected mode at code32_start\n"), ours.serial());
        assertTrue(ours.serial().contains("linuxboot: command line 'console=ttyS0 hello=world'\n"), ours.serial());
        assertTrue(ours.serial().contains("linuxboot: initrd 34 bytes at 07fdf000, starting 'PLUGBOARD-INITRD'"), ours.serial());
    }

    @ParameterizedTest
    @EnumSource(Start.class)
    void smbiosOptionsReachTheTablesAsOnQemu(Start start) throws Exception {
        Guest.Run ours = compare("tables", "guests/tables/tables.elf", false, start,
                "-smbios", "type=1,manufacturer=Plugboard Test,product=Probe Board,serial=PB-0001",
                "-smbios", "type=2,manufacturer=Board Maker,product=BM-1");
        assertTrue(ours.serial().contains("smbios: type 1 length 27 handle 0100 'Plugboard Test' 'Probe Board' 'pc-i440fx-7.2' 'PB-0001'\n"),
                ours.serial());
        assertTrue(ours.serial().contains("smbios: type 2 length 15 handle 0200 'Board Maker' 'BM-1'"), ours.serial());
    }

    /**
     * Boots {@code kernel} with {@code extra} options on both machines (Plugboard as {@code start}
     * says) and compares what they print from the guest's first line ("GUEST: ") on; with
     * {@code recorded}, QEMU's output must also be the guest's expected-qemu.txt.
     */
    private static Guest.Run compare(String guest, String kernel, boolean recorded, Start start, String... extra) throws Exception {
        String first = guest + ": ";
        List<String> ourArgs = new ArrayList<>();
        if (start == Start.FIRMWARE) {
            assertTrue(Files.isRegularFile(Path.of(BIOS)), BIOS + " is missing: install Debian's seabios (.ci/run does)");
            ourArgs.addAll(List.of("-bios", BIOS));
        }
        ourArgs.addAll(List.of("-kernel", kernel, "-device", DEBUG_EXIT));
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
        List<KnownDifference> known = new ArrayList<>(KNOWN);
        List<AbsentLine> absent = new ArrayList<>();
        if (start == Start.FIRMWARE_LESS) {
            known.addAll(KNOWN_WITHOUT_FIRMWARE);
            absent.addAll(ABSENT_WITHOUT_FIRMWARE);
        }
        assertSameLines(qemu.from(first), ours.from(first), ours.log(), known, absent);
        assertEquals(qemu.status(), ours.status());
        return ours;
    }

    private static void assertSameLines(String qemu, String ours, String log, List<KnownDifference> known, List<AbsentLine> absent) {
        List<String> mine = ours.lines().toList();
        for (String p : mine)
            for (AbsentLine a : absent)
                assertFalse(p.startsWith(a.prefix()), "Plugboard prints a line declared absent (" + a.why() + "): " + p);
        List<String> theirs = qemu.lines().filter(q -> absent.stream().noneMatch(a -> q.startsWith(a.prefix()))).toList();
        assertEquals(theirs.size(), mine.size(), "line count\nQEMU:\n" + qemu + "\nPlugboard:\n" + ours + "\n" + log);
        for (int i = 0; i < theirs.size(); i++) {
            String q = theirs.get(i), p = mine.get(i);
            if (q.equals(p)) continue;
            boolean isKnown = known.stream().anyMatch(k -> k.covers(q, p));
            if (!isKnown) fail("line " + (i + 1) + " differs\nQEMU:      " + q + "\nPlugboard: " + p + "\n\nPlugboard's output:\n" + ours);
        }
    }
}
