package org.plugboard.machine.definition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.api.clock.ClockMode;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceConfig;

/**
 * What a machine is made of, as configuration. It has two spellings that map one to one: the
 * QEMU-style command line ({@code -m 256M -device isa-serial,id=com1}) and a text file with one
 * option a line and no dash ({@code m 256M}, {@code device isa-serial,id=com1}); {@code #}
 * starts a comment. Board files (the machine types' fixed devices) add {@code board TYPE,...}
 * and {@code default TYPE,...} lines; defaults are dropped by {@code -nodefaults}.
 */
public final class MachineDefinition {
    /** One option: its name, the shape of its value (null for a flag) and its help. */
    public record Option(String name, String value, String help) {
    }

    public static final List<Option> OPTIONS = List.of(
            new Option("name", "ID", "the machine's id in the shell (default: vm0)"),
            new Option("machine", "TYPE[,prop=val]", "board type: pc (i440FX/PIIX), q35 (Q35/ICH9) or none (default pc)"),
            new Option("m", "SIZE", "RAM size with K/M/G suffix (default 128M)"),
            new Option("smp", "N", "number of vCPUs (default 1)"),
            new Option("cpu", "MODEL[,+feat][,-feat][,opt=val]", "CPU model: qemu64, qemu32, max (default qemu64)"),
            new Option("kernel", "FILE", "boot this kernel (multiboot ELF/a.out, Linux bzImage); without -bios (the default) it"
                    + " starts firmware-less: the platform is first left as SeaBIOS leaves it (PCI resources, 8259s, PIT, ACPI"
                    + " and SMBIOS tables, IVT and BIOS data area, e820), then the kernel is loaded directly"),
            new Option("initrd", "FILE[,FILE...]", "initial ramdisk (Linux) or modules (multiboot)"),
            new Option("append", "STRING", "kernel command line"),
            new Option("bios", "FILE", "firmware image mapped below 4 GiB (e.g. SeaBIOS bios.bin); with -kernel, the firmware"
                    + " boots the kernel from fw_cfg as on QEMU: the platform the firmware-less default sets up, plus real"
                    + " firmware for what a kernel may call (BIOS services, option ROMs); SeaBIOS's run adds about a second"),
            new Option("smbios", "type=N[,field=value...]", "SMBIOS fields the firmware reports (QEMU's -smbios)"),
            new Option("device", "TYPE[,prop=val...]", "add a device; 'vm:factories' lists the types"),
            new Option("global", "TYPE.prop=val", "default property value for every device of TYPE"),
            new Option("drive", "file=PATH[,id=ID][,if=TYPE][,format=raw][,readonly=on]", "a disk image"),
            new Option("serial", "stdio|file:PATH|tcp:127.0.0.1:PORT,server[,nowait]|buffer|null|none",
                    "back the next serial port (serial0, serial1, ...); tcp listens on loopback for one client at a time"),
            new Option("nographic", null, "no display: serial0 on stdio unless -serial says otherwise"),
            new Option("display", "none", "display backend (only none exists)"),
            new Option("nodefaults", null, "leave out the board's default devices (on pc: COM1) and keep the chipset"
                    + " (host bridge, ISA bridge, IDE, PM); QEMU's pc defaults also have a VGA adapter and an e1000 NIC,"
                    + " which Plugboard has not yet, so the QEMU machine to compare with is -nodefaults -serial stdio"),
            new Option("no-reboot", null, "stop instead of rebooting when the guest resets"),
            new Option("icount", "shift=N", "deterministic clock: each instruction takes 2^N ns"),
            new Option("clock", "realtime|deterministic", "how virtual time advances (default realtime)"));

    public String name = "vm0";
    public String machineType = "pc";
    public Map<String, String> machineProps = new LinkedHashMap<>();
    public long memory = 128L << 20;
    public int cpus = 1;
    public String cpuModel = "qemu64";
    public String kernel;
    public List<String> initrds = new ArrayList<>();
    public String append = "";
    public String bios;
    public List<String> smbios = new ArrayList<>();
    public List<DeviceSpec> devices = new ArrayList<>();
    public Map<String, Map<String, String>> globals = new LinkedHashMap<>();
    public List<Map<String, String>> drives = new ArrayList<>();
    public List<String> serials = new ArrayList<>();
    public boolean nographic, nodefaults, noReboot;
    public ClockMode clock = ClockMode.REALTIME;
    public int icountShift = 0;
    /**
     * Board files only ({@code lowmem LIMIT[,SPLIT]}): RAM up to LIMIT sits wholly below 4 GiB;
     * from LIMIT on, only SPLIT bytes do and the rest moves above 4 GiB (QEMU's pc: 3.5 GiB, 3 GiB).
     */
    public long lowMemoryLimit = 0xe0000000L;
    public long lowMemorySplit = 0xe0000000L;

    /** The RAM a board maps below 4 GiB for this definition's memory size. */
    public static long ramBelow4g(long memory, long limit, long split) {
        return memory >= limit ? Math.min(split, memory) : memory;
    }

    /** A device line: its type, explicit id (may be null) and properties; {@code origin} says where it came from. */
    public record DeviceSpec(String type, String id, Map<String, String> props, Origin origin) {
    }

    /** Where a device line came from. */
    public enum Origin { USER, BOARD, DEFAULT }

    public static Option option(String name) {
        for (Option o : OPTIONS) if (o.name.equals(name)) return o;
        return null;
    }

    /** Parses command-line arguments ({@code -opt value} pairs, flags alone). */
    public static MachineDefinition fromArgs(List<String> args) throws ConfigException {
        MachineDefinition d = new MachineDefinition();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") || a.length() < 2)
                throw new ConfigException("unexpected argument '" + a + "' (options start with '-'; see --help)");
            String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
            Option o = option(name);
            if (o == null) throw new ConfigException("unknown option '" + a + "' (see --help)");
            String value = null;
            if (o.value != null) {
                if (i + 1 >= args.size()) throw new ConfigException("option '" + a + "' needs a value: " + o.value);
                value = args.get(++i);
            }
            d.apply(name, value, false);
        }
        return d;
    }

    /** Parses the text form. */
    public static MachineDefinition parse(String text) throws ConfigException {
        MachineDefinition d = new MachineDefinition();
        d.applyText(text, false);
        return d;
    }

    /** Applies the lines of {@code text}; board lines are allowed only in board files. */
    public void applyText(String text, boolean boardFile) throws ConfigException {
        int n = 0;
        for (String raw : text.split("\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int sp = line.indexOf(' ');
            String name = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? null : line.substring(sp + 1).strip();
            try {
                if (boardFile && name.equals("lowmem")) {
                    String[] parts = value.split(",");
                    lowMemoryLimit = number("lowmem", parts[0]);
                    lowMemorySplit = parts.length > 1 ? number("lowmem", parts[1]) : lowMemoryLimit;
                    continue;
                }
                if (boardFile && (name.equals("board") || name.equals("default"))) {
                    addDevice(value, name.equals("board") ? Origin.BOARD : Origin.DEFAULT);
                    continue;
                }
                Option o = option(name);
                if (o == null) throw new ConfigException("unknown option '" + name + "'");
                if (o.value == null && value != null) throw new ConfigException("option '" + name + "' takes no value");
                if (o.value != null && value == null) throw new ConfigException("option '" + name + "' needs a value: " + o.value);
                apply(name, value, boardFile);
            } catch (ConfigException e) {
                throw new ConfigException("line " + n + ": " + e.getMessage(), e);
            }
        }
    }

    private void apply(String name, String v, boolean boardFile) throws ConfigException {
        switch (name) {
            case "name": this.name = v; break;
            case "machine": {
                Map<String, String> p = OptionSyntax.parse(name, v, "type");
                machineType = p.remove("type");
                if (machineType == null) throw new ConfigException("-machine " + v + ": no machine type");
                String accel = p.remove("accel");
                if (accel != null && !accel.equals("tcg"))
                    throw new ConfigException("-machine accel=" + accel + ": only tcg (the interpreter) is available");
                machineProps = p;
                break;
            }
            case "m": {
                Map<String, String> p = only(name, v, OptionSyntax.parse(name, v, "size"), "size");
                memory = size("-m", p.getOrDefault("size", "128M"), 1L << 20);
                if (memory < (1L << 20) || memory > (1L << 40))
                    throw new ConfigException("-m " + v + ": RAM must be between 1M and 1T");
                memory = (memory + 4095) & ~4095L;
                break;
            }
            case "smp": {
                Map<String, String> p = only(name, v, OptionSyntax.parse(name, v, "cpus"), "cpus");
                cpus = (int) number("-smp", p.getOrDefault("cpus", "1"));
                if (cpus < 1 || cpus > 255) throw new ConfigException("-smp " + v + ": between 1 and 255 vCPUs");
                break;
            }
            case "cpu": cpuModel = v; break;
            case "kernel": kernel = v; break;
            case "initrd": initrds = new ArrayList<>(OptionSyntax.split(v)); break;
            case "append": append = v; break;
            case "bios": bios = v; break;
            case "smbios": smbios.add(v); break;
            case "device": addDevice(v, boardFile ? Origin.BOARD : Origin.USER); break;
            case "global": {
                int eq = v.indexOf('='), dot = v.lastIndexOf('.', eq < 0 ? v.length() : eq);
                if (eq < 0 || dot <= 0) throw new ConfigException("-global " + v + ": expected TYPE.prop=value");
                globals.computeIfAbsent(v.substring(0, dot), k -> new LinkedHashMap<>()).put(v.substring(dot + 1, eq), v.substring(eq + 1));
                break;
            }
            case "drive": {
                Map<String, String> p = OptionSyntax.parse(name, v, null);
                if (!p.containsKey("file")) throw new ConfigException("-drive " + v + ": file= is required");
                drives.add(p);
                break;
            }
            case "serial": {
                if (v.startsWith(SerialSocketSpec.PREFIX)) SerialSocketSpec.parse(v);
                else if (!(v.equals("stdio") || v.equals("null") || v.equals("none") || v.equals("buffer") || v.startsWith("file:")))
                    throw new ConfigException("-serial " + v + ": expected stdio, file:PATH, tcp:127.0.0.1:PORT,server[,nowait], buffer, null or none");
                serials.add(v);
                break;
            }
            case "nographic": nographic = true; break;
            case "display":
                if (!v.equals("none")) throw new ConfigException("-display " + v + ": only 'none' is available");
                break;
            case "nodefaults": nodefaults = true; break;
            case "no-reboot": noReboot = true; break;
            case "icount": {
                Map<String, String> p = only(name, v, OptionSyntax.parse(name, v, "shift"), "shift");
                icountShift = (int) number("-icount", p.getOrDefault("shift", "0"));
                if (icountShift < 0 || icountShift > 10) throw new ConfigException("-icount " + v + ": shift must be 0..10");
                clock = ClockMode.DETERMINISTIC;
                break;
            }
            case "clock":
                if (v.equals("realtime")) clock = ClockMode.REALTIME;
                else if (v.equals("deterministic")) clock = ClockMode.DETERMINISTIC;
                else throw new ConfigException("-clock " + v + ": expected realtime or deterministic");
                break;
            default: throw new ConfigException("unknown option '" + name + "'");
        }
    }

    /** Refuses keys we do not implement rather than silently ignoring them (-smp sockets=2 would give 1 vCPU). */
    private static Map<String, String> only(String option, String value, Map<String, String> p, String key) throws ConfigException {
        for (String k : p.keySet())
            if (!k.equals(key)) throw new ConfigException("-" + option + " " + value + ": unknown property '" + k + "' (only " + key + ")");
        return p;
    }

    private void addDevice(String v, Origin origin) throws ConfigException {
        if (v == null) throw new ConfigException("a device line needs a type");
        Map<String, String> p = OptionSyntax.parse("device", v, "type");
        String type = p.remove("type");
        if (type == null || type.isEmpty() || type.contains("="))
            throw new ConfigException("-device " + v + ": the first item must be the device type");
        devices.add(new DeviceSpec(type, p.remove("id"), p, origin));
    }

    private static long number(String opt, String s) throws ConfigException {
        try {
            return DeviceConfig.parseNumber(s);
        } catch (RuntimeException e) {
            throw new ConfigException(opt + ": '" + s + "' is not a number");
        }
    }

    /** A size; a plain number is in {@code unit} (QEMU's -m takes megabytes). */
    private static long size(String opt, String s, long unit) throws ConfigException {
        String t = s.trim();
        boolean plain = !t.isEmpty() && Character.isDigit(t.charAt(t.length() - 1));
        long n = number(opt, t);
        return plain ? n * unit : n;
    }

    /** The device that hands the command line's firmware options to the firmware (QEMU's fw_cfg). */
    public static final String FIRMWARE_DEVICE = "fw_cfg";

    /**
     * What the command line gives the {@link #FIRMWARE_DEVICE}: {@code -nographic}, the {@code -smbios} options, and, when
     * {@code -bios} boots {@code -kernel} (as QEMU with SeaBIOS), the kernel, its initrds and command line.
     */
    public Map<String, String> firmwareProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (nographic) p.put("nographic", "on");
        if (!smbios.isEmpty()) p.put("smbios", String.join(";", smbios));
        if (bios != null && kernel != null) {
            p.put("kernel", kernel);
            if (!initrds.isEmpty()) p.put("initrd", String.join(";", initrds));
            p.put("append", append);
        }
        return p;
    }

    /** Checks what can be checked without the framework: files exist and are readable. */
    public void checkFiles() throws ConfigException {
        checkFile("-kernel", kernel);
        for (String i : initrds) checkFile("-initrd", initrdFile(i));
        checkFile("-bios", bios);
        for (Map<String, String> d : drives) checkFile("-drive", d.get("file"));
    }

    /** The file of an {@code -initrd} entry: a multiboot module may carry arguments after a space. */
    public static String initrdFile(String spec) {
        int space = spec.indexOf(' ');
        return space < 0 ? spec : spec.substring(0, space);
    }

    private static void checkFile(String opt, String path) throws ConfigException {
        if (path == null) return;
        Path p = Path.of(path);
        if (!Files.isRegularFile(p)) throw new ConfigException(opt + " " + path + ": no such file");
        if (!Files.isReadable(p)) throw new ConfigException(opt + " " + path + ": not readable");
    }

    /** The text form of this definition (board lines are not part of it: the machine type brings them). */
    public String toText() {
        StringBuilder b = new StringBuilder("# Plugboard machine definition\n");
        line(b, "name", name);
        line(b, "machine", OptionSyntax.format(machineType, machineProps));
        // whole MiB where possible; memory is page-rounded, so KiB is always exact
        line(b, "m", (memory & ((1 << 20) - 1)) == 0 ? (memory >>> 20) + "M" : (memory >>> 10) + "K");
        line(b, "smp", Integer.toString(cpus));
        line(b, "cpu", cpuModel);
        if (kernel != null) line(b, "kernel", kernel);
        if (!initrds.isEmpty()) line(b, "initrd", String.join(",", initrds));
        if (!append.isEmpty()) line(b, "append", append);
        if (bios != null) line(b, "bios", bios);
        for (String t : smbios) line(b, "smbios", t);
        globals.forEach((t, props) -> props.forEach((k, v) -> line(b, "global", t + "." + k + "=" + v)));
        for (Map<String, String> d : drives) line(b, "drive", OptionSyntax.format(null, d));
        for (String s : serials) line(b, "serial", s);
        if (nographic) b.append("nographic\n");
        if (nodefaults) b.append("nodefaults\n");
        if (noReboot) b.append("no-reboot\n");
        if (clock == ClockMode.DETERMINISTIC) line(b, "icount", "shift=" + icountShift);
        for (DeviceSpec d : devices) {
            if (d.origin != Origin.USER) continue;
            Map<String, String> p = new LinkedHashMap<>();
            if (d.id != null) p.put("id", d.id);
            p.putAll(d.props);
            line(b, "device", OptionSyntax.format(d.type, p));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String k, String v) {
        b.append(k).append(' ').append(v).append('\n');
    }

    /** The options as {@code --help} lists them. */
    public static String help() {
        StringBuilder b = new StringBuilder();
        for (Option o : OPTIONS)
            b.append(String.format("  -%-12s %-34s %s%n", o.name, o.value == null ? "" : o.value, o.help));
        return b.toString();
    }
}
