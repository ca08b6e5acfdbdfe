package org.plugboard.systest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format that Linux unpacks as an initramfs: per entry a
 * 110-byte ASCII header ("070701" and 13 eight-digit hex fields), the NUL-ended name, the data,
 * each padded to 4 bytes; the archive ends with the entry "TRAILER!!!".
 */
final class NewcArchive {
    private static final int DIRECTORY = 0040000, REGULAR = 0100000, SYMLINK = 0120000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int inode = 1;
    private boolean finished;

    NewcArchive directory(String path) {
        return entry(path, DIRECTORY | 0755, 2, new byte[0]);
    }

    NewcArchive file(String path, int permissions, byte[] data) {
        return entry(path, REGULAR | permissions, 1, data);
    }

    NewcArchive symlink(String path, String target) {
        return entry(path, SYMLINK | 0777, 1, target.getBytes(StandardCharsets.UTF_8));
    }

    /** The archive, with its trailer. */
    byte[] toByteArray() {
        if (!finished) {
            entry("TRAILER!!!", 0, 1, new byte[0]);
            finished = true;
        }
        return out.toByteArray();
    }

    private NewcArchive entry(String path, int mode, int links, byte[] data) {
        if (finished) throw new IllegalStateException("the archive is finished");
        byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
        // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
        long[] fields = {inode++, mode, 0, 0, links, 0, data.length, 0, 0, 0, 0, name.length, 0};
        StringBuilder header = new StringBuilder("070701");
        for (long f : fields) header.append(String.format("%08X", f));
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(name);
        pad();
        out.writeBytes(data);
        pad();
        return this;
    }

    private void pad() {
        while (out.size() % 4 != 0) out.write(0);
    }
}
