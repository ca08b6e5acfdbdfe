package org.plugboard.launcher;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Felix embedded in the launcher: installs every bundle of the export directory, orders their
 * start (logging first, the machine once every device is registered, the interactive shell last)
 * and runs until the framework stops.
 */
final class EmbeddedFelix {
    private static final String SHELL_BSN = "org.apache.felix.gogo.jline";
    /**
     * Quirk bundles carry this header: they are installed but not started, so the machine runs
     * stock behaviour until the user types {@code start <id>} in the shell.
     */
    static final String QUIRK_HEADER = "Plugboard-Quirk";
    private final Path bundles;
    private final Path storage;

    EmbeddedFelix(Path bundles, Path storage) {
        this.bundles = bundles;
        this.storage = storage;
    }

    private static int startLevel(String bsn) {
        switch (bsn) {
            case "org.apache.aries.spifly.dynamic.bundle": return 1;
            case "slf4j.simple": return 2;
            case "org.plugboard.machine": case "org.plugboard.shell": return 15;
            case SHELL_BSN: return 20;
            default: return 10;
        }
    }

    int run(String definition, boolean batch, String commands) throws Exception {
        boolean interactive = !batch && commands == null;
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", storage.toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("felix.bootdelegation.implicit", "false");
        props.put("plugboard.machine.definition", definition);
        props.put("plugboard.batch", Boolean.toString(batch));
        props.put("org.osgi.framework.startlevel.beginning", "20");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "false");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).iterator().next();
        Framework fw = factory.newFramework(props);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = install(ctx);
        Bundle shell = null;
        for (Bundle b : installed) {
            b.adapt(BundleStartLevel.class).setStartLevel(startLevel(b.getSymbolicName()));
            if (SHELL_BSN.equals(b.getSymbolicName())) shell = b;
            if (!SHELL_BSN.equals(b.getSymbolicName()) && b.getHeaders().get(QUIRK_HEADER) == null) b.start();
        }
        fw.start();
        if (interactive && shell != null) {
            awaitBoot(fw);
            System.out.println("Plugboard: 'vm:commands' lists the machine commands, 'vm:console' shows the serial output.");
            // jline finds its terminal providers through the context class loader, and the shell
            // thread inherits this thread's: give it jline's own, then start the shell from here
            ClassLoader jline = classLoaderOf(ctx, "org.jline");
            if (jline != null) Thread.currentThread().setContextClassLoader(jline);
            shell.start(Bundle.START_TRANSIENT);
        }

        if (commands != null) {
            awaitBoot(fw);
            int status = runCommands(ctx, commands);
            if (!batch || status != 0) {
                fw.stop();
                fw.waitForStop(10_000);
                return status;
            }
        }
        fw.waitForStop(0);
        String exit = System.getProperty("plugboard.exit.status");
        return exit == null ? 0 : Integer.parseInt(exit);
    }

    private List<Bundle> install(BundleContext ctx) throws IOException, BundleException {
        List<Bundle> out = new ArrayList<>();
        List<Path> sorted = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(bundles, "*.jar")) {
            jars.forEach(sorted::add);
        }
        // in name order, so bundle ids are the same from run to run (scripts use them)
        sorted.sort(null);
        {
            for (Path jar : sorted) {
                try (JarFile jf = new JarFile(jar.toFile())) {
                    if (jf.getManifest() == null || jf.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") == null)
                        continue;
                }
                out.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        return out;
    }

    private static ClassLoader classLoaderOf(BundleContext ctx, String bsn) {
        for (Bundle b : ctx.getBundles()) {
            if (!bsn.equals(b.getSymbolicName())) continue;
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w == null) {
                try {
                    b.loadClass("java.lang.Object"); // resolves the bundle
                } catch (ClassNotFoundException e) {
                    return null;
                }
                w = b.adapt(BundleWiring.class);
            }
            return w == null ? null : w.getClassLoader();
        }
        return null;
    }

    /**
     * A service by class name regardless of class space: the launcher does not share the
     * bundles' API classes, so the usual compatibility filter would hide every service.
     */
    private static ServiceReference<?> service(BundleContext ctx, String name) {
        try {
            ServiceReference<?>[] refs = ctx.getAllServiceReferences(name, null);
            return refs == null || refs.length == 0 ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits (up to 60 s) until the boot machine has started or failed to, so -c commands see it running. */
    private static void awaitBoot(Framework fw) throws InterruptedException {
        for (int i = 0; i < 600 && System.getProperty("plugboard.boot") == null; i++) Thread.sleep(100);
    }

    /** Runs Gogo commands through the CommandProcessor service (reflection: its API lives in a bundle). */
    private static int runCommands(BundleContext ctx, String commands) throws Exception {
        ServiceReference<?> ref = service(ctx, "org.apache.felix.service.command.CommandProcessor");
        if (ref == null) {
            System.err.println("plugboard: the Gogo command processor is not running");
            return 1;
        }
        Object processor = ctx.getService(ref);
        Method create = processor.getClass().getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                java.io.OutputStream.class);
        // the process's own streams: Gogo replaces System.out/err with per-thread routers that
        // would route a session's output back into itself
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        Object session = create.invoke(processor, java.io.InputStream.nullInputStream(), out, err);
        Method execute = session.getClass().getMethod("execute", CharSequence.class);
        execute.setAccessible(true);
        Method format = session.getClass().getMethod("format", Object.class, int.class);
        format.setAccessible(true);
        for (String command : splitCommands(commands)) {
            try {
                Object result = execute.invoke(session, command);
                if (result != null) out.println(format.invoke(session, result, 0));
            } catch (java.lang.reflect.InvocationTargetException e) {
                err.println("plugboard: -c '" + command + "' failed: " + e.getCause());
                return 1;
            } finally {
                out.flush();
            }
        }
        return 0;
    }

    /** Splits at ';' and newlines outside quotes, so each command's result is printed. */
    static List<String> splitCommands(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : s.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ';' || c == '\n') {
                if (!cur.toString().isBlank()) out.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }
}
