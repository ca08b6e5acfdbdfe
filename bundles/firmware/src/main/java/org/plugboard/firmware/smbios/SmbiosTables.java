package org.plugboard.firmware.smbios;

import java.util.ArrayList;
import java.util.List;
import org.plugboard.firmware.bytes.LeWriter;

/**
 * Builds the SMBIOS 2.8 structure table the way QEMU 7.2 does: type 0 (only when asked for;
 * SeaBIOS adds its own otherwise), 1, 2 (only when asked for), 3, 4 per socket, 16, 17 per
 * 16 GiB DIMM, 19 per RAM range, structures devices contributed, 32 and the 127 end marker.
 * Handles are {@code type << 8} plus the instance, as in QEMU.
 */
public final class SmbiosTables {
    private static final long KIB = 1024, MIB = 1024 * KIB, GIB = 1024 * MIB;
    private static final long DIMM_MAX = 16 * GIB;
    private static final int ARRAY_HANDLE = 0x1000;
    private static final int NOT_PROVIDED = 0xfffe;

    private SmbiosTables() {
    }

    /** The BIOS information Debian 12's SeaBIOS (1.16.2) adds when QEMU gives no type 0. */
    static final String SEABIOS_VENDOR = "SeaBIOS", SEABIOS_VERSION = "1.16.2-debian-1.16.2-1", SEABIOS_DATE = "04/01/2014";

    /**
     * @param firmwareType0 whether to add the type 0 SeaBIOS would add when the user did not ask
     *                      for one: true for a firmware-less boot, where no BIOS runs
     */
    public static SmbiosTableSet build(SmbiosOptions o, SmbiosPlatform p, List<byte[]> contributed, boolean firmwareType0) {
        List<byte[]> s = new ArrayList<>();
        if (o.requested(0)) s.add(type0(o));
        else if (firmwareType0) s.add(seabiosType0());
        s.add(type1(o, p));
        if (o.requested(2)) s.add(type2(o, p));
        s.add(type3(o, p));
        for (int i = 0; i < p.sockets(); i++) s.add(type4(o, p, i));
        int dimms = (int) ((p.ramSize() + DIMM_MAX - 1) / DIMM_MAX);
        s.add(type16(p, dimms));
        for (int i = 0; i < dimms; i++) {
            long size = i < dimms - 1 ? DIMM_MAX : (p.ramSize() - 1) % DIMM_MAX + 1;
            s.add(type17(o, p, i, size));
        }
        for (int i = 0; i < p.ramRanges().size(); i++) s.add(type19(i, p.ramRanges().get(i)));
        s.addAll(contributed);
        s.add(new SmbiosStructure(32, 0x2000).zeros(6).u8(0).toBytes());
        s.add(new SmbiosStructure(127, 0x7f00).toBytes());

        LeWriter table = new LeWriter();
        int max = 0;
        for (byte[] b : s) {
            table.bytes(b);
            max = Math.max(max, b.length);
        }
        return new SmbiosTableSet(table.toArray(), s.size(), max);
    }

    private static byte[] type0(SmbiosOptions o) {
        int major = 0, minor = 0;
        String release = o.get(0, "release", null);
        if (release != null) {
            String[] mm = release.split("\\.");
            if (mm.length != 2) throw new IllegalArgumentException("-smbios type=0: release '" + release + "' is not MAJOR.MINOR");
            major = Integer.parseInt(mm[0]);
            minor = Integer.parseInt(mm[1]);
        }
        boolean uefi = "on".equals(o.get(0, "uefi", "off"));
        return new SmbiosStructure(0, 0x000)
                .string(o.get(0, "vendor", null))
                .string(o.get(0, "version", null))
                .u16(0xe800)                  // BIOS starting segment, as SeaBIOS
                .string(o.get(0, "date", null))
                .u8(0)                        // ROM size
                .u64(0x08)                    // characteristics not supported
                .u8(0).u8(0x14 | (uefi ? 0x08 : 0)) // extension: target content distribution, virtual machine
                .u8(major).u8(minor)
                .u8(0xff).u8(0xff)            // no embedded controller
                .toBytes();
    }

    private static byte[] seabiosType0() {
        return firmwareType0(SEABIOS_VENDOR, SEABIOS_VERSION, SEABIOS_DATE);
    }

    /**
     * The BIOS information structure (type 0, handle 0) a firmware adds when QEMU gives none,
     * laid out as SeaBIOS's: its strings, segment 0xe800, and only the "targeted content
     * distribution" bit.
     */
    public static byte[] firmwareType0(String vendor, String version, String date) {
        return new SmbiosStructure(0, 0x000).string(vendor).string(version).u16(0xe800)
                .string(date).u8(0).u64(0x08).u8(0).u8(0x04).u8(0).u8(0).u8(0xff).u8(0xff).toBytes();
    }

    private static byte[] type1(SmbiosOptions o, SmbiosPlatform p) {
        String uuid = o.get(1, "uuid", null);
        return new SmbiosStructure(1, 0x100)
                .string(o.get(1, "manufacturer", p.manufacturer()))
                .string(o.get(1, "product", p.product()))
                .string(o.get(1, "version", p.version()))
                .string(o.get(1, "serial", null))
                .bytes(uuid == null ? new byte[16] : SmbiosUuid.parse(uuid))
                .u8(0x06)                     // wake-up type: power switch
                .string(o.get(1, "sku", null))
                .string(o.get(1, "family", null))
                .toBytes();
    }

    private static byte[] type2(SmbiosOptions o, SmbiosPlatform p) {
        return new SmbiosStructure(2, 0x200)
                .string(o.get(2, "manufacturer", p.manufacturer()))
                .string(o.get(2, "product", p.product()))
                .string(o.get(2, "version", p.version()))
                .string(o.get(2, "serial", null))
                .string(o.get(2, "asset", null))
                .u8(0x01)                     // feature flags: hosting board
                .string(o.get(2, "location", null))
                .u16(0x300)                   // chassis: the type 3 structure
                .u8(0x0a)                     // board type: motherboard
                .u8(0)                        // no contained objects
                .toBytes();
    }

    private static byte[] type3(SmbiosOptions o, SmbiosPlatform p) {
        return new SmbiosStructure(3, 0x300)
                .string(o.get(3, "manufacturer", p.manufacturer()))
                .u8(0x01)                     // enclosure type: other
                .string(o.get(3, "version", p.version()))
                .string(o.get(3, "serial", null))
                .string(o.get(3, "asset", null))
                .u8(0x03).u8(0x03).u8(0x03)   // boot-up, power supply, thermal state: safe
                .u8(0x02)                     // security status: unknown
                .u32(0)                       // OEM-defined
                .u8(0).u8(0)                  // height, power cords
                .u8(0).u8(0)                  // contained elements: none, record length 0
                .string(o.get(3, "sku", null))
                .toBytes();
    }

    private static byte[] type4(SmbiosOptions o, SmbiosPlatform p, int socket) {
        int maxSpeed = o.number(4, "max-speed", 2000);
        int currentSpeed = o.number(4, "current-speed", 2000);
        return new SmbiosStructure(4, 0x400 + socket)
                .string(String.format("%s%2x", o.get(4, "sock_pfx", "CPU"), socket))
                .u8(0x03)                     // central processor
                .u8(0x01)                     // family: other
                .string(o.get(4, "manufacturer", p.manufacturer()))
                .u32(Integer.toUnsignedLong(p.cpuidVersion())).u32(Integer.toUnsignedLong(p.cpuidFeatures()))
                .string(o.get(4, "version", p.version()))
                .u8(0)                        // voltage
                .u16(0)                       // external clock: unknown
                .u16(maxSpeed).u16(currentSpeed)
                .u8(0x41)                     // socket populated, CPU enabled
                .u8(0x01)                     // upgrade: other
                .u16(0xffff).u16(0xffff).u16(0xffff) // no cache information
                .string(o.get(4, "serial", null))
                .string(o.get(4, "asset", null))
                .string(o.get(4, "part", null))
                .u8(Math.min(p.coresPerSocket(), 0xff)).u8(Math.min(p.coresPerSocket(), 0xff))
                .u8(Math.min(p.coresPerSocket() * p.threadsPerCore(), 0xff)) // threads in the whole socket
                .u16(0x02)                    // characteristics: unknown
                .u16(0x01)                    // family 2: other
                .toBytes();
    }

    private static byte[] type16(SmbiosPlatform p, int dimms) {
        long kib = (p.ramSize() + KIB - 1) / KIB;
        boolean extended = kib >= 0x80000000L;
        return new SmbiosStructure(16, ARRAY_HANDLE)
                .u8(0x01)                     // location: other
                .u8(0x03)                     // use: system memory
                .u8(0x06)                     // error correction: multi-bit ECC
                .u32(extended ? 0x80000000L : kib)
                .u16(NOT_PROVIDED)
                .u16(dimms)
                .u64(extended ? p.ramSize() : 0)
                .toBytes();
    }

    private static byte[] type17(SmbiosOptions o, SmbiosPlatform p, int dimm, long size) {
        long mib = (size + MIB - 1) / MIB;
        boolean extended = mib >= 0x7fff;
        int speed = o.number(17, "speed", 0);
        return new SmbiosStructure(17, 0x1100 + dimm)
                .u16(ARRAY_HANDLE)
                .u16(NOT_PROVIDED)
                .u16(0xffff).u16(0xffff)      // total and data width: unknown
                .u16(extended ? 0x7fff : (int) mib)
                .u8(0x09)                     // form factor: DIMM
                .u8(0)                        // not in a set
                .string(o.get(17, "loc_pfx", "DIMM") + " " + dimm)
                .string(o.get(17, "bank", null))
                .u8(0x07)                     // memory type: RAM
                .u16(0x02)                    // type detail: other
                .u16(speed)
                .string(o.get(17, "manufacturer", p.manufacturer()))
                .string(o.get(17, "serial", null))
                .string(o.get(17, "asset", null))
                .string(o.get(17, "part", null))
                .u8(0)                        // attributes: unknown
                .u32(extended ? mib : 0)
                .u16(speed)                   // configured speed
                .u16(0).u16(0).u16(0)         // voltages: unknown
                .toBytes();
    }

    private static byte[] type19(int instance, SmbiosPlatform.MemoryRange r) {
        long end = r.base() + r.length() - 1;
        long startKib = r.base() / KIB, endKib = end / KIB;
        boolean extended = startKib >= 0xffffffffL || endKib >= 0xffffffffL;
        return new SmbiosStructure(19, 0x1300 + instance)
                .u32(extended ? 0xffffffffL : startKib)
                .u32(extended ? 0xffffffffL : endKib)
                .u16(ARRAY_HANDLE)
                .u8(1)                        // partition width
                .u64(extended ? r.base() : 0)
                .u64(extended ? end : 0)
                .toBytes();
    }
}
