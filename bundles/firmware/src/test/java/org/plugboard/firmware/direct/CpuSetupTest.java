package org.plugboard.firmware.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The MTRR state the firmware-less start leaves, against what SeaBIOS 1.16 leaves on QEMU's pc
 * (qemu64, 40 physical address bits), read back with the devices guest's RDMSRs under QEMU with
 * -m 128M, -m 3G and -m 5G.
 */
class CpuSetupTest {
    private static final long WB8 = 0x0606060606060606L, WP8 = 0x0505050505050505L;

    /** The MSRs as the writes leave them (the last write to each wins). */
    private static Map<Integer, Long> finalState(long ramBelow4g, long pciWindow, int physBits) {
        Map<Integer, Long> state = new TreeMap<>();
        for (CpuSetup.MsrWrite w : CpuSetup.mtrrWrites(ramBelow4g, pciWindow, 8, true, physBits)) state.put(w.msr(), w.value());
        return state;
    }

    private static void assertFixedRangesAndDefault(Map<Integer, Long> s) {
        assertEquals(0xc06L, s.get(0x2ff), "MTRRdefType: enabled, fixed enabled, default write-back");
        assertEquals(WB8, s.get(0x250));
        assertEquals(WB8, s.get(0x258));
        assertEquals(0L, s.get(0x259), "the VGA window stays uncacheable");
        for (int msr = 0x268; msr <= 0x26f; msr++) assertEquals(WP8, s.get(msr), "fixed 4K MSR 0x" + Integer.toHexString(msr));
        for (int msr = 0x202; msr <= 0x20f; msr++) assertEquals(0L, s.get(msr), "variable MSR 0x" + Integer.toHexString(msr));
    }

    @Test
    void with128MiBThePciHoleFrom2GiBIsUncacheable() {
        Map<Integer, Long> s = finalState(128L << 20, FirmwareLessStart.windowStart(128L << 20), 40);
        assertFixedRangesAndDefault(s);
        assertEquals(0x80000000L, s.get(0x200));
        assertEquals(0xff80000800L, s.get(0x201));
    }

    /**
     * -m 3G, and -m 5G too: the i440FX then has 3 GiB below 4 GiB and the rest above, which no
     * variable range covers (it is write-back by default), so QEMU shows the same MTRRs for both.
     */
    @Test
    void with3GiBBelow4GiBThePciHoleFrom3GiBIsUncacheableWhateverLiesAbove4GiB() {
        Map<Integer, Long> s = finalState(3L << 30, FirmwareLessStart.windowStart(3L << 30), 40);
        assertFixedRangesAndDefault(s);
        assertEquals(0xc0000000L, s.get(0x200));
        assertEquals(0xffc0000800L, s.get(0x201));
    }

    @Test
    void theMaskFollowsThePhysicalAddressWidth() {
        assertEquals(0xf80000800L, finalState(128L << 20, 0x80000000L, 36).get(0x201));
        assertEquals(0xffff80000800L, finalState(128L << 20, 0x80000000L, 48).get(0x201));
    }

    @Test
    void fixedRangesBeyondSmallRamStayUncacheable() {
        // SeaBIOS marks a fixed sub-range write-back only where RAM covers it whole: 320 KiB covers five 64K ranges
        Map<Integer, Long> s = finalState(320L << 10, 0x80000000L, 40);
        assertEquals(0x0000000606060606L, s.get(0x250));
        assertEquals(0L, s.get(0x258));
    }

    @Test
    void theMtrrsAreTurnedOffFirstAndOnLast() {
        var writes = CpuSetup.mtrrWrites(128L << 20, 0x80000000L, 8, true, 40);
        assertEquals(new CpuSetup.MsrWrite(0x2ff, 0), writes.get(0));
        assertEquals(new CpuSetup.MsrWrite(0x2ff, 0xc06), writes.get(writes.size() - 1));
    }

    @Test
    void aCpuWithoutFixedOrVariableRangesGetsNoWrites() {
        assertTrue(CpuSetup.mtrrWrites(128L << 20, 0x80000000L, 8, false, 40).isEmpty());
        assertTrue(CpuSetup.mtrrWrites(128L << 20, 0x80000000L, 0, true, 40).isEmpty());
    }
}
