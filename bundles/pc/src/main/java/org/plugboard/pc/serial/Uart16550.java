package org.plugboard.pc.serial;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.clock.Timer;
import org.plugboard.api.device.CharBackend;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * A National 16550A UART on the ISA bus. Transmission is immediate (a written byte reaches the
 * backend at once and the holding register is empty again), reception is paced by the backend
 * (a byte is refused while the FIFO is full). What a driver can observe follows the datasheet:
 * interrupt priorities, the THRE interrupt that is cleared by reading IIR or writing THR and set
 * again when the holding register empties, the FIFO trigger levels and the character timeout
 * (four character times at the programmed baud rate), overrun, loopback, and the PC wiring where
 * OUT2 gates the interrupt onto the bus. Reset values are QEMU's (MCR with OUT2 set, divisor 12),
 * so a guest sees the same registers on both.
 */
final class Uart16550 implements Device, RegionOps, CharBackend.Receiver {
    static final String TYPE = "isa-serial";
    private static final int STATE_VERSION = 1;

    // register offsets
    private static final int RBR_THR_DLL = 0, IER_DLM = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

    private static final int IER_RDA = 0x01, IER_THRE = 0x02, IER_RLS = 0x04, IER_MODEM = 0x08;

    private static final int IIR_NONE = 0x01, IIR_MODEM = 0x00, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_RLS = 0x06,
            IIR_TIMEOUT = 0x0c, IIR_FIFOS_ENABLED = 0xc0;

    private static final int FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02, FCR_CLEAR_TX = 0x04;

    private static final int LCR_DLAB = 0x80;

    private static final int MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;

    private static final int LSR_DR = 0x01, LSR_OE = 0x02, LSR_ERRORS = 0x1e, LSR_THRE = 0x20, LSR_TEMT = 0x40;

    private static final int MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08, MSR_DELTAS = 0x0f,
            MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80;

    /** With a host backend attached the far end reads as present and ready, as QEMU reports it. */
    private static final int HOST_MODEM_LINES = MSR_CTS | MSR_DSR | MSR_DCD;

    private static final int[] TRIGGER_LEVELS = {1, 4, 8, 14};
    private static final long UART_CLOCK_HZ = 1_843_200;

    private final int iobase;
    private final int irq;
    private final String chardev;

    private DeviceContext ctx;
    private CharBackend backend;
    private IrqLine line;
    private Timer rxTimeout;

    private final ReceiveFifo rx = new ReceiveFifo();
    private int ier;
    private int lcr;
    private int mcr;
    private int lsrErrors;
    private int msr;
    private int scr;
    private int divisor;
    private boolean fifosEnabled;
    private int triggerSelect;
    private int lastReceived;
    private boolean thrPending;
    private boolean timeoutPending;

    Uart16550(int iobase, int irq, String chardev) {
        this.iobase = iobase;
        this.irq = irq;
        this.chardev = chardev;
    }

    @Override
    public void realize(DeviceContext context) {
        ctx = context;
        line = ctx.isaIrq(irq);
        rxTimeout = ctx.clock().newTimer(ctx.id() + ".rx-timeout", this::characterTimeout);
        backend = ctx.charBackend(chardev).orElse(null);
        ctx.io().map(Region.of("uart", ctx.id(), 8, 1, 1, this), iobase);
    }

    /**
     * Host input is taken only once the registers hold a defined state (after reset or restore):
     * a byte delivered earlier would land in a FIFO that the restore then overwrites.
     */
    private void connectReceiver() {
        if (backend != null) backend.setReceiver(this);
    }

    @Override
    public void close() {
        if (backend != null) backend.setReceiver(null);
    }

    @Override
    public void reset() {
        ier = 0;
        lcr = 0;
        mcr = MCR_OUT2; // QEMU resets with OUT2 set (the datasheet says 0): guests see QEMU's value and IRQ gate
        lsrErrors = 0;
        msr = HOST_MODEM_LINES;
        scr = 0;
        divisor = 12; // 9600 baud, what QEMU presents before firmware programs it
        fifosEnabled = false;
        triggerSelect = 0;
        rx.setLimit(1);
        lastReceived = 0;
        thrPending = false;
        timeoutPending = false;
        rxTimeout.cancel();
        updateIrq();
        connectReceiver();
    }

    // --- guest side ---

    @Override
    public long read(long offset, int size) {
        switch ((int) offset) {
            case RBR_THR_DLL: return dlab() ? divisor & 0xff : readReceiveBuffer();
            case IER_DLM: return dlab() ? divisor >>> 8 : ier;
            case IIR_FCR: return readInterruptId();
            case LCR: return lcr;
            case MCR: return mcr;
            case LSR: return readLineStatus();
            case MSR: return readModemStatus();
            default: return scr;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        int v = (int) value & 0xff;
        switch ((int) offset) {
            case RBR_THR_DLL:
                if (dlab()) divisor = (divisor & 0xff00) | v;
                else transmit(v);
                break;
            case IER_DLM:
                if (dlab()) divisor = (divisor & 0xff) | v << 8;
                else writeInterruptEnable(v);
                break;
            case IIR_FCR: writeFifoControl(v); break;
            case LCR: lcr = v; break;
            case MCR: writeModemControl(v); break;
            case SCR: scr = v; break;
            default: break; // LSR and MSR are read-only (their writes are a factory test mode)
        }
    }

    private boolean dlab() {
        return (lcr & LCR_DLAB) != 0;
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    private int readReceiveBuffer() {
        if (!rx.isEmpty()) lastReceived = rx.pop();
        timeoutPending = false;
        armCharacterTimeout();
        updateIrq();
        return lastReceived;
    }

    private int readInterruptId() {
        int id = pendingInterrupt();
        if (id == IIR_THRE) {
            thrPending = false; // reading IIR while it reports THRE acknowledges it
            updateIrq();
        }
        return id | (fifosEnabled ? IIR_FIFOS_ENABLED : 0);
    }

    private int readLineStatus() {
        int v = lineStatus();
        lsrErrors = 0;
        updateIrq();
        return v;
    }

    private int lineStatus() {
        return lsrErrors | (rx.isEmpty() ? 0 : LSR_DR) | LSR_THRE | LSR_TEMT;
    }

    private int readModemStatus() {
        int v = msr;
        msr &= ~MSR_DELTAS;
        updateIrq();
        return v;
    }

    private void writeInterruptEnable(int v) {
        int old = ier;
        ier = v & 0x0f;
        // enabling the THRE interrupt while the holding register is empty raises it at once
        if ((old & IER_THRE) == 0 && (ier & IER_THRE) != 0) thrPending = true;
        if ((ier & IER_THRE) == 0) thrPending = false;
        updateIrq();
    }

    private void writeFifoControl(int v) {
        boolean enable = (v & FCR_ENABLE) != 0;
        boolean txCleared = (v & FCR_CLEAR_TX) != 0;
        if (enable != fifosEnabled) {
            fifosEnabled = enable;
            rx.setLimit(enable ? ReceiveFifo.DEPTH : 1); // switching modes empties the FIFOs
            timeoutPending = false;
            txCleared = true;
        }
        // an emptied transmit FIFO raises THRE again (as QEMU does, which drivers have met)
        if (txCleared && (ier & IER_THRE) != 0) thrPending = true;
        if (enable) {
            if ((v & FCR_CLEAR_RX) != 0) {
                rx.clear();
                timeoutPending = false;
            }
            triggerSelect = v >>> 6;
        }
        armCharacterTimeout();
        updateIrq();
    }

    private void writeModemControl(int v) {
        mcr = v & 0x1f;
        updateModemInputs();
        updateIrq();
    }

    private void transmit(int b) {
        thrPending = false;
        updateIrq(); // the guest filled the holding register: the line drops...
        if (loopback()) receiveCharacter(b);
        else if (backend != null) backend.write(b);
        if ((ier & IER_THRE) != 0) thrPending = true;
        updateIrq(); // ...and rises again as the byte moves on, a fresh edge for an edge-triggered PIC
    }

    // --- modem lines ---

    private void updateModemInputs() {
        int lines = loopback() ? loopedBackModemLines() : HOST_MODEM_LINES;
        int changed = (msr ^ lines) & 0xf0;
        int deltas = 0;
        if ((changed & MSR_CTS) != 0) deltas |= MSR_DCTS;
        if ((changed & MSR_DSR) != 0) deltas |= MSR_DDSR;
        if ((changed & MSR_DCD) != 0) deltas |= MSR_DDCD;
        if ((changed & MSR_RI) != 0 && (lines & MSR_RI) == 0) deltas |= MSR_TERI; // trailing edge of ring only
        msr = (msr & MSR_DELTAS) | deltas | lines;
    }

    /** In loopback the modem outputs feed the inputs: RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD. */
    private int loopedBackModemLines() {
        int lines = 0;
        if ((mcr & MCR_RTS) != 0) lines |= MSR_CTS;
        if ((mcr & MCR_DTR) != 0) lines |= MSR_DSR;
        if ((mcr & MCR_OUT1) != 0) lines |= MSR_RI;
        if ((mcr & MCR_OUT2) != 0) lines |= MSR_DCD;
        return lines;
    }

    // --- receive side ---

    /** Host input; refused while the FIFO is full or the receiver is looped back to the transmitter. */
    @Override
    public boolean receive(int b) {
        if (loopback() || rx.isFull()) return false;
        receiveCharacter(b);
        return true;
    }

    private void receiveCharacter(int b) {
        if (!rx.isFull()) {
            rx.push(b & 0xff);
        } else {
            lsrErrors |= LSR_OE;
            // without FIFOs the new character destroys the unread one; with FIFOs it is lost
            if (!fifosEnabled) rx.overwriteNewest(b & 0xff);
        }
        timeoutPending = false;
        armCharacterTimeout();
        updateIrq();
    }

    private void armCharacterTimeout() {
        if (fifosEnabled && !rx.isEmpty()) rxTimeout.armAfter(4 * characterNanos());
        else rxTimeout.cancel();
    }

    private void characterTimeout() {
        if (fifosEnabled && !rx.isEmpty()) {
            timeoutPending = true;
            updateIrq();
        }
    }

    /** One character on the wire: start bit, data bits, parity, stop bits, at 16 clocks a bit. */
    private long characterNanos() {
        int dataBits = 5 + (lcr & 3);
        int halfBits = 2 * (1 + dataBits + ((lcr & 0x08) != 0 ? 1 : 0));
        halfBits += (lcr & 0x04) == 0 ? 2 : dataBits == 5 ? 3 : 4;
        long div = divisor == 0 ? 0x10000 : divisor;
        return halfBits * 16L * div * 1_000_000_000L / (2 * UART_CLOCK_HZ);
    }

    // --- interrupts ---

    /** The highest-priority pending source, as IIR bits 3..0. */
    private int pendingInterrupt() {
        if ((ier & IER_RLS) != 0 && (lsrErrors & LSR_ERRORS) != 0) return IIR_RLS;
        if ((ier & IER_RDA) != 0) {
            if (fifosEnabled ? rx.size() >= TRIGGER_LEVELS[triggerSelect] : !rx.isEmpty()) return IIR_RDA;
            if (timeoutPending) return IIR_TIMEOUT;
        }
        if ((ier & IER_THRE) != 0 && thrPending) return IIR_THRE;
        if ((ier & IER_MODEM) != 0 && (msr & MSR_DELTAS) != 0) return IIR_MODEM;
        return IIR_NONE;
    }

    /** On a PC the INTR output reaches the bus only through OUT2, which loopback forces inactive. */
    private void updateIrq() {
        boolean gated = (mcr & MCR_OUT2) != 0 && !loopback();
        line.set(gated && pendingInterrupt() != IIR_NONE);
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        return new DeviceState(TYPE, STATE_VERSION)
                .putInt("ier", ier).putInt("lcr", lcr).putInt("mcr", mcr).putInt("lsrErrors", lsrErrors)
                .putInt("msr", msr).putInt("scr", scr).putInt("divisor", divisor)
                .putBoolean("fifosEnabled", fifosEnabled).putInt("triggerSelect", triggerSelect)
                .putBytes("rxFifo", rx.toBytes()).putInt("lastReceived", lastReceived)
                .putBoolean("thrPending", thrPending).putBoolean("timeoutPending", timeoutPending)
                .putLong("timeoutDeadline", rxTimeout.isArmed() ? rxTimeout.deadline() : -1);
    }

    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        ier = s.getInt("ier") & 0x0f;
        lcr = s.getInt("lcr") & 0xff;
        mcr = s.getInt("mcr") & 0x1f;
        lsrErrors = s.getInt("lsrErrors") & LSR_ERRORS;
        msr = s.getInt("msr") & 0xff;
        scr = s.getInt("scr") & 0xff;
        divisor = s.getInt("divisor") & 0xffff;
        fifosEnabled = s.getBoolean("fifosEnabled");
        triggerSelect = s.getInt("triggerSelect") & 3;
        rx.load(s.getBytes("rxFifo"), fifosEnabled ? ReceiveFifo.DEPTH : 1);
        lastReceived = s.getInt("lastReceived") & 0xff;
        thrPending = s.getBoolean("thrPending");
        timeoutPending = s.getBoolean("timeoutPending");
        long deadline = s.getLong("timeoutDeadline");
        if (deadline >= 0) rxTimeout.armAt(deadline);
        else rxTimeout.cancel();
        updateIrq();
        connectReceiver();
    }

    @Override
    public String describe() {
        int dataBits = 5 + (lcr & 3);
        char parity = (lcr & 0x08) == 0 ? 'N' : "OEMS".charAt((lcr >> 4) & 3);
        String stop = (lcr & 0x04) == 0 ? "1" : dataBits == 5 ? "1.5" : "2";
        long baud = UART_CLOCK_HZ / 16 / (divisor == 0 ? 0x10000 : divisor);
        return String.format("%s at 0x%x irq %d, %d%c%s %d baud, %s, %d byte(s) received, IIR %02x%s",
                backend == null ? chardev + " (absent)" : chardev, iobase, irq, dataBits, parity, stop, baud,
                fifosEnabled ? "FIFO on" : "FIFO off", rx.size(), pendingInterrupt(),
                loopback() ? ", loopback" : "");
    }
}
