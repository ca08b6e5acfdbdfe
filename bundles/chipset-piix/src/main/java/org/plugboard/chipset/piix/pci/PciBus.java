package org.plugboard.chipset.piix.pci;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.bus.InterruptFabric;
import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.clock.VirtualClock;
import org.plugboard.api.pci.PciAttachment;
import org.plugboard.api.pci.PciFunction;
import org.plugboard.api.pci.PciHost;

/**
 * PCI bus 0 of a chipset: the functions plugged in by devfn and the configuration cycles the
 * chipset decodes into {@link #configRead}/{@link #configWrite}. Each function's BARs, DMA gate
 * and INTx pin live in its {@link PciSlot}; this class keeps the registry and wire-ORs the pins
 * into the router inputs named by the chipset's {@link IntxWiring}. There is no bridge: cycles
 * to other buses, to empty devfns or beyond a function's config space read all ones.
 */
public final class PciBus implements PciHost {
    /**
     * Where BAR mappings sit: above RAM (0) and the firmware ROM (1), so a BAR the guest places
     * over RAM decodes; below the chipset's own windows (PAM, SMRAM), which the host bridge
     * claims before a cycle reaches the bus.
     */
    public static final int BAR_PRIORITY = 2;
    private static final int DEVFNS = 256;

    private final String owner;
    private final AddressSpace io;
    private final MemorySpace memory;
    private final InterruptFabric fabric;
    private final VirtualClock clock;
    private final IntxWiring wiring;
    private final IrqLine[] routerInputs;
    private final int[] assertedPins;
    private final PciSlot[] slots = new PciSlot[DEVFNS];

    /**
     * @param owner  the chipset device id, for messages
     * @param wiring how pins reach the interrupt router, or null when nothing routes INTx
     */
    public PciBus(String owner, AddressSpace io, MemorySpace memory, InterruptFabric fabric, VirtualClock clock,
                  IntxWiring wiring) {
        this.owner = owner;
        this.io = io;
        this.memory = memory;
        this.fabric = fabric;
        this.clock = clock;
        this.wiring = wiring;
        List<String> names = wiring == null ? List.of() : wiring.lines();
        this.routerInputs = new IrqLine[names.size()];
        for (int i = 0; i < routerInputs.length; i++) routerInputs[i] = fabric.line(names.get(i));
        this.assertedPins = new int[routerInputs.length];
    }

    AddressSpace io() { return io; }
    MemorySpace memory() { return memory; }
    InterruptFabric fabric() { return fabric; }

    @Override
    public synchronized PciAttachment attach(String who, PciFunction function, int devfn) {
        int at = devfn == ANY_DEVFN ? firstFreeSlot(who) : devfn;
        if (at < 0 || at >= DEVFNS) throw new IllegalArgumentException(who + ": devfn " + devfn + " is outside 0..255");
        PciSlot taken = slots[at];
        if (taken != null)
            throw new IllegalStateException(String.format("PCI %s is taken by %s; %s cannot be plugged there",
                    taken.address(), taken.owner(), who));
        PciSlot slot = new PciSlot(this, who, function, at);
        slots[at] = slot;
        slot.refresh();
        // a swapped-in device restores its config space after attaching: decode what it restored
        clock.post(slot::refresh);
        return slot;
    }

    private int firstFreeSlot(String who) {
        for (int devfn = 0; devfn < DEVFNS; devfn += 8) {
            boolean free = true;
            for (int fn = 0; fn < 8 && free; fn++) free = slots[devfn + fn] == null;
            if (free) return devfn;
        }
        throw new IllegalStateException(who + ": no free slot on PCI bus 0 of " + owner);
    }

    @Override
    public synchronized List<PciAttachment> attachments() {
        List<PciAttachment> out = new ArrayList<>();
        for (PciSlot s : slots) if (s != null) out.add(s);
        return out;
    }

    /** The function at {@code devfn} of bus 0, or null. */
    public synchronized PciSlot slot(int devfn) {
        return slots[devfn & 0xff];
    }

    @Override
    public int configRead(int bus, int devfn, int offset, int size) {
        PciSlot s = target(bus, devfn, offset, size);
        return s == null ? allOnes(size) : s.configRead(offset, size);
    }

    @Override
    public void configWrite(int bus, int devfn, int offset, int size, int value) {
        PciSlot s = target(bus, devfn, offset, size);
        if (s != null) s.configWrite(offset, size, value);
    }

    private PciSlot target(int bus, int devfn, int offset, int size) {
        if (bus != 0 || devfn < 0 || devfn >= DEVFNS) return null;
        PciSlot s = slots[devfn];
        if (s == null || offset < 0 || offset + size > s.function().configSize()) return null;
        return s;
    }

    private static int allOnes(int size) {
        return size >= 4 ? -1 : (1 << (8 * size)) - 1;
    }

    /**
     * Re-reads every function's command register and BARs and re-maps accordingly: after a
     * machine reset the devices reset their config spaces without a configuration cycle.
     */
    public void refreshAll() {
        for (PciAttachment a : attachments()) ((PciSlot) a).refresh();
    }

    /** A function's gated INTx output changed: wire-OR it into its router input. */
    synchronized void pinChanged(PciSlot slot, int pin, boolean asserted) {
        if (wiring == null) return;
        int input = wiring.lineFor(0, slot.devfn(), pin);
        assertedPins[input] += asserted ? 1 : -1;
        routerInputs[input].set(assertedPins[input] > 0);
    }

    synchronized void release(PciSlot slot) {
        if (slots[slot.devfn()] == slot) slots[slot.devfn()] = null;
    }
}
