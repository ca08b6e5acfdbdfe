package org.plugboard.api.bus;

/**
 * Guest-physical memory access for devices, with bounds checks. Multi-byte values are
 * little-endian. A transfer touching anything but RAM (or read-only memory, for writes) throws
 * {@link DmaException} and transfers nothing.
 */
public interface Dma {
    void read(long address, byte[] dst, int offset, int length) throws DmaException;

    void write(long address, byte[] src, int offset, int length) throws DmaException;

    default int readInt(long address) throws DmaException {
        byte[] b = new byte[4];
        read(address, b, 0, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    default long readLong(long address) throws DmaException {
        return (readInt(address) & 0xffffffffL) | ((long) readInt(address + 4) << 32);
    }

    default void writeInt(long address, int value) throws DmaException {
        write(address, new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)}, 0, 4);
    }

    default void writeLong(long address, long value) throws DmaException {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (value >>> (8 * i));
        write(address, b, 0, 8);
    }

    /**
     * A 32-bit write delivered through the memory space as an ordinary store, reaching MMIO
     * handlers too: this is how MSI messages reach the LAPIC window.
     */
    void postedWrite(long address, int value);
}
