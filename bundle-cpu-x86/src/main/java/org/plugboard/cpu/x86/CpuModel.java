package org.plugboard.cpu.x86;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.plugboard.api.device.ConfigException;

/**
 * The CPUID model: vendor, family/model/stepping and feature bits, chosen QEMU-style with
 * {@code -cpu NAME[,+feat][,-feat]}. Only features this engine implements can be advertised: a
 * named model loses the ones it lacks (the x87 belongs to another unit), and asking for an
 * unimplemented one with {@code +feat} is a configuration error.
 */
final class CpuModel {
    /** Where a feature bit lives. */
    private record Feature(int leaf, char register, int bit, boolean implemented) {
    }

    private static final Map<String, Feature> FEATURES = new LinkedHashMap<>();

    private static void feature(String name, int leaf, char reg, int bit, boolean implemented) {
        FEATURES.put(name, new Feature(leaf, reg, bit, implemented));
    }

    static {
        int l1 = 1, e1 = 0x80000001;
        feature("fpu", l1, 'd', 0, true);
        feature("vme", l1, 'd', 1, false);
        feature("de", l1, 'd', 2, true);
        feature("pse", l1, 'd', 3, true);
        feature("tsc", l1, 'd', 4, true);
        feature("msr", l1, 'd', 5, true);
        feature("pae", l1, 'd', 6, true);
        feature("mce", l1, 'd', 7, true);
        feature("cx8", l1, 'd', 8, true);
        feature("apic", l1, 'd', 9, true);
        feature("sep", l1, 'd', 11, true);
        feature("mtrr", l1, 'd', 12, true);
        feature("pge", l1, 'd', 13, true);
        feature("mca", l1, 'd', 14, false);
        feature("cmov", l1, 'd', 15, true);
        feature("pat", l1, 'd', 16, true);
        feature("pse36", l1, 'd', 17, true);
        feature("clflush", l1, 'd', 19, true);
        feature("mmx", l1, 'd', 23, true);
        feature("fxsr", l1, 'd', 24, true);
        feature("sse", l1, 'd', 25, true);
        feature("sse2", l1, 'd', 26, true);
        feature("sse3", l1, 'c', 0, true);
        feature("monitor", l1, 'c', 3, false);
        feature("ssse3", l1, 'c', 9, true);
        feature("cx16", l1, 'c', 13, true);
        feature("sse4.1", l1, 'c', 19, true);
        feature("sse4.2", l1, 'c', 20, true);
        feature("x2apic", l1, 'c', 21, false);
        feature("popcnt", l1, 'c', 23, true);
        feature("tsc-deadline", l1, 'c', 24, true); // IA32_TSC_DEADLINE goes to the LAPIC, against this TSC
        feature("xsave", l1, 'c', 26, true);
        feature("hypervisor", l1, 'c', 31, true);
        feature("syscall", e1, 'd', 11, true);
        feature("nx", e1, 'd', 20, true);
        feature("rdtscp", e1, 'd', 27, true);
        feature("lm", e1, 'd', 29, true);
        feature("lahf_lm", e1, 'c', 0, true);
        feature("svm", e1, 'c', 2, false);
        feature("abm", e1, 'c', 5, true);
        feature("sse4a", e1, 'c', 6, false);
        feature("smep", 7, 'b', 7, true);
        feature("smap", 7, 'b', 20, true);
    }

    private static final String COMMON = "fpu,de,pse,tsc,msr,pae,mce,cx8,apic,sep,mtrr,pge,mca,cmov,pat,pse36,clflush,mmx,fxsr,sse,sse2";

    final String name;
    final String vendor;
    final int family, model, stepping;
    private final int l1c, l1d, e1c, e1d;
    /** CPUID leaf 7, subleaf 0, EBX (structured extended features). */
    private final int l7b;

    private CpuModel(String name, String vendor, int family, int model, int stepping, int[] bits) {
        this.name = name;
        this.vendor = vendor;
        this.family = family;
        this.model = model;
        this.stepping = stepping;
        this.l1c = bits[0];
        this.l1d = bits[1];
        this.e1c = bits[2];
        this.e1d = bits[3];
        this.l7b = bits[4];
    }

    /** Parses {@code NAME[,+feat|-feat|feat=on|feat=off]...}; unknown names are errors. */
    static CpuModel parse(String spec) throws ConfigException {
        String[] parts = (spec == null || spec.isBlank() ? "qemu64" : spec).split(",");
        String base = parts[0].trim().toLowerCase(Locale.ROOT);
        String vendor;
        int family, model, stepping;
        String features;
        switch (base) {
            case "qemu64":
                vendor = "AuthenticAMD"; family = 15; model = 107; stepping = 1;
                features = COMMON + ",sse3,cx16,hypervisor,syscall,nx,lm,lahf_lm,svm,abm,sse4a";
                break;
            case "qemu32":
                vendor = "GenuineIntel"; family = 6; model = 6; stepping = 3;
                features = COMMON + ",sse3,hypervisor";
                break;
            case "max":
            case "host":
                vendor = "GenuineIntel"; family = 6; model = 61; stepping = 2;
                features = String.join(",", FEATURES.keySet());
                break;
            default:
                throw new ConfigException("unknown CPU model '" + parts[0] + "' (known: qemu64, qemu32, max)");
        }
        int[] bits = new int[5];
        for (String f : features.split(",")) {
            Feature ft = FEATURES.get(f);
            if (ft.implemented) set(bits, ft, true);
        }
        for (int k = 1; k < parts.length; k++) {
            String p = parts[k].trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            boolean on;
            String n;
            if (p.startsWith("+") || p.startsWith("-")) {
                on = p.charAt(0) == '+';
                n = p.substring(1);
            } else if (p.endsWith("=on") || p.endsWith("=off")) {
                on = p.endsWith("=on");
                n = p.substring(0, p.indexOf('='));
            } else {
                throw new ConfigException("CPU model '" + spec + "': cannot read '" + parts[k] + "' (use +feat or -feat)");
            }
            Feature ft = FEATURES.get(n);
            if (ft == null) ft = FEATURES.get(n.replace('-', '_'));
            if (ft == null) throw new ConfigException("CPU model '" + spec + "': unknown feature '" + n + "'");
            if (on && !ft.implemented)
                throw new ConfigException("CPU model '" + spec + "': feature '" + n + "' is not implemented by this engine");
            set(bits, ft, on);
        }
        return new CpuModel(base, vendor, family, model, stepping, bits);
    }

    /** The feature's word in {l1c, l1d, e1c, e1d, l7b}. */
    private static int index(Feature f) {
        return f.leaf == 7 ? 4 : (f.leaf == 1 ? 0 : 2) + (f.register == 'd' ? 1 : 0);
    }

    private static void set(int[] bits, Feature f, boolean on) {
        int idx = index(f);
        int m = 1 << f.bit;
        bits[idx] = on ? bits[idx] | m : bits[idx] & ~m;
    }

    /** AMD's vendor string: the model has AMD's own MSRs (SYSCFG). */
    boolean isAmd() {
        return vendor.equals("AuthenticAMD");
    }

    boolean has(String feature) {
        Feature f = FEATURES.get(feature);
        int[] bits = {l1c, l1d, e1c, e1d, l7b};
        return (bits[index(f)] & (1 << f.bit)) != 0;
    }

    /** Fills {@code out} with EAX, EBX, ECX, EDX for CPUID(leaf, subleaf) on a one-processor machine. */
    void cpuid(int leaf, int subleaf, int apicId, int[] out) {
        cpuid(leaf, subleaf, apicId, new CpuTopology(1), out);
    }

    /** The highest basic leaf, as QEMU's model of the same name reports it. */
    private int level() {
        return name.equals("qemu32") ? 4 : 0xd;
    }

    /** Fills {@code out} with EAX, EBX, ECX, EDX for CPUID(leaf, subleaf) on CPU {@code apicId} of {@code topology}. */
    void cpuid(int leaf, int subleaf, int apicId, CpuTopology topology, int[] out) {
        out[0] = out[1] = out[2] = out[3] = 0;
        if (leaf >= 0 && leaf > level()) leaf = level(); // past the last basic leaf: the last one's data
        switch (leaf) {
            case 0:
                out[0] = level();
                vendor(out);
                break;
            case 1:
                int extFamily = family > 15 ? family - 15 : 0;
                out[0] = stepping | (model & 15) << 4 | Math.min(family, 15) << 8 | (model >> 4) << 16 | extFamily << 20;
                out[1] = 8 << 8 | topology.logicalPerPackage() << 16 | apicId << 24; // CLFLUSH line 64 bytes
                out[2] = l1c;
                out[3] = l1d | (topology.logicalPerPackage() > 1 ? 1 << 28 : 0); // HTT: several logical processors
                break;
            case 4:
                if (vendor.equals("GenuineIntel")) topology.cacheParameters(subleaf, out); // QEMU: none on AMD models
                break;
            case 0xb:
                topology.extendedTopology(subleaf, apicId, out);
                break;
            case 7:
                if (subleaf == 0) out[1] = l7b; // EAX = 0: subleaf 0 is the only one
                break;
            case 0xd:
                xsaveLeaf(subleaf, out);
                break;
            case 0x80000000:
                out[0] = 0x80000008;
                vendor(out);
                break;
            case 0x80000001:
                out[0] = stepping | (model & 15) << 4 | Math.min(family, 15) << 8 | (model >> 4) << 16;
                out[2] = e1c;
                out[3] = e1d;
                break;
            case 0x80000002: case 0x80000003: case 0x80000004:
                brand(leaf - 0x80000002, out);
                break;
            case 0x80000008:
                out[0] = 40 | 48 << 8;
                break;
            default:
                break;
        }
    }

    /**
     * CPUID 0xD: the XSAVE state components (x87 and SSE; no AVX) and the area size (512-byte
     * legacy region and 64-byte header), XSAVEOPT in sub-leaf 1.
     */
    private void xsaveLeaf(int subleaf, int[] out) {
        if (!has("xsave")) return;
        if (subleaf == 0) {
            out[0] = (int) StateSaveOps.XCR0_SUPPORTED;
            out[1] = StateSaveOps.XSAVE_SIZE;
            out[2] = StateSaveOps.XSAVE_SIZE;
        } else if (subleaf == 1) {
            out[0] = 1;
        }
    }

    private void vendor(int[] out) {
        byte[] v = vendor.getBytes(StandardCharsets.US_ASCII);
        out[1] = word(v, 0);
        out[3] = word(v, 4);
        out[2] = word(v, 8);
    }

    private void brand(int part, int[] out) {
        byte[] b = new byte[48];
        byte[] s = ("Plugboard x86 interpreter (" + name + ")").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 0, Math.min(s.length, 47));
        for (int k = 0; k < 4; k++) out[k] = word(b, part * 16 + k * 4);
    }

    private static int word(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }
}
