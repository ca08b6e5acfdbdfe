package org.plugboard.shell;

import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets Gogo's {@code start}, {@code stop} and {@code update} take a bundle by id or by symbolic
 * name ({@code stop org.plugboard.pc}), in the interactive shell and in scripted {@code -c}
 * sessions alike (the JLine shell, which brings its own converters, does not run there).
 */
@Component(service = Converter.class)
public class BundleConverter implements Converter {
    private BundleContext context;

    @Activate
    void activate(BundleContext bc) {
        context = bc;
    }

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (desiredType != Bundle.class || in == null) return null;
        String s = in.toString().trim();
        if (s.matches("\\d+")) return context.getBundle(Long.parseLong(s));
        Bundle match = null;
        for (Bundle b : context.getBundles()) {
            if (!s.equals(b.getSymbolicName())) continue;
            if (match == null || b.getVersion().compareTo(match.getVersion()) > 0) match = b;
        }
        return match;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        return null;
    }
}
