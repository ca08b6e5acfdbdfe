package org.plugboard.bootloader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hand-built kernel images, so that each field a loader checks can be set to a bad value. */
final class TestImages {
    static final int MB_MAGIC = 0x1BADB002;

    private TestImages() {
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A multiboot header with a correct checksum; a.out fields are written when given (5 values). */
    static byte[] multibootHeader(int flags, long... aout) {
        byte[] h = new byte[12 + 4 * aout.length];
        ByteBuffer b = le(h).putInt(MB_MAGIC).putInt(flags).putInt(-(MB_MAGIC + flags));
        for (long v : aout) b.putInt((int) v);
        return h;
    }

    /** A program image: the bytes a segment holds in the file. */
    record Segment(long vaddr, long paddr, byte[] data, long memSize) {
        static Segment at(long address, byte[] data) {
            return new Segment(address, address, data, data.length);
        }
    }

    /** An ELF32 i386 executable with one PT_LOAD program header per segment. */
    static byte[] elf32(long entry, Segment... segments) {
        int phoff = 52, dataStart = phoff + 32 * segments.length;
        int size = dataStart;
        for (Segment s : segments) size += s.data.length;
        byte[] f = new byte[size];
        ByteBuffer b = le(f);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1});
        b.position(16);
        b.putShort((short) 2).putShort((short) 3).putInt(1).putInt((int) entry).putInt(phoff).putInt(0).putInt(0);
        b.putShort((short) 52).putShort((short) 32).putShort((short) segments.length).putShort((short) 40).putShort((short) 0)
                .putShort((short) 0);
        int offset = dataStart;
        for (int i = 0; i < segments.length; i++) {
            Segment s = segments[i];
            b.position(phoff + 32 * i);
            b.putInt(1).putInt(offset).putInt((int) s.vaddr).putInt((int) s.paddr).putInt(s.data.length).putInt((int) s.memSize)
                    .putInt(7).putInt(4);
            System.arraycopy(s.data, 0, f, offset, s.data.length);
            offset += s.data.length;
        }
        return f;
    }

    /** {@code length} bytes counting up from {@code seed}, recognisable in memory. */
    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed + i * 7 + (i >> 8));
        return b;
    }

    /** {@code prefix} followed by {@code rest}. */
    static byte[] concat(byte[] prefix, byte[] rest) {
        byte[] b = new byte[prefix.length + rest.length];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        System.arraycopy(rest, 0, b, prefix.length, rest.length);
        return b;
    }
}
