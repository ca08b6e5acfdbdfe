package org.plugboard.cpu.x86;

/**
 * Measures the interpreter on bench-small.elf outside the test suite (wall time, and the machine
 * thread's CPU time, which a busy shared host disturbs less):
 * {@code java -cp <test classpath> org.plugboard.cpu.x86.BenchRunner [runs]}.
 */
public final class BenchRunner {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int k = 0; k < runs; k++) {
            TestMachine m = BenchGuestTest.prepare();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            m.runUntilExit(400_000_000L);
            long ns = System.nanoTime() - t0;
            long cpuNs = threads.getCurrentThreadCpuTime() - c0;
            long n = m.vcpu.instructionsRetired();
            boolean ok = m.output().contains("CHECKSUM=61e0afc1");
            System.out.printf("run %d: %s, %,d instructions in %.2f s wall (%.1f M/s), %.2f s CPU (%.1f M/s)%n", k + 1,
                    ok ? "checksum ok" : "WRONG OUTPUT", n, ns / 1e9, n * 1e3 / ns, cpuNs / 1e9, n * 1e3 / cpuNs);
        }
    }

    private BenchRunner() {
    }
}
