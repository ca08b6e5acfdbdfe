package org.plugboard.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real Debian binaries for tests, fetched in the test phase with {@code apt-get download} and
 * unpacked with {@code dpkg-deb -x}. Without apt (or its package lists, or the network) a test
 * fails and says so: it never passes without the real files.
 */
public final class DebianPackages {
    /** The cloud flavour: the same bzImage as the generic one, in a third of the download. */
    public static final String KERNEL_META_PACKAGE = "linux-image-cloud-amd64";

    private DebianPackages() {
    }

    /**
     * The Debian kernel image: {@code -Dplugboard.test.bzimage=FILE} if given, else
     * {@code cache/vmlinuz}, downloaded once (with {@code cache/version.txt} naming the file it was).
     */
    public static Path kernel(Path cache) throws IOException, InterruptedException {
        String given = System.getProperty("plugboard.test.bzimage");
        if (given != null) return Path.of(given);
        Path image = cache.resolve("vmlinuz");
        if (Files.exists(image)) return image;
        Files.createDirectories(cache);
        String depends = run(cache, "apt-cache", "depends", KERNEL_META_PACKAGE);
        Matcher m = Pattern.compile("Depends: (linux-image-\\S+)").matcher(depends);
        if (!m.find()) throw new AssertionError("apt knows no " + KERNEL_META_PACKAGE + " (run apt-get update):\n" + depends);
        Path tree = unpack(cache, m.group(1));
        Path vmlinuz;
        try (Stream<Path> files = Files.list(tree.resolve("boot"))) {
            vmlinuz = files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
                    .orElseThrow(() -> new AssertionError(m.group(1) + " holds no boot/vmlinuz-*"));
        }
        Files.write(cache.resolve("version.txt"), List.of(vmlinuz.getFileName().toString()));
        Files.move(vmlinuz, image);
        deleteTree(tree);
        return image;
    }

    /** One file of a package, e.g. {@code bin/busybox} of busybox-static: {@code cache/<file name>}, downloaded once. */
    public static Path file(Path cache, String pkg, String pathInPackage) throws IOException, InterruptedException {
        Path target = cache.resolve(Path.of(pathInPackage).getFileName());
        if (Files.exists(target)) return target;
        Files.createDirectories(cache);
        Path tree = unpack(cache, pkg);
        Path file = tree.resolve(pathInPackage);
        if (!Files.isRegularFile(file)) throw new AssertionError(pkg + " holds no " + pathInPackage);
        Files.move(file, target);
        deleteTree(tree);
        return target;
    }

    /** Downloads {@code pkg} into {@code dir}, unpacks it into {@code dir/deb}, deletes the .deb and returns the tree. */
    private static Path unpack(Path dir, String pkg) throws IOException, InterruptedException {
        run(dir, "apt-get", "download", pkg);
        Path deb;
        try (Stream<Path> files = Files.list(dir)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("apt-get download " + pkg + " produced no .deb"));
        }
        Path tree = dir.resolve("deb");
        if (Files.exists(tree)) deleteTree(tree);
        run(dir, "dpkg-deb", "-x", deb.toString(), tree.toString());
        Files.delete(deb);
        return tree;
    }

    /** Runs a command; a missing tool or a failure fails the test with what the command said. */
    private static String run(Path dir, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            String text = new String(out, StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + text);
            return text;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e.getMessage()
                    + " (the test needs apt-get and dpkg-deb with package lists: apt-get update)", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
        }
    }
}
