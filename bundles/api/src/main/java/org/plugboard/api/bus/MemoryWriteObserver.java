package org.plugboard.api.bus;

/** Told of writes to guest memory made outside the CPU (DMA, loaders, snapshots). */
@FunctionalInterface
public interface MemoryWriteObserver {
    void written(long address, long length);
}
