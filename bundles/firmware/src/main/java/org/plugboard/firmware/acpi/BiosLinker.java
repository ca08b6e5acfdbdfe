package org.plugboard.firmware.acpi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * The commands of QEMU's firmware linker/loader ({@code etc/table-loader}): the firmware
 * allocates each fw_cfg file in memory, adds the address of one file to pointer fields in
 * another, and recomputes checksums. Each command is a 128-byte little-endian record; as in
 * QEMU, every ALLOCATE goes in front of the commands recorded so far (so the last file allocated
 * comes first), and an all-zero record is padding. {@link #apply} runs the same commands in Java,
 * for a firmware-less boot and for tests.
 */
public final class BiosLinker {
    /** Where the firmware puts a file: anywhere in high memory, or in the F segment (0xe0000-0xfffff). */
    public enum Zone { HIGH, FSEG }

    static final int PADDING = 0, ALLOCATE = 1, ADD_POINTER = 2, ADD_CHECKSUM = 3;
    static final int ENTRY_SIZE = 128;
    static final int FILE_NAME_SIZE = 56;

    /** One command, as recorded. */
    public sealed interface Command permits Allocate, AddPointer, AddChecksum {
    }

    public record Allocate(String file, int alignment, Zone zone) implements Command {
    }

    /** Adds the address of {@code sourceFile} to the {@code size}-byte field at {@code offset} of {@code destFile}. */
    public record AddPointer(String destFile, String sourceFile, int offset, int size) implements Command {
    }

    /** Sets the byte at {@code offset} so that [start, start+length) of {@code file} sums to zero. */
    public record AddChecksum(String file, int offset, int start, int length) implements Command {
    }

    private final List<Command> commands = new ArrayList<>();

    public BiosLinker allocate(String file, int alignment, Zone zone) {
        if (Integer.bitCount(alignment) != 1) throw new IllegalArgumentException("alignment " + alignment + " is not a power of two");
        commands.add(0, new Allocate(checkName(file), alignment, zone));
        return this;
    }

    public BiosLinker addPointer(String destFile, String sourceFile, int offset, int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) throw new IllegalArgumentException("pointer size " + size);
        return add(new AddPointer(checkName(destFile), checkName(sourceFile), offset, size));
    }

    public BiosLinker addChecksum(String file, int offset, int start, int length) {
        return add(new AddChecksum(checkName(file), offset, start, length));
    }

    public List<Command> commands() {
        return Collections.unmodifiableList(commands);
    }

    /** The {@code etc/table-loader} file. */
    public byte[] toBytes() {
        LeWriter w = new LeWriter();
        for (Command c : commands) {
            int start = w.size();
            if (c instanceof Allocate a) {
                w.u32(ALLOCATE).ascii(a.file(), FILE_NAME_SIZE, '\0').u32(a.alignment()).u8(a.zone() == Zone.HIGH ? 1 : 2);
            } else if (c instanceof AddPointer p) {
                w.u32(ADD_POINTER).ascii(p.destFile(), FILE_NAME_SIZE, '\0').ascii(p.sourceFile(), FILE_NAME_SIZE, '\0')
                        .u32(p.offset()).u8(p.size());
            } else if (c instanceof AddChecksum k) {
                w.u32(ADD_CHECKSUM).ascii(k.file(), FILE_NAME_SIZE, '\0').u32(k.offset()).u32(k.start()).u32(k.length());
            }
            w.zeros(ENTRY_SIZE - (w.size() - start));
        }
        return w.toArray();
    }

    /** Parses an {@code etc/table-loader} file (the inverse of {@link #toBytes}), skipping padding. */
    public static BiosLinker parse(byte[] loader) {
        if (loader.length % ENTRY_SIZE != 0) throw new IllegalArgumentException("table-loader size " + loader.length + " is not a multiple of 128");
        BiosLinker l = new BiosLinker();
        for (int at = 0; at < loader.length; at += ENTRY_SIZE) {
            int cmd = (int) LeWriter.read(loader, at, 4);
            int p = at + 4;
            switch (cmd) {
                case PADDING -> { }
                case ALLOCATE -> l.commands.add(new Allocate(name(loader, p), (int) LeWriter.read(loader, p + 56, 4),
                        loader[p + 60] == 2 ? Zone.FSEG : Zone.HIGH));
                case ADD_POINTER -> l.addPointer(name(loader, p), name(loader, p + 56), (int) LeWriter.read(loader, p + 112, 4),
                        loader[p + 116]);
                case ADD_CHECKSUM -> l.addChecksum(name(loader, p), (int) LeWriter.read(loader, p + 56, 4),
                        (int) LeWriter.read(loader, p + 60, 4), (int) LeWriter.read(loader, p + 64, 4));
                default -> throw new IllegalArgumentException("unknown table-loader command " + cmd + " at " + at);
            }
        }
        return l;
    }

    /**
     * Runs the commands on copies of {@code files}, with each allocated file placed at the
     * address {@code addresses} gives it: what the firmware does after loading the files.
     */
    public Map<String, byte[]> apply(Map<String, byte[]> files, Map<String, Long> addresses) {
        Map<String, byte[]> out = new HashMap<>();
        for (Command c : commands) {
            if (c instanceof Allocate a) {
                byte[] f = files.get(a.file());
                Long addr = addresses.get(a.file());
                if (f == null || addr == null) throw new IllegalArgumentException("no file or address for " + a.file());
                if (addr % a.alignment() != 0) throw new IllegalArgumentException(a.file() + " at 0x" + Long.toHexString(addr)
                        + " is not aligned to " + a.alignment());
                out.put(a.file(), f.clone());
            } else if (c instanceof AddPointer p) {
                byte[] dest = allocated(out, p.destFile());
                allocated(out, p.sourceFile());
                long value = LeWriter.read(dest, p.offset(), p.size()) + addresses.get(p.sourceFile());
                for (int i = 0; i < p.size(); i++) dest[p.offset() + i] = (byte) (value >>> (8 * i));
            } else if (c instanceof AddChecksum k) {
                LeWriter.fixChecksum(allocated(out, k.file()), k.start(), k.length(), k.offset());
            }
        }
        return out;
    }

    private static byte[] allocated(Map<String, byte[]> out, String file) {
        byte[] f = out.get(file);
        if (f == null) throw new IllegalStateException("table-loader refers to " + file + " before allocating it");
        return f;
    }

    private BiosLinker add(Command c) {
        commands.add(c);
        return this;
    }

    private static String checkName(String file) {
        if (file.getBytes(StandardCharsets.US_ASCII).length >= FILE_NAME_SIZE)
            throw new IllegalArgumentException("fw_cfg file name '" + file + "' is too long");
        return file;
    }

    private static String name(byte[] b, int offset) {
        int end = offset;
        while (end < offset + FILE_NAME_SIZE && b[end] != 0) end++;
        return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
