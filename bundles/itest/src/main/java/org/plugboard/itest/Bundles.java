package org.plugboard.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Finding bundles, and building a changed copy of one to update it with. */
final class Bundles {
    private Bundles() {
    }

    static Bundle bySymbolicName(BundleContext ctx, String bsn) {
        for (Bundle b : ctx.getBundles()) if (bsn.equals(b.getSymbolicName())) return b;
        throw new AssertionError("bundle " + bsn + " is not installed");
    }

    /** The bundle's own content as a jar whose manifest says {@code header: value}. */
    static byte[] withHeader(Bundle b, String header, String value) throws IOException {
        Manifest mf;
        try (InputStream in = b.getEntry("META-INF/MANIFEST.MF").openStream()) {
            mf = new Manifest(in);
        }
        mf.getMainAttributes().putValue(header, value);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            Enumeration<URL> entries = b.findEntries("/", "*", true);
            while (entries.hasMoreElements()) {
                URL u = entries.nextElement();
                String path = u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath();
                if (path.endsWith("/") || path.equals("META-INF/MANIFEST.MF")) continue;
                jar.putNextEntry(new JarEntry(path));
                try (InputStream in = u.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
