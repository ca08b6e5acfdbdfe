package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interrupt and timer guests of guests/: each committed binary is what its source assembles
 * to, and QEMU TCG still prints the recorded expected-qemu.txt (the *GuestTest classes compare
 * Plugboard's output with that file).
 */
class GuestProgramsTest {
    @ParameterizedTest
    @ValueSource(strings = {"lapic-timer", "smp-ipi", "hpet-ioapic"})
    void theBinaryIsWhatTheSourceAssemblesTo(String name) throws Exception {
        GuestProgram.named(name).assertBinaryMatchesSource();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lapic-timer | -cpu qemu64,+tsc-deadline",
        "smp-ipi     | -smp 4",
        "hpet-ioapic | -machine q35 -icount shift=0"})
    void theRecordedQemuOutputIsWhatQemuPrintsNow(String name, String qemuArgs) throws Exception {
        GuestProgram program = GuestProgram.named(name);
        assertEquals(program.expectedQemu(), program.runOnQemu(name + ":", qemuArgs.split(" ")));
    }
}
