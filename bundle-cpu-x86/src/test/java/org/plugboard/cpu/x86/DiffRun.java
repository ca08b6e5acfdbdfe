package org.plugboard.cpu.x86;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs families of differential cases on the host (the oracle) and the interpreter, prints the
 * cases per family and fails with the first mismatches.
 */
final class DiffRun {
    private DiffRun() {
    }

    static void check(String title, List<InstructionFamilies.Named> families) throws Exception {
        assertTrue(NativeOracle.available(), "the differential test needs x86-64 Linux with gcc (the oracle is this machine's CPU)");
        EmulatedOracle emulator = new EmulatedOracle();
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder(title + " (cases per family, this host as the oracle):\n");
        long total = 0;
        try (NativeOracle host = NativeOracle.start(Path.of("target", "difftest"))) {
            for (InstructionFamilies.Named f : families) {
                List<DiffCase> cases = new ArrayList<>(f.count());
                List<String> lines = new ArrayList<>(f.count());
                for (int k = 0; k < f.count(); k++) {
                    DiffCase c = f.family().next();
                    cases.add(c);
                    lines.add(c.line());
                }
                List<String> expected = host.run(lines);
                int bad = 0, faults = 0;
                for (int k = 0; k < cases.size(); k++) {
                    DiffCase c = cases.get(k);
                    String actual = emulator.run(c);
                    if (expected.get(k).startsWith("FAULT")) faults++;
                    String diff = actual.startsWith("STOPPED") ? actual : c.mismatch(expected.get(k), actual);
                    if (diff != null) {
                        bad++;
                        if (bad <= 4) failures.add(f.name() + ": " + c.line() + " -> " + diff);
                    }
                }
                total += cases.size();
                report.append(String.format("  %-45s %7d cases, %5d faulting, %d mismatches%n", f.name(), cases.size(), faults, bad));
            }
        }
        report.append(String.format("  %-45s %7d cases%n", "total", total));
        System.out.print(report);
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), () -> failures.size() + "+ mismatches, first: " + failures.get(0));
    }
}
