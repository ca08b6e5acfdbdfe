package org.plugboard.api.bus;

/** Two regions claim the same addresses without having declared an overlap. */
public class RegionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegionConflictException(String message) {
        super(message);
    }
}
