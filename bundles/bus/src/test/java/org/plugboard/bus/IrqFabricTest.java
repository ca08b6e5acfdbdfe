package org.plugboard.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;

/** Named lines with logical levels, pulses and listeners. */
class IrqFabricTest {
    private final IrqFabric fabric = new IrqFabric();

    /** Records what it hears as "name+" / "name-" (level) and "name^" (pulse). */
    private static class Recorder implements IrqListener {
        final List<String> heard = new ArrayList<>();
        private final boolean overridePulse;

        Recorder(boolean overridePulse) {
            this.overridePulse = overridePulse;
        }

        @Override
        public void levelChanged(IrqLine line, boolean asserted) {
            heard.add(line.name() + (asserted ? "+" : "-"));
        }

        @Override
        public void pulsed(IrqLine line) {
            if (overridePulse) heard.add(line.name() + "^");
            else IrqListener.super.pulsed(line);
        }
    }

    @Test
    void theControllerBehindALineAnswersItsAcknowledgeUntilItWithdraws() {
        assertEquals(-1, fabric.acknowledge("lint0"), "nobody there");
        InterruptFabric.Registration r = fabric.provideAcknowledge("lint0", () -> 0x30);
        assertEquals(0x30, fabric.acknowledge("lint0"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> fabric.provideAcknowledge("lint0", () -> 0x40), "one controller drives a line");
        r.remove();
        assertEquals(-1, fabric.acknowledge("lint0"));
    }

    @Test
    void aLineIsTheSameObjectEveryTime() {
        assertSame(fabric.line("isa.4"), fabric.line("isa.4"));
        assertEquals("isa.4", fabric.line("isa.4").name());
    }

    @Test
    void listenersHearLevelChangesOnlyWhenTheLevelChanges() {
        Recorder r = new Recorder(true);
        fabric.listen("isa.4", r);
        IrqLine l = fabric.line("isa.4");

        l.set(true);
        l.set(true);
        l.set(false);
        l.set(false);

        assertEquals(List.of("isa.4+", "isa.4-"), r.heard);
        assertFalse(l.isAsserted());
    }

    @Test
    void aPulseIsAnEdgeWithNoLastingLevel() {
        Recorder edge = new Recorder(true), level = new Recorder(false);
        fabric.listen("isa.0", edge);
        fabric.listen("isa.0", level);

        fabric.line("isa.0").pulse();

        assertEquals(List.of("isa.0^"), edge.heard);
        assertEquals(List.of("isa.0+", "isa.0-"), level.heard, "the default pulsed() is a raise and a drop");
        assertFalse(fabric.line("isa.0").isAsserted());
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        Recorder a = new Recorder(true), b = new Recorder(true);
        InterruptFabric.Registration ra = fabric.listen("gsi.16", a);
        fabric.listen("gsi.16", b);

        ra.remove();
        fabric.line("gsi.16").set(true);

        assertEquals(List.of(), a.heard);
        assertEquals(List.of("gsi.16+"), b.heard);
    }

    @Test
    void listeningToAnAssertedLineTellsTheNewListenerAtOnce() {
        fabric.line("isa.9").set(true);
        Recorder late = new Recorder(true), quiet = new Recorder(true);
        fabric.listen("isa.9", late);
        fabric.listen("isa.10", quiet);
        assertEquals(List.of("isa.9+"), late.heard);
        assertEquals(List.of(), quiet.heard, "a deasserted line says nothing");
    }

    @Test
    void describeShowsLevelsPulsesAndListeners() {
        fabric.line("isa.1").set(true);
        fabric.line("isa.0").pulse();
        fabric.listen("isa.0", new Recorder(true) {
            @Override
            public String toString() { return "pic"; }
        });

        List<String> d = fabric.describe();
        assertEquals(2, d.size());
        assertTrue(d.get(0).startsWith("isa.0") && d.get(0).contains("pulses=1") && d.get(0).contains("pic"), d.get(0));
        assertTrue(d.get(1).contains(" asserted") && d.get(1).contains("(nobody)"), d.get(1));
        assertTrue(d.get(0).contains("deasserted"), d.get(0));
    }
}
