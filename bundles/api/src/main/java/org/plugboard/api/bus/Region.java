package org.plugboard.api.bus;

import java.util.Objects;

/**
 * Something a device decodes: a name, an owner (for error messages and the address map), a
 * size in bytes or ports, the access sizes the handler implements and the handler itself.
 * Immutable; the same region may be mapped in several places (aliases).
 */
public final class Region {
    private final String name;
    private final String owner;
    private final long size;
    private final int minAccess;
    private final int maxAccess;
    private final RegionOps ops;

    private Region(String name, String owner, long size, int minAccess, int maxAccess, RegionOps ops) {
        if (size <= 0) throw new IllegalArgumentException("region " + name + ": size must be positive, was " + size);
        if (!validSize(minAccess) || !validSize(maxAccess) || minAccess > maxAccess)
            throw new IllegalArgumentException("region " + name + ": bad access sizes " + minAccess + ".." + maxAccess);
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.size = size;
        this.minAccess = minAccess;
        this.maxAccess = maxAccess;
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    private static boolean validSize(int s) {
        return s == 1 || s == 2 || s == 4 || s == 8;
    }

    /** A region whose handler takes accesses of {@code minAccess..maxAccess} bytes. */
    public static Region of(String name, String owner, long size, int minAccess, int maxAccess, RegionOps ops) {
        return new Region(name, owner, size, minAccess, maxAccess, ops);
    }

    /** A region whose handler takes any access from 1 to 4 bytes (the common case for ports). */
    public static Region of(String name, String owner, long size, RegionOps ops) {
        return new Region(name, owner, size, 1, 4, ops);
    }

    public String name() { return name; }
    public String owner() { return owner; }
    public long size() { return size; }
    public int minAccess() { return minAccess; }
    public int maxAccess() { return maxAccess; }
    public RegionOps ops() { return ops; }

    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
