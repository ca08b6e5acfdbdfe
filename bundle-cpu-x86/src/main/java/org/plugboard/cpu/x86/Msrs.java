package org.plugboard.cpu.x86;

import java.util.HashMap;
import java.util.Map;
import org.plugboard.api.cpu.InterruptController;

/**
 * Model-specific registers. The ones with architectural effects (EFER, FS/GS base, SYSENTER,
 * SYSCALL) act on the CPU; the MTRRs, two of AMD's own (on AMD models, where Linux reads them
 * without a fault handler: SYSCFG with the fixed-range MTRRs of family 0Fh+, the interrupt
 * pending message register for erratum 400's C1E check) and a few identification registers
 * are plain storage; unknown ones raise #GP unless the machine asked for {@code unknown-msr=ignore}.
 */
final class Msrs {
    static final int TSC = 0x10, APIC_BASE = 0x1b, FEATURE_CONTROL = 0x3a, BIOS_SIGN_ID = 0x8b, MTRRCAP = 0xfe,
            SYSENTER_CS = 0x174, SYSENTER_ESP = 0x175, SYSENTER_EIP = 0x176, MCG_CAP = 0x179, MCG_STATUS = 0x17a,
            MISC_ENABLE = 0x1a0, PAT = 0x277, MTRR_DEF_TYPE = 0x2ff,
            EFER = 0xc0000080, STAR = 0xc0000081, LSTAR = 0xc0000082, CSTAR = 0xc0000083, FMASK = 0xc0000084,
            FS_BASE = 0xc0000100, GS_BASE = 0xc0000101, KERNEL_GS_BASE = 0xc0000102, TSC_AUX = 0xc0000103,
            AMD_SYSCFG = 0xc0010010, AMD_INT_PENDING_MSG = 0xc0010055;

    private final Cpu cpu;
    private final CpuModel model;
    private final boolean ignoreUnknown;
    private final VcpuControl control;

    long sysenterCs, sysenterEsp, sysenterEip, star, lstar, cstar, fmask, kernelGsBase, tscAux, tscOffset;
    long pat = 0x0007040600070406L, miscEnable = 1, mtrrDefType, syscfg, intPendingMsg;
    /** Variable and fixed-range MTRRs: storage only (there are no caches to control). */
    private final Map<Integer, Long> mtrrs = new HashMap<>();

    Msrs(Cpu cpu, CpuModel model, boolean ignoreUnknown, VcpuControl control) {
        this.cpu = cpu;
        this.model = model;
        this.ignoreUnknown = ignoreUnknown;
        this.control = control;
    }

    void reset() {
        sysenterCs = sysenterEsp = sysenterEip = star = lstar = cstar = fmask = kernelGsBase = tscAux = 0;
        tscOffset = -control.clockTicks();
        pat = 0x0007040600070406L;
        miscEnable = 1;
        mtrrDefType = syscfg = intPendingMsg = 0;
        mtrrs.clear();
    }

    long tsc() {
        return control.clockTicks() + tscOffset;
    }

    private static boolean isMtrr(int msr) {
        return (msr >= 0x200 && msr <= 0x20f) || msr == 0x250 || msr == 0x258 || msr == 0x259
                || (msr >= 0x268 && msr <= 0x26f);
    }

    long read(int msr) {
        InterruptController ic = control.interruptController();
        if (ic != null && ic.handlesMsr(msr)) return ic.readMsr(msr);
        switch (msr) {
            case TSC: return tsc();
            case APIC_BASE: return 0xfee00000L | 0x800 | (cpu.isBsp ? 0x100 : 0);
            case FEATURE_CONTROL: return 1; // locked, VMX off
            case BIOS_SIGN_ID: return 0;
            case MTRRCAP: return 0x508; // 8 variable ranges, fixed ranges, write-combining
            case SYSENTER_CS: return sysenterCs;
            case SYSENTER_ESP: return sysenterEsp;
            case SYSENTER_EIP: return sysenterEip;
            case MCG_CAP: case MCG_STATUS: return 0;
            case MISC_ENABLE: return miscEnable;
            case PAT: return pat;
            case MTRR_DEF_TYPE: return mtrrDefType;
            case EFER: return cpu.efer;
            case STAR: return star;
            case LSTAR: return lstar;
            case CSTAR: return cstar;
            case FMASK: return fmask;
            case FS_BASE: return cpu.seg[Cpu.FS].base;
            case GS_BASE: return cpu.seg[Cpu.GS].base;
            case KERNEL_GS_BASE: return kernelGsBase;
            case TSC_AUX: return tscAux;
            default:
                if (isMtrr(msr)) return mtrrs.getOrDefault(msr, 0L);
                if (msr == AMD_SYSCFG && model.isAmd()) return syscfg;
                if (msr == AMD_INT_PENDING_MSG && model.isAmd()) return intPendingMsg; // C1eOnCmpHalt clear: no C1E
                if (ignoreUnknown) return 0;
                throw cpu.fault(Vectors.GP, 0);
        }
    }

    void write(int msr, long v) {
        InterruptController ic = control.interruptController();
        if (ic != null && ic.handlesMsr(msr)) {
            ic.writeMsr(msr, v);
            return;
        }
        switch (msr) {
            case TSC:
                tscOffset = v - control.clockTicks();
                control.tscMoved();
                break;
            case APIC_BASE: case BIOS_SIGN_ID: case MCG_STATUS: case FEATURE_CONTROL: break;
            case SYSENTER_CS: sysenterCs = v & 0xffff; break;
            case SYSENTER_ESP: sysenterEsp = v; break;
            case SYSENTER_EIP: sysenterEip = v; break;
            case MISC_ENABLE: miscEnable = v; break;
            case PAT: pat = v; break;
            case MTRR_DEF_TYPE: mtrrDefType = v; break;
            case EFER: writeEfer(v); break;
            case STAR: star = v; break;
            case LSTAR: lstar = v; break;
            case CSTAR: cstar = v; break;
            case FMASK: fmask = v & 0xffffffffL; break;
            case FS_BASE: setBase(Cpu.FS, v); break;
            case GS_BASE: setBase(Cpu.GS, v); break;
            case KERNEL_GS_BASE: kernelGsBase = v; break;
            case TSC_AUX: tscAux = v & 0xffffffffL; break;
            default:
                if (isMtrr(msr)) mtrrs.put(msr, v);
                else if (msr == AMD_SYSCFG && model.isAmd()) syscfg = v;
                else if (msr == AMD_INT_PENDING_MSG && model.isAmd()) intPendingMsg = v;
                else if (!ignoreUnknown) throw cpu.fault(Vectors.GP, 0);
                break;
        }
    }

    private void setBase(int s, long v) {
        cpu.seg[s].base = v;
        cpu.seg[s].derive(cpu.mode64);
    }

    private void writeEfer(long v) {
        long allowed = Cpu.EFER_SCE | (model.has("lm") ? Cpu.EFER_LME : 0) | (model.has("nx") ? Cpu.EFER_NXE : 0);
        if ((v & ~(allowed | Cpu.EFER_LMA)) != 0) throw cpu.fault(Vectors.GP, 0);
        boolean paging = (cpu.cr0 & Cpu.CR0_PG) != 0;
        if (paging && ((v ^ cpu.efer) & Cpu.EFER_LME) != 0) throw cpu.fault(Vectors.GP, 0);
        cpu.efer = (v & ~Cpu.EFER_LMA) | (cpu.efer & Cpu.EFER_LMA); // LMA is read-only
        cpu.updateMode();
        control.translationsChanged();
    }
}
