package org.plugboard.launcher;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.device.ConfigException;

/** The options that belong to the launcher itself; everything else describes the machine. */
final class LauncherOptions {
    boolean help;
    boolean batch;
    String commands;
    final List<String> machineArgs = new ArrayList<>();

    static final String HELP = String.join("\n",
            "  --help, -h                          this text",
            "  -batch                              no shell: run until the guest stops, exit with its status",
            "                                      (isa-debug-exit: (value << 1) | 1; power-off or -no-reboot reset: 0)",
            "  -c 'COMMANDS'                       run Gogo shell commands after boot (';' separates), then exit",
            "                                      (with -batch: then wait for the guest)");

    static LauncherOptions parse(String[] args) throws ConfigException {
        LauncherOptions o = new LauncherOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help": case "-help": case "-h": o.help = true; break;
                case "-batch": case "--batch": o.batch = true; break;
                case "-c":
                    if (i + 1 >= args.length) throw new ConfigException("option '-c' needs a value: 'COMMANDS'");
                    o.commands = args[++i];
                    break;
                default: o.machineArgs.add(args[i]);
            }
        }
        return o;
    }
}
