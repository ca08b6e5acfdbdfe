package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.CpuRegisters;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceState;

/** Reset state, budgets, snapshots, configuration errors: the vCPU as the machine drives it. */
class VcpuLifecycleTest {
    @Test
    void resetStartsInRealModeAtTheResetVector() throws Exception {
        TestMachine m = new TestMachine(1 << 20);
        Vcpu v = m.createCpu();
        CpuRegisters r = v.registers();
        assertEquals(0xfff0, r.rip);
        assertEquals(0xf000, r.seg[CpuRegisters.CS].selector);
        assertEquals(0xffff0000L, r.seg[CpuRegisters.CS].base);
        assertEquals(0x60000010L, r.cr0);
        assertTrue(v.describe().startsWith("real mode"), v.describe());
    }

    @Test
    void budgetIsExactAndSnapshotsResumeIdentically() throws Exception {
        TestMachine a = BenchGuestTest.prepare();
        assertEquals(Vcpu.Exit.BUDGET, a.vcpu.run(1_234_567));
        assertEquals(1_234_567, a.vcpu.instructionsRetired());
        DeviceState saved = DeviceState.fromBytes(a.vcpu.saveState().toBytes());
        byte[] ram = new byte[64 << 20];
        a.memory.ram().read(0, ram, 0, ram.length);

        TestMachine b = new TestMachine(64L << 20);
        b.createCpu();
        b.load(0, ram);
        b.vcpu.restoreState(saved);
        assertEquals(1_234_567, b.vcpu.instructionsRetired());
        assertEquals(Vcpu.Exit.BUDGET, a.vcpu.run(5_000_000));
        assertEquals(Vcpu.Exit.BUDGET, b.vcpu.run(5_000_000));
        assertEquals(a.vcpu.describe(), b.vcpu.describe());
    }

    @Test
    void snapshotsKeepTheX87Registers() throws Exception {
        TestMachine a = new TestMachine(1 << 20);
        a.createCpu();
        FpuState f = ((X86Vcpu) a.vcpu).cpu.fpu;
        f.fcw = 0x0b7a;
        f.fsw = 0xb884;
        f.ftw = 0x5a3f;
        f.fop = 0x5f9;
        f.fip = 0x12345678L;
        f.fdp = 0x9abcdef0L;
        f.fcs = 0x23;
        f.fds = 0x2b;
        for (int k = 0; k < 8; k++) {
            f.mant[k] = 0x8000000000000001L * (k + 1);
            f.sexp[k] = 0x3fff + k | (k & 1) << 15;
        }
        DeviceState saved = DeviceState.fromBytes(a.vcpu.saveState().toBytes());
        TestMachine b = new TestMachine(1 << 20);
        b.createCpu();
        b.vcpu.restoreState(saved);
        FpuState g = ((X86Vcpu) b.vcpu).cpu.fpu;
        assertEquals(java.util.List.of(f.fcw, f.fsw, f.ftw, f.fop, f.fcs, f.fds), java.util.List.of(g.fcw, g.fsw, g.ftw, g.fop, g.fcs, g.fds));
        assertEquals(f.fip, g.fip);
        assertEquals(f.fdp, g.fdp);
        assertArrayEquals(f.mant, g.mant);
        assertArrayEquals(f.sexp, g.sexp);
    }

    @Test
    void requestExitStopsAtABoundary() throws Exception {
        TestMachine m = BenchGuestTest.prepare();
        m.vcpu.requestExit();
        assertEquals(Vcpu.Exit.REQUESTED, m.vcpu.run(1000));
        assertEquals(Vcpu.Exit.BUDGET, m.vcpu.run(1000));
        assertFalse(m.vcpu.halted());
    }

    @Test
    void applicationProcessorsWaitForSipi() throws Exception {
        TestMachine m = new TestMachine(1 << 20);
        m.cpuIndex = 1;
        Vcpu ap = m.createCpu();
        assertTrue(ap.halted());
        assertEquals(Vcpu.Exit.HALTED, ap.run(100));
        m.load(0x10000, new byte[] {(byte) 0xb0, 0x41, (byte) 0xe6, (byte) 0xe9, (byte) 0xf4}); // mov al,'A'; out 0xe9,al; hlt
        ap.init();
        ap.sipi(0x10); // start at 1000:0000
        assertEquals(Vcpu.Exit.HALTED, ap.run(100));
        assertEquals("A", m.output());
        assertEquals(3, ap.instructionsRetired());
        assertEquals(0x1000, ap.registers().seg[CpuRegisters.CS].selector);
    }

    @Test
    void codeWrittenByOneVcpuIsReDecodedByAnother() throws Exception {
        TestMachine m = new TestMachine(1 << 20);
        X86Engine engine = new X86Engine();
        Vcpu a = engine.create(m);
        Vcpu b = engine.create(m);
        m.vcpu = a;
        // at 0x2000: mov al, 'x'; out 0xe9, al; hlt  -- both vCPUs run it, then A patches the 'x'
        m.load(0x2000, new byte[] {(byte) 0xb0, 'x', (byte) 0xe6, (byte) 0xe9, (byte) 0xf4});
        // at 0x3000 (A only): mov byte [0x2001], 'y'; hlt
        m.load(0x3000, new byte[] {(byte) 0xc6, 0x05, 0x01, 0x20, 0x00, 0x00, 'y', (byte) 0xf4});
        b.setRegisters(CpuRegisters.flatProtectedMode(0x2000));
        assertEquals(Vcpu.Exit.HALTED, b.run(10));
        a.setRegisters(CpuRegisters.flatProtectedMode(0x3000));
        assertEquals(Vcpu.Exit.HALTED, a.run(10));
        b.setRegisters(CpuRegisters.flatProtectedMode(0x2000));
        assertEquals(Vcpu.Exit.HALTED, b.run(10));
        assertEquals("xy", m.output());
    }

    @Test
    void modelsAndOptionsAreChecked() {
        assertThrows(ConfigException.class, () -> new TestMachine(1 << 20, "pentium9", Map.of()).createCpu());
        assertThrows(ConfigException.class, () -> new TestMachine(1 << 20, "qemu64,+sse4a", Map.of()).createCpu());
        assertThrows(ConfigException.class, () -> new TestMachine(1 << 20, "qemu64", Map.of("unknown-msr", "maybe")).createCpu());
    }

    @Test
    void cpuidFollowsTheModel() throws Exception {
        int[] out = new int[4];
        CpuModel.parse("qemu64").cpuid(0x80000001, 0, 0, out);
        assertTrue((out[3] & (1 << 29)) != 0, "qemu64 has long mode");
        CpuModel.parse("qemu64,-lm").cpuid(0x80000001, 0, 0, out);
        assertEquals(0, out[3] & (1 << 29));
        CpuModel.parse("qemu32").cpuid(1, 0, 0, out);
        assertTrue((out[3] & (1 << 25)) != 0, "SSE advertised: implemented");
        assertEquals(1, out[3] & 1, "the x87 unit is advertised (fpu)");
        CpuModel.parse("qemu32").cpuid(0, 0, 0, out);
        assertEquals(0x756e6547, out[1]); // "Genu"
        int smepSmap = 1 << 7 | 1 << 20;
        CpuModel.parse("qemu64").cpuid(7, 0, 0, out);
        assertEquals(0, out[1] & smepSmap, "qemu64 has neither SMEP nor SMAP");
        CpuModel.parse("max").cpuid(7, 0, 0, out);
        assertEquals(smepSmap, out[1] & smepSmap, "max has both");
        CpuModel.parse("qemu64,+smep,+smap").cpuid(7, 0, 0, out);
        assertEquals(smepSmap, out[1] & smepSmap);
        CpuModel.parse("max,-smap").cpuid(7, 0, 0, out);
        assertEquals(1 << 7, out[1] & smepSmap);
    }
}
