package org.plugboard.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.plugboard.api.device.ConfigException;
import org.plugboard.machine.definition.MachineDefinition;

/**
 * {@code java -jar launcher/target/plugboard.jar [options]}: checks the command line, writes the
 * machine definition, starts Felix with the bundles next to the jar, and either drops into the
 * Gogo shell, runs {@code -c} commands, or (with {@code -batch}) waits for the guest and exits
 * with its status.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (ConfigException e) {
            System.err.println("plugboard: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            // an internal error, not a user's: the trace is what a bug report needs
            System.err.println("plugboard: internal error: " + e);
            e.printStackTrace(System.err);
            status = 3;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        LauncherOptions opts = LauncherOptions.parse(args);
        if (opts.help) {
            System.out.println(usage());
            return 0;
        }
        Path work = Files.createTempDirectory("plugboard-");
        try {
            MachineDefinition def = opts.machineArgs.isEmpty() ? demo(work) : MachineDefinition.fromArgs(opts.machineArgs);
            def.checkFiles();
            EmbeddedFelix felix = new EmbeddedFelix(bundleDirectory(), work.resolve("felix-cache"));
            return felix.run(def.toText(), opts.batch, opts.commands);
        } finally {
            deleteTree(work);
        }
    }

    /** The default machine: a pc with the bundled demo guest as its kernel. */
    private static MachineDefinition demo(Path work) throws IOException, ConfigException {
        Path kernel = work.resolve("demo.elf");
        try (InputStream in = Main.class.getResourceAsStream("/demo/demo.elf")) {
            if (in == null) throw new ConfigException("the demo guest is missing from the launcher jar");
            Files.copy(in, kernel, StandardCopyOption.REPLACE_EXISTING);
        }
        MachineDefinition d = MachineDefinition.fromArgs(java.util.List.of("-machine", "pc", "-m", "32M",
                "-kernel", kernel.toString(), "-append", "demo"));
        d.name = "demo";
        return d;
    }

    /** The bundles the build exported next to the jar: target/export/plugboard/. */
    static Path bundleDirectory() throws ConfigException {
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = (Files.isDirectory(jar) ? jar.getParent() : jar.getParent()).resolve("export").resolve("plugboard");
            if (!Files.isDirectory(dir))
                throw new ConfigException("bundle directory " + dir + " is missing: build with 'mvn -B install' first");
            return dir;
        } catch (URISyntaxException e) {
            throw new ConfigException("cannot locate the launcher jar: " + e.getMessage());
        }
    }

    static String usage() {
        return "usage: java -jar launcher/target/plugboard.jar [options]\n"
                + "With no options: boot the demo machine (a pc running the bundled demo guest) into the Gogo shell.\n\n"
                + "Launcher options:\n" + LauncherOptions.HELP + "\n\nMachine options (QEMU-style):\n" + MachineDefinition.help()
                + "\nIn the shell, 'vm:commands' lists the machine commands; 'help vm:swap' explains one command.";
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
