/**
 * AppleSMC: Apple's System Management Controller on the ISA/LPC bus, type {@code isa-applesmc}.
 *
 * <h2>What it answers</h2>
 * The full port protocol of the real part (READ 0x10, WRITE 0x11, GET_KEY_BY_INDEX 0x12,
 * GET_KEY_INFO 0x13; busy, data-ready and got-command status bits; the result codes on port
 * base+0x1e), over a key table kept sorted so Linux's binary search over indices works. Mac OS X
 * reads {@code REV }, {@code OSK0} and {@code OSK1} at boot; Linux's applesmc driver reads
 * {@code #KEY}, searches {@code FNum} and the temperature keys, and initialises, which it cannot
 * do on QEMU's model (that one answers plain reads of six keys only).
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>No OSK given is a configuration error, not QEMU's warning plus dummy key: Mac OS X would
 *       fail much later and far from the cause. Guests that do not check the key (Linux) are
 *       served by any 64 characters.</li>
 *   <li>The OSK never appears in logs, {@code describe()}, state dumps or error messages; in
 *       saved state it is a secret field.</li>
 *   <li>Written keys are guest-visible state: they survive hot swap and snapshots. A machine
 *       reset does not reset them (the SMC runs on standby power; the host's reset does not
 *       reach it) but drops an open transaction.</li>
 *   <li>The ACPI node ({@code Device (SMC)}, {@code _HID "APP0001"}, {@code _STA 0x0B}, I/O
 *       window and IRQ 6) is contributed by the device itself under the ISA bridge.</li>
 * </ul>
 */
package org.plugboard.applesmc;
