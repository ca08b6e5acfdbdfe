package org.plugboard.machine;

import java.util.List;
import org.plugboard.api.bus.GuestRam;
import org.plugboard.api.bus.Mapping;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.bus.MemoryWriteObserver;
import org.plugboard.api.bus.PhysicalPage;

/** The memory space as one device sees it, remembering its mappings and observers. */
final class TrackingMemory extends TrackingSpace implements MemorySpace {
    private final MemorySpace memory;
    private final List<MemoryWriteObserver> observers;

    TrackingMemory(MemorySpace memory, List<Mapping> made, List<MemoryWriteObserver> observers) {
        super(memory, made);
        this.memory = memory;
        this.observers = observers;
    }

    @Override public GuestRam ram() { return memory.ram(); }

    @Override
    public Mapping mapRam(String name, String owner, long base, long ramOffset, long size, boolean readOnly, int priority) {
        return track(memory.mapRam(name, owner, base, ramOffset, size, readOnly, priority));
    }

    @Override
    public Mapping mapRom(String name, String owner, long base, byte[] image, int priority) {
        return track(memory.mapRom(name, owner, base, image, priority));
    }

    @Override public PhysicalPage page(long pageNumber) { return memory.page(pageNumber); }
    @Override public int generation() { return memory.generation(); }

    @Override
    public void addWriteObserver(MemoryWriteObserver observer) {
        observers.add(observer);
        memory.addWriteObserver(observer);
    }

    @Override
    public void removeWriteObserver(MemoryWriteObserver observer) {
        observers.remove(observer);
        memory.removeWriteObserver(observer);
    }

    @Override public void notifyWritten(long address, long length) { memory.notifyWritten(address, length); }
}
