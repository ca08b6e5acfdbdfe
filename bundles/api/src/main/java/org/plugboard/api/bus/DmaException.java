package org.plugboard.api.bus;

/** A DMA transfer touched memory that is not RAM: the device reports it to the guest as an error. */
public class DmaException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long address;

    public DmaException(long address, String message) {
        super(message);
        this.address = address;
    }

    /** The first guest-physical address that failed. */
    public long address() {
        return address;
    }
}
