package org.plugboard.pc.pit;

import org.plugboard.api.device.DeviceState;
import org.plugboard.pc.support.Bcd;

/**
 * One 8254 counter, computed from time rather than ticked: it remembers the input-clock cycle at
 * which its counting element was loaded and derives the count and OUT for any later cycle. All
 * six modes, binary and BCD counting, the gate (suspend in modes 0/4, restart in 2/3, trigger in
 * 1/5), counts written while counting (taking effect when the datasheet says), the count and
 * status latches, and the LSB/MSB access sequences.
 */
final class PitCounter {
    static final int ACCESS_LSB = 1, ACCESS_MSB = 2, ACCESS_WORD = 3;

    private int mode;        // effective mode 0..5
    private int modeBits;    // the three mode bits as programmed (6 and 7 read back as written)
    private boolean bcd;
    private int access;

    private int countRegister;     // CR, the last complete count written (raw bits)
    private int countRegisterLow;  // the first byte of a word write
    private boolean countWritten;  // a complete count has been written since the control word
    private boolean writeMsbNext;
    private boolean readMsbNext;

    private boolean loaded;        // the counting element holds a count (else OUT is at its initial level)
    private int reload;            // N: the count the counting element runs from, 1..65536 / 1..10000
    private long loadCycle;        // input-clock cycle at which the current count cycle began
    private boolean running;       // counting (false while the gate suspends it)
    private long frozenElapsed;    // cycles counted before a suspension
    private int staleCount;        // what the counting element shows while not loaded
    private boolean nullCount;

    private boolean reloadPending; // modes 2/3: a new count waits for the end of the period / half-cycle
    private int nextReload;
    private long switchCycle;
    private boolean lowHalfNext;

    private boolean gate;
    private boolean countLatched;
    private int latchedCount;
    private boolean statusLatched;
    private int latchedStatus;
    private long lastCycle;        // the latest cycle anything was evaluated at: time never runs back

    /** Power-on state as QEMU presents it: mode 3, word access, count 65536 already counting. */
    void reset(boolean gateLevel, long cycle) {
        mode = 3;
        modeBits = 3;
        bcd = false;
        access = ACCESS_WORD;
        countRegister = 0;
        countWritten = true;
        writeMsbNext = false;
        readMsbNext = false;
        countLatched = false;
        statusLatched = false;
        reloadPending = false;
        gate = gateLevel;
        lastCycle = Math.max(lastCycle, cycle);
        load(cycle, modulus());
    }

    // --- programming ---

    /** A control word for this counter (not a latch or read-back command). */
    void control(int rw, int m, boolean bcdCounting, long cycle) {
        touch(cycle);
        staleCount = loaded ? elapsedCount(cycle) : staleCount;
        access = rw;
        modeBits = m;
        mode = m > 5 ? m - 4 : m;
        bcd = bcdCounting;
        writeMsbNext = false;
        readMsbNext = false;
        loaded = false;
        countWritten = false;
        reloadPending = false;
        nullCount = true;
    }

    void latchCount(long cycle) {
        if (countLatched) return; // a latched count stays until it has been read
        touch(cycle);
        latchedCount = counterValue(cycle);
        countLatched = true;
    }

    void latchStatus(long cycle) {
        if (statusLatched) return;
        touch(cycle);
        latchedStatus = status(cycle);
        statusLatched = true;
    }

    void writeByte(int v, long cycle) {
        touch(cycle);
        switch (access) {
            case ACCESS_LSB: countRegister = v; break;
            case ACCESS_MSB: countRegister = v << 8; break;
            default:
                if (!writeMsbNext) {
                    countRegisterLow = v;
                    writeMsbNext = true;
                    if (mode == 0 && loaded) { // the first byte stops a mode 0 count and drops OUT
                        staleCount = elapsedCount(cycle);
                        loaded = false;
                    }
                    return;
                }
                countRegister = countRegisterLow | v << 8;
                writeMsbNext = false;
                break;
        }
        countWritten = true;
        nullCount = true;
        int n = decodedCount();
        switch (mode) {
            case 0:
            case 4:
                load(cycle, n);
                break;
            case 2:
            case 3:
                if (!loaded) load(cycle, n);
                else scheduleReload(cycle, n);
                break;
            default:
                break; // modes 1 and 5 load the count at the next gate trigger
        }
    }

    int readByte(long cycle) {
        touch(cycle);
        if (statusLatched) {
            statusLatched = false;
            return latchedStatus;
        }
        int v = countLatched ? latchedCount : counterValue(cycle);
        switch (access) {
            case ACCESS_LSB:
                countLatched = false;
                return v & 0xff;
            case ACCESS_MSB:
                countLatched = false;
                return v >>> 8;
            default:
                readMsbNext = !readMsbNext;
                if (readMsbNext) return v & 0xff;
                countLatched = false;
                return v >>> 8;
        }
    }

    void setGate(boolean level, long cycle) {
        touch(cycle);
        if (level == gate) return;
        gate = level;
        switch (mode) {
            case 0:
            case 4:
                if (!loaded) break;
                if (level) {
                    loadCycle = cycle - frozenElapsed;
                    running = true;
                } else {
                    frozenElapsed = cycle - loadCycle;
                    running = false;
                }
                break;
            case 2:
            case 3:
                if (!level) {
                    if (loaded) {
                        frozenElapsed = cycle - loadCycle;
                        running = false;
                    }
                } else if (countWritten) {
                    load(cycle, decodedCount()); // a rising gate restarts the count from CR
                }
                break;
            default:
                if (level && countWritten) load(cycle, decodedCount()); // trigger (and retrigger)
                break;
        }
    }

    boolean gate() {
        return gate;
    }

    private void load(long cycle, int n) {
        reload = n;
        loadCycle = cycle;
        loaded = true;
        nullCount = false;
        reloadPending = false;
        // a low gate holds modes 0, 2, 3 and 4; modes 1 and 5 are loaded by the gate's rising edge itself
        running = gate || mode == 1 || mode == 5;
        frozenElapsed = 0;
    }

    private void scheduleReload(long cycle, int n) {
        long d = elapsed(cycle);
        if (!running) { // a low gate: the rising edge will load CR anyway
            reloadPending = false;
            return;
        }
        reloadPending = true;
        nextReload = n;
        if (mode == 2) {
            switchCycle = loadCycle + (d / reload + 1) * reload;
        } else {
            long phase = d % reload;
            long base = cycle - phase;
            long firstHalf = (reload + 1) / 2;
            lowHalfNext = phase < firstHalf;
            switchCycle = lowHalfNext ? base + firstHalf : base + reload;
        }
    }

    /** Records the evaluation time and applies a pending reload whose moment has come. */
    private void touch(long cycle) {
        lastCycle = Math.max(lastCycle, cycle);
        if (reloadPending && running && cycle >= switchCycle) {
            reloadPending = false;
            nullCount = false;
            reload = nextReload;
            loadCycle = mode == 3 && lowHalfNext ? switchCycle - (nextReload + 1) / 2 : switchCycle;
        }
    }

    /** The latest cycle this counter has been evaluated at. */
    long lastCycle() {
        return lastCycle;
    }

    // --- derived values ---

    private int modulus() {
        return bcd ? 10000 : 0x10000;
    }

    private int decodedCount() {
        int n = bcd ? Bcd.fromBcd16(countRegister) : countRegister;
        return n == 0 ? modulus() : n;
    }

    private long elapsed(long cycle) {
        return running ? cycle - loadCycle : frozenElapsed;
    }

    /** The counting element's value in binary (0..65535; 65536 reads as 0). */
    private int elapsedCount(long cycle) {
        if (!loaded) return staleCount;
        long d = elapsed(cycle);
        long n = reload;
        switch (mode) {
            case 2:
                return (int) (n - d % n) % modulus();
            case 3: {
                long phase = d % n;
                long firstHalf = (n + 1) / 2;
                long p = phase < firstHalf ? phase : phase - firstHalf;
                long v;
                if (p == 0) v = n;
                else if ((n & 1) == 0) v = n - 2 * p;
                else v = phase < firstHalf ? n + 1 - 2 * p : n - 1 - 2 * p; // odd counts: a 1 (or 3) step, then 2s
                return (int) (v % modulus());
            }
            default: // modes 0, 1, 4, 5 count down through 0 and wrap
                return (int) Math.floorMod(n - d, (long) modulus());
        }
    }

    /** What a read of the counter returns: the count in binary or BCD. */
    private int counterValue(long cycle) {
        int v = elapsedCount(cycle);
        return bcd ? Bcd.toBcd16(v) : v;
    }

    boolean out(long cycle) {
        touch(cycle);
        if (!loaded) return mode != 0;
        long d = elapsed(cycle);
        switch (mode) {
            case 0:
            case 1:
                return d >= reload;
            case 2:
                return !running || d % reload != reload - 1;
            case 3:
                return !running || d % reload < (reload + 1) / 2;
            default:
                return d != reload;
        }
    }

    /** The first cycle after {@code cycle} at which OUT changes, or -1 if it stays as it is. */
    long nextOutputChange(long cycle) {
        touch(cycle);
        if (!loaded || !running) return -1;
        long d = cycle - loadCycle;
        long n = reload;
        switch (mode) {
            case 0:
            case 1:
                return d < n ? loadCycle + n : -1;
            case 2: {
                if (n == 1) return -1;
                long phase = d % n;
                long base = cycle - phase;
                return phase < n - 1 ? base + n - 1 : base + n;
            }
            case 3: {
                if (n == 1) return -1;
                long phase = d % n;
                long base = cycle - phase;
                long firstHalf = (n + 1) / 2;
                return phase < firstHalf ? base + firstHalf : base + n;
            }
            default:
                return d < n ? loadCycle + n : d == n ? loadCycle + n + 1 : -1;
        }
    }

    int status(long cycle) {
        return (out(cycle) ? 0x80 : 0) | (nullCount ? 0x40 : 0) | access << 4 | modeBits << 1 | (bcd ? 1 : 0);
    }

    String describe(long cycle) {
        if (!loaded) return "mode " + mode + (countWritten ? " waiting for gate" : " no count");
        return String.format("mode %d%s count %d/%d out %d%s", mode, bcd ? " bcd" : "", elapsedCount(cycle), reload,
                out(cycle) ? 1 : 0, gate ? "" : " gate low");
    }

    // --- state ---

    void save(DeviceState s, String p) {
        s.putInt(p + "mode", modeBits).putBoolean(p + "bcd", bcd).putInt(p + "access", access)
                .putInt(p + "countRegister", countRegister).putInt(p + "countRegisterLow", countRegisterLow)
                .putBoolean(p + "countWritten", countWritten).putBoolean(p + "writeMsbNext", writeMsbNext)
                .putBoolean(p + "readMsbNext", readMsbNext).putBoolean(p + "loaded", loaded)
                .putInt(p + "reload", reload).putLong(p + "loadCycle", loadCycle).putBoolean(p + "running", running)
                .putLong(p + "frozenElapsed", frozenElapsed).putInt(p + "staleCount", staleCount)
                .putBoolean(p + "nullCount", nullCount).putBoolean(p + "reloadPending", reloadPending)
                .putInt(p + "nextReload", nextReload).putLong(p + "switchCycle", switchCycle)
                .putBoolean(p + "lowHalfNext", lowHalfNext).putBoolean(p + "gate", gate)
                .putBoolean(p + "countLatched", countLatched).putInt(p + "latchedCount", latchedCount)
                .putBoolean(p + "statusLatched", statusLatched).putInt(p + "latchedStatus", latchedStatus)
                .putLong(p + "lastCycle", lastCycle);
    }

    void restore(DeviceState s, String p) {
        modeBits = s.getInt(p + "mode") & 7;
        mode = modeBits > 5 ? modeBits - 4 : modeBits;
        bcd = s.getBoolean(p + "bcd");
        access = s.getInt(p + "access");
        if (access < ACCESS_LSB || access > ACCESS_WORD) throw new IllegalArgumentException("8254 state: bad access " + access);
        countRegister = s.getInt(p + "countRegister") & 0xffff;
        countRegisterLow = s.getInt(p + "countRegisterLow") & 0xff;
        countWritten = s.getBoolean(p + "countWritten");
        writeMsbNext = s.getBoolean(p + "writeMsbNext");
        readMsbNext = s.getBoolean(p + "readMsbNext");
        loaded = s.getBoolean(p + "loaded");
        reload = s.getInt(p + "reload");
        if (loaded && (reload < 1 || reload > 0x10000)) throw new IllegalArgumentException("8254 state: bad count " + reload);
        loadCycle = s.getLong(p + "loadCycle");
        running = s.getBoolean(p + "running");
        frozenElapsed = s.getLong(p + "frozenElapsed");
        staleCount = s.getInt(p + "staleCount") & 0xffff;
        nullCount = s.getBoolean(p + "nullCount");
        reloadPending = s.getBoolean(p + "reloadPending");
        nextReload = s.getInt(p + "nextReload");
        switchCycle = s.getLong(p + "switchCycle");
        lowHalfNext = s.getBoolean(p + "lowHalfNext");
        gate = s.getBoolean(p + "gate");
        countLatched = s.getBoolean(p + "countLatched");
        latchedCount = s.getInt(p + "latchedCount") & 0xffff;
        statusLatched = s.getBoolean(p + "statusLatched");
        latchedStatus = s.getInt(p + "latchedStatus") & 0xff;
        lastCycle = s.getLong(p + "lastCycle");
    }
}
