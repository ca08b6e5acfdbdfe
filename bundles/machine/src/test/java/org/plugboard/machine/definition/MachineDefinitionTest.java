package org.plugboard.machine.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.device.ConfigException;
import org.plugboard.machine.definition.MachineDefinition.DeviceSpec;
import org.plugboard.machine.definition.MachineDefinition.Origin;

/** The machine definition: QEMU-style command line, its text form, and board files. */
class MachineDefinitionTest {
    private static MachineDefinition args(String... a) throws ConfigException {
        return MachineDefinition.fromArgs(List.of(a));
    }

    private static Arguments option(String name, List<String> argv, Consumer<MachineDefinition> check) {
        return Arguments.of(name, argv, check);
    }

    /** One command line per option in {@link MachineDefinition#OPTIONS}, with what it must set. */
    static Stream<Arguments> everyOption() {
        return Stream.of(
                option("name", List.of("-name", "test1"), d -> assertEquals("test1", d.name)),
                option("machine", List.of("-machine", "q35,accel=tcg,smm=off"), d -> {
                    assertEquals("q35", d.machineType);
                    assertEquals(Map.of("smm", "off"), d.machineProps);
                }),
                option("m", List.of("-m", "512"), d -> assertEquals(512L << 20, d.memory)),
                option("smp", List.of("-smp", "4"), d -> assertEquals(4, d.cpus)),
                option("cpu", List.of("-cpu", "max,-monitor"), d -> assertEquals("max,-monitor", d.cpuModel)),
                option("kernel", List.of("-kernel", "vmlinuz"), d -> assertEquals("vmlinuz", d.kernel)),
                option("initrd", List.of("-initrd", "a.img,b.elf arg=1"), d -> assertEquals(List.of("a.img", "b.elf arg=1"), d.initrds)),
                option("append", List.of("-append", "console=ttyS0 quiet"), d -> assertEquals("console=ttyS0 quiet", d.append)),
                option("bios", List.of("-bios", "bios.bin"), d -> assertEquals("bios.bin", d.bios)),
                option("smbios", List.of("-smbios", "type=1,product=iMac11,,1"), d -> assertEquals(List.of("type=1,product=iMac11,,1"), d.smbios)),
                option("device", List.of("-device", "isa-serial,id=com2,iobase=0x2f8"), d -> assertEquals(
                        List.of(new DeviceSpec("isa-serial", "com2", Map.of("iobase", "0x2f8"), Origin.USER)), d.devices)),
                option("global", List.of("-global", "isa-serial.fifo=off"), d -> assertEquals(Map.of("isa-serial", Map.of("fifo", "off")), d.globals)),
                option("drive", List.of("-drive", "file=disk.img,if=ide,format=raw"), d -> assertEquals(
                        List.of(Map.of("file", "disk.img", "if", "ide", "format", "raw")), d.drives)),
                option("serial", List.of("-serial", "tcp:127.0.0.1:4555,server,nowait"), d -> assertEquals(List.of("tcp:127.0.0.1:4555,server,nowait"), d.serials)),
                option("nographic", List.of("-nographic"), d -> assertTrue(d.nographic)),
                option("display", List.of("-display", "none"), d -> assertEquals(new MachineDefinition().toText(), d.toText())),
                option("nodefaults", List.of("-nodefaults"), d -> assertTrue(d.nodefaults)),
                option("no-reboot", List.of("-no-reboot"), d -> assertTrue(d.noReboot)),
                option("icount", List.of("-icount", "shift=3"), d -> {
                    assertEquals(ClockMode.DETERMINISTIC, d.clock);
                    assertEquals(3, d.icountShift);
                }),
                option("clock", List.of("-clock", "deterministic"), d -> assertEquals(ClockMode.DETERMINISTIC, d.clock)));
    }

    @ParameterizedTest(name = "-{0}")
    @MethodSource("everyOption")
    void everyOptionSetsItsField(String name, List<String> argv, Consumer<MachineDefinition> check) throws ConfigException {
        check.accept(MachineDefinition.fromArgs(argv));
        List<String> doubleDash = new ArrayList<>(argv);
        doubleDash.set(0, "-" + argv.get(0));
        check.accept(MachineDefinition.fromArgs(doubleDash)); // --opt is accepted too
    }

    @Test
    void theOptionTableCoversEveryOption() {
        Set<String> tested = everyOption().map(a -> (String) a.get()[0]).collect(Collectors.toCollection(TreeSet::new));
        Set<String> declared = MachineDefinition.OPTIONS.stream().map(MachineDefinition.Option::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, tested);
        for (MachineDefinition.Option o : MachineDefinition.OPTIONS)
            assertTrue(MachineDefinition.help().contains("-" + o.name()), "--help lists -" + o.name());
    }

    @Test
    void defaultsAreAPcWith128MAndOneCpu() throws ConfigException {
        MachineDefinition d = args();
        assertEquals("pc", d.machineType);
        assertEquals(128L << 20, d.memory);
        assertEquals(1, d.cpus);
        assertEquals(ClockMode.REALTIME, d.clock);
        assertNull(d.kernel);
    }

    @ParameterizedTest
    @CsvSource({"256, 268435456", "256M, 268435456", "1G, 1073741824", "size=64M, 67108864", "1028K, 1052672", "1000001K, 1024004096"})
    void memorySizesAreMegabytesUnlessSuffixedAndRoundedToPages(String value, long bytes) throws ConfigException {
        assertEquals(bytes, args("-m", value).memory);
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "cpus=3, 3", "255, 255"})
    void smpTakesACountOrCpus(String value, int cpus) throws ConfigException {
        assertEquals(cpus, args("-smp", value).cpus);
    }

    @Test
    void repeatedOptionsAccumulateOrOverride() throws ConfigException {
        MachineDefinition d = args("-device", "a", "-device", "b,id=x", "-serial", "stdio", "-serial", "null", "-m", "64", "-m", "32",
                "-global", "a.p=1", "-global", "a.q=2");
        assertEquals(List.of("a", "b"), d.devices.stream().map(DeviceSpec::type).toList());
        assertNull(d.devices.get(0).id());
        assertEquals("x", d.devices.get(1).id());
        assertEquals(List.of("stdio", "null"), d.serials);
        assertEquals(32L << 20, d.memory);
        assertEquals(Map.of("p", "1", "q", "2"), d.globals.get("a"));
    }

    // ---------------------------------------------------------------- errors name what is wrong

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-bogus                           | unknown option '-bogus'",
            "kernel                           | unexpected argument 'kernel'",
            "-m                               | option '-m' needs a value",
            "-m abc                           | 'abc'",
            "-m 0                             | -m 0",
            "-m 2T                            | -m 2T",
            "-smp 0                           | -smp 0",
            "-smp 256                         | -smp 256",
            "-smp x                           | 'x'",
            "-icount shift=11                 | -icount shift=11",
            "-icount shift=y                  | 'y'",
            "-clock fast                      | -clock fast",
            "-display gtk                     | -display gtk",
            "-serial tcp:1234                 | -serial tcp:1234: only the server side exists here",
            "-serial tcp:10.0.0.1:4555,server | listens on loopback only",
            "-machine pc,accel=kvm            | accel=kvm",
            "-global nodot=1                  | -global nodot=1",
            "-global isa-serial.fifo          | -global isa-serial.fifo",
            "-drive if=ide                    | file=",
            "-device id=x                     | -device id=x",
            "-device isa-serial,irq=1,irq=2   | 'irq' given twice",
            "-device isa-serial,junk          | 'junk' is not key=value",
            "-device isa-serial,=1            | empty property name",
            "-smp 2,sockets=2                 | sockets",
            "-m 64M,slots=2                   | slots",
            "-icount shift=1,sleep=off        | sleep"})
    void badCommandLinesFailNamingTheCulprit(String line, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> MachineDefinition.fromArgs(Arrays.asList(line.split(" "))));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "m 64M\\nbogus 1          | line 2: unknown option 'bogus'",
            "nographic yes            | line 1: option 'nographic' takes no value",
            "# comment\\n\\nsmp       | line 3: option 'smp' needs a value: N",
            "board isa-serial         | line 1: unknown option 'board'",
            "smp 0                    | line 1: -smp 0"})
    void badTextLinesFailWithTheLineNumber(String text, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> MachineDefinition.parse(text.replace("\\n", "\n")));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    // ---------------------------------------------------------------- text form

    /** Every public instance field, for comparing two definitions completely. */
    private static void assertSameDefinition(MachineDefinition expected, MachineDefinition actual) throws IllegalAccessException {
        for (Field f : MachineDefinition.class.getFields())
            if (!Modifier.isStatic(f.getModifiers())) assertEquals(f.get(expected), f.get(actual), f.getName());
    }

    static Stream<List<String>> commandLines() {
        return Stream.of(
                List.of(),
                List.of("-name", "lab", "-machine", "q35,smm=off", "-m", "1G", "-smp", "2", "-cpu", "qemu64,+ssse3",
                        "-kernel", "k.elf", "-initrd", "m1,m2 arg", "-append", "console=ttyS0 root=/dev/sda",
                        "-bios", "bios.bin", "-device", "isa-serial,id=com2,iobase=0x2f8", "-device", "e1000,mac=52:54:00:12:34:56",
                        "-global", "isa-serial.fifo=off", "-drive", "file=a.img,if=ide", "-serial", "stdio", "-serial", "file:/tmp/x",
                        "-nographic", "-display", "none", "-nodefaults", "-no-reboot", "-icount", "shift=2"),
                List.of("-device", "virtio-net,id=n0,romfile=a,,b.rom", "-clock", "deterministic"),
                List.of("-m", "1028K"));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void theTextFormRoundTrips(List<String> argv) throws ConfigException, IllegalAccessException {
        MachineDefinition fromArgs = MachineDefinition.fromArgs(argv);
        String text = fromArgs.toText();
        MachineDefinition parsed = MachineDefinition.parse(text);

        assertSameDefinition(fromArgs, parsed);
        assertEquals(text, parsed.toText());
    }

    @Test
    void commasInValuesAreEscapedAndRestored() throws ConfigException {
        MachineDefinition d = args("-device", "virtio-net,id=n0,romfile=a,,b.rom");
        assertEquals("a,b.rom", d.devices.get(0).props().get("romfile"));
        assertTrue(d.toText().contains("device virtio-net,id=n0,romfile=a,,b.rom\n"), d.toText());
    }

    @Test
    void commentsAndBlankLinesAreIgnored() throws ConfigException {
        MachineDefinition d = MachineDefinition.parse("# lab machine\n\n  m 64M  \n# smp 4\nnographic\n");
        assertEquals(64L << 20, d.memory);
        assertEquals(1, d.cpus);
        assertTrue(d.nographic);
    }

    // ---------------------------------------------------------------- board files

    private static final String BOARD = String.join("\n",
            "# the i440FX board",
            "lowmem 0xb0000000",
            "board i440fx,id=host",
            "board piix3",
            "default isa-serial,id=com1,iobase=0x3f8",
            "device isa-debugcon",
            "");

    @Test
    void aBoardSplitsLargeMemoryAsQemusPcDoes() throws ConfigException {
        MachineDefinition pc = new MachineDefinition();
        pc.applyText("lowmem 0xe0000000,0xc0000000\n", true);
        long gib = 1L << 30;
        assertEquals(128L << 20, MachineDefinition.ramBelow4g(128L << 20, pc.lowMemoryLimit, pc.lowMemorySplit));
        assertEquals(0xdff00000L, MachineDefinition.ramBelow4g(0xdff00000L, pc.lowMemoryLimit, pc.lowMemorySplit),
                "just under 3.5 GiB: all of it below 4 GiB");
        assertEquals(3 * gib, MachineDefinition.ramBelow4g(0xe0000000L, pc.lowMemoryLimit, pc.lowMemorySplit),
                "from 3.5 GiB on: 3 GiB below, the rest above");
        assertEquals(3 * gib, MachineDefinition.ramBelow4g(8 * gib, pc.lowMemoryLimit, pc.lowMemorySplit));
    }

    @Test
    void boardFilesListFixedAndDefaultDevicesAndTheLowMemoryLimit() throws ConfigException {
        MachineDefinition board = new MachineDefinition();
        board.applyText(BOARD, true);

        assertEquals(0xb0000000L, board.lowMemoryLimit);
        assertEquals(List.of(
                new DeviceSpec("i440fx", "host", Map.of(), Origin.BOARD),
                new DeviceSpec("piix3", null, Map.of(), Origin.BOARD),
                new DeviceSpec("isa-serial", "com1", Map.of("iobase", "0x3f8"), Origin.DEFAULT),
                new DeviceSpec("isa-debugcon", null, Map.of(), Origin.BOARD)), board.devices);
        assertFalse(board.toText().contains("i440fx"), "board devices come with the machine type, not the text form");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lowmem lots     | line 1: lowmem: 'lots' is not a number",
            "# x\\nboard     | line 2: a device line needs a type",
            "default ,id=a   | line 1: -device ,id=a"})
    void badBoardLinesFailWithTheLineNumber(String text, String expected) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new MachineDefinition().applyText(text.replace("\\n", "\n"), true));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void checkFilesNamesAMissingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> args("-kernel", "/nonexistent/vmlinuz").checkFiles());
        assertEquals("-kernel /nonexistent/vmlinuz: no such file", e.getMessage());
    }

    @Test
    void theFirmwareGetsSmbiosAlwaysAndTheKernelOnlyWhenABiosBootsIt() throws ConfigException {
        MachineDefinition direct = args("-kernel", "vmlinuz", "-initrd", "a.img", "-append", "quiet", "-smbios", "type=1,product=X",
                "-smbios", "type=2,manufacturer=Y");
        assertEquals(Map.of("smbios", "type=1,product=X;type=2,manufacturer=Y"), direct.firmwareProperties());
        MachineDefinition viaBios = args("-bios", "bios.bin", "-kernel", "vmlinuz", "-initrd", "a.img,b.elf arg=1", "-append",
                "console=ttyS0", "-nographic");
        assertEquals(Map.of("nographic", "on", "kernel", "vmlinuz", "initrd", "a.img;b.elf arg=1", "append", "console=ttyS0"),
                viaBios.firmwareProperties());
        assertTrue(args("-bios", "bios.bin").firmwareProperties().isEmpty(), "no kernel, no kernel items");
        assertTrue(args("-smbios", "type=1,product=X").toText().contains("smbios type=1,product=X\n"));
    }
}
