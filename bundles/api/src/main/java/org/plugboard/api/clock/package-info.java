/**
 * Virtual time. One {@link org.plugboard.api.clock.VirtualClock} per machine, in nanoseconds
 * since power-on, and a queue of {@link org.plugboard.api.clock.Timer}s that fire on the
 * machine's own thread between guest instructions, in deadline order (ties in arming order).
 * Devices never own threads; backends (network, disk) that do must post their work back with
 * {@link org.plugboard.api.clock.VirtualClock#post}.
 * <p>
 * In {@link org.plugboard.api.clock.ClockMode#DETERMINISTIC} mode virtual time derives from
 * instructions retired, so the same guest with the same inputs gives the same run. In
 * {@link org.plugboard.api.clock.ClockMode#REALTIME} mode it follows the host clock while the
 * machine runs and stands still while it is paused.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.plugboard.api.clock;
