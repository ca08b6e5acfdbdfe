package org.plugboard.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;

/**
 * The machine's IRQ lines. A line keeps its level and a copy-on-write array of listeners, so
 * raising an interrupt is a field write and a few virtual calls.
 */
public final class IrqFabric implements InterruptFabric {
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.IntSupplier> acknowledges = new ConcurrentHashMap<>();

    @Override
    public IrqLine line(String name) {
        return lines.computeIfAbsent(name, Line::new);
    }

    @Override
    public Registration listen(String name, IrqListener listener) {
        Line l = (Line) line(name);
        l.add(listener);
        if (l.level) listener.levelChanged(l, true);
        return () -> l.remove(listener);
    }

    @Override
    public Registration provideAcknowledge(String name, java.util.function.IntSupplier inta) {
        if (acknowledges.putIfAbsent(name, inta) != null)
            throw new IllegalStateException("line " + name + " already has an interrupt-acknowledge provider");
        return () -> acknowledges.remove(name, inta);
    }

    @Override
    public int acknowledge(String name) {
        java.util.function.IntSupplier inta = acknowledges.get(name);
        return inta == null ? -1 : inta.getAsInt();
    }

    @Override
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Line l : new TreeMap<>(lines).values()) {
            StringBuilder b = new StringBuilder(String.format("%-14s %s", l.name, l.level ? "asserted  " : "deasserted"));
            b.append("  pulses=").append(l.pulses).append("  ->");
            IrqListener[] ls = l.listeners;
            if (ls.length == 0) b.append(" (nobody)");
            for (IrqListener x : ls) b.append(' ').append(x);
            out.add(b.toString());
        }
        return out;
    }

    static final class Line implements IrqLine {
        private final String name;
        private volatile IrqListener[] listeners = new IrqListener[0];
        private boolean level;
        private long pulses;

        Line(String name) {
            this.name = name;
        }

        synchronized void add(IrqListener l) {
            IrqListener[] n = Arrays.copyOf(listeners, listeners.length + 1);
            n[n.length - 1] = l;
            listeners = n;
        }

        synchronized void remove(IrqListener l) {
            List<IrqListener> n = new ArrayList<>(Arrays.asList(listeners));
            n.remove(l);
            listeners = n.toArray(new IrqListener[0]);
        }

        @Override
        public String name() { return name; }

        @Override
        public void set(boolean asserted) {
            if (level == asserted) return;
            level = asserted;
            for (IrqListener l : listeners) l.levelChanged(this, asserted);
        }

        @Override
        public void pulse() {
            pulses++;
            for (IrqListener l : listeners) l.pulsed(this);
        }

        @Override
        public boolean isAsserted() { return level; }

        @Override
        public String toString() { return name; }
    }
}
