package org.plugboard.bus;

import org.plugboard.api.bus.GuestRam;

/** Guest RAM as 256 MiB byte-array banks (the last one only as large as needed). */
public final class Ram implements GuestRam {
    private final long size;
    private final byte[][] banks;

    public Ram(long size) {
        if (size <= 0 || (size & (PAGE - 1)) != 0)
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB, was " + size);
        this.size = size;
        int n = (int) ((size + BANK_SIZE - 1) >>> BANK_SHIFT);
        banks = new byte[n][];
        for (int i = 0; i < n; i++) banks[i] = new byte[(int) Math.min(BANK_SIZE, size - ((long) i << BANK_SHIFT))];
    }

    private static final int PAGE = 4096;

    @Override
    public long size() { return size; }

    @Override
    public byte[] bank(int index) { return banks[index]; }

    public int bankCount() { return banks.length; }

    @Override
    public void read(long offset, byte[] dst, int dstOff, int length) {
        check(offset, length);
        while (length > 0) {
            byte[] bank = banks[(int) (offset >>> BANK_SHIFT)];
            int in = (int) (offset & (BANK_SIZE - 1));
            int n = Math.min(length, bank.length - in);
            System.arraycopy(bank, in, dst, dstOff, n);
            offset += n; dstOff += n; length -= n;
        }
    }

    @Override
    public void write(long offset, byte[] src, int srcOff, int length) {
        check(offset, length);
        while (length > 0) {
            byte[] bank = banks[(int) (offset >>> BANK_SHIFT)];
            int in = (int) (offset & (BANK_SIZE - 1));
            int n = Math.min(length, bank.length - in);
            System.arraycopy(src, srcOff, bank, in, n);
            offset += n; srcOff += n; length -= n;
        }
    }

    private void check(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size)
            throw new IndexOutOfBoundsException("RAM access 0x" + Long.toHexString(offset) + "+" + length + " outside 0x" + Long.toHexString(size));
    }

    /** Clears all of RAM (power-on). */
    public void clear() {
        for (byte[] b : banks) java.util.Arrays.fill(b, (byte) 0);
    }
}
