package org.plugboard.systest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Debian's SeaBIOS on the pc machine, compared with QEMU's x86_64 pc running the same binary:
 * its debug log (port 0x402) must report the same platform — fw_cfg with DMA, the same PCI
 * functions mapped at the same addresses, the PM timer where PIIX4 has it, the same e820 map.
 */
class SeaBiosIT {
    private static final String BIOS = "/usr/share/seabios/bios-256k.bin";
    /** The lines that describe the platform (not build ids, table addresses or timing). */
    private static final Pattern PLATFORM = Pattern.compile(
            "Running on QEMU|fw_cfg|qemu/e820|PCI devices|PCI: map|PCI: init|PIIX3/PIIX4|pmtimer|cpu\\(s\\)|^  [0-9]: |serial ports|e820 map|RamSize|PCI: 32|PCI: 64|PCI: IO");

    private static List<String> platformLines(String log) {
        return log.lines().filter(l -> PLATFORM.matcher(l).find()).collect(Collectors.toList());
    }

    /** 128 MiB, and 4 GiB, where the board puts 3 GiB below 4 GiB and the rest above, as QEMU's pc does. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"128M", "4G"})
    void seaBiosSeesTheSamePlatformAsOnQemu(String ram) throws Exception {
        assertTrue(Files.isRegularFile(Path.of(BIOS)), BIOS + " is missing: install Debian's seabios (.ci/run does)");
        Path ours = Files.createTempFile("seabios-plugboard", ".log"), theirs = Files.createTempFile("seabios-qemu", ".log");
        try {
            String plugboard = Guest.untilLogShows(Guest.javaLauncher("-batch", "-m", ram, "-nodefaults", "-bios", BIOS, "-serial", "null",
                    "-serial", "file:" + ours, "-device", "isa-debugcon,iobase=0x402,chardev=serial1"), ours, "No bootable device");
            String qemu = Guest.untilLogShows(List.of("/usr/bin/qemu-system-x86_64", "-accel", "tcg", "-m", ram, "-nodefaults", "-display", "none",
                    "-bios", BIOS, "-chardev", "file,id=dbg,path=" + theirs, "-device", "isa-debugcon,iobase=0x402,chardev=dbg"),
                    theirs, "No bootable device");
            assertTrue(plugboard.contains("Found QEMU fw_cfg") && plugboard.contains("QEMU fw_cfg DMA interface supported"), plugboard);
            assertEquals(String.join("\n", platformLines(qemu)), String.join("\n", platformLines(plugboard)));
        } finally {
            Files.deleteIfExists(ours);
            Files.deleteIfExists(theirs);
        }
    }
}
