package org.plugboard.pc.pic;

import org.plugboard.api.bus.IrqLine;
import org.plugboard.api.bus.IrqListener;
import org.plugboard.api.bus.Region;
import org.plugboard.api.bus.RegionOps;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.Device;
import org.plugboard.api.device.DeviceContext;
import org.plugboard.api.device.DeviceState;

/**
 * The PC/AT interrupt controller: a master 8259A at 0x20, a slave at 0xa0 cascaded on the
 * master's IR2, and the edge/level control registers (ELCR) at 0x4d0/0x4d1. It follows the
 * fabric lines {@code isa.0}..{@code isa.15} (the bus's IRQ2 pin is IRQ9 on an AT, so
 * {@code isa.2} shares the slave's IR1 with {@code isa.9}), drives the CPU's INTR through the
 * line named by its {@code output} property and, as the interrupt controller of the vCPU named by
 * its {@code cpu} property, answers that CPU's interrupt acknowledge.
 */
final class PicPair implements Device, InterruptController {
    static final String TYPE = "i8259";
    private static final int STATE_VERSION = 1;
    private static final int CASCADE_PIN = 2;
    private static final int SPURIOUS_PIN = 7;

    private final int masterBase;
    private final int slaveBase;
    private final int elcrBase;
    private final String outputName;
    private final int cpu;

    private final Pic8259 master = new Pic8259(true, 0xf8);
    private final Pic8259 slave = new Pic8259(false, 0xde);
    private int busLevels; // isa.0..isa.15 as last seen
    private IrqLine intr;

    PicPair(int masterBase, int slaveBase, int elcrBase, String outputName, int cpu) {
        this.masterBase = masterBase;
        this.slaveBase = slaveBase;
        this.elcrBase = elcrBase;
        this.outputName = outputName;
        this.cpu = cpu;
    }

    @Override
    public void realize(DeviceContext ctx) {
        intr = ctx.interrupts().line(outputName);
        ctx.io().map(Region.of("pic-master", ctx.id(), 2, 1, 1, new ChipPorts(master)), masterBase);
        ctx.io().map(Region.of("pic-slave", ctx.id(), 2, 1, 1, new ChipPorts(slave)), slaveBase);
        if (elcrBase >= 0) ctx.io().map(Region.of("elcr", ctx.id(), 2, 1, 1, new ElcrPorts()), elcrBase);
        for (int irq = 0; irq < 16; irq++) ctx.interrupts().listen("isa." + irq, new BusInput(irq));
        // without an APIC the 8259 is what the CPU acknowledges; behind an APIC its output feeds LINT0 instead
        if (cpu >= 0) ctx.machine().attachInterruptController(cpu, this);
        else ctx.interrupts().provideAcknowledge(outputName, this::acknowledge);
    }

    @Override
    public void reset() {
        master.reset();
        slave.reset();
        updateOutputs();
    }

    // --- inputs ---

    private void busLevelChanged(int irq, boolean asserted) {
        busLevels = asserted ? busLevels | 1 << irq : busLevels & ~(1 << irq);
        if (irq == 2 || irq == 9) slave.setInput(1, (busLevels & (1 << 2 | 1 << 9)) != 0);
        else if (irq < 8) master.setInput(irq, asserted);
        else slave.setInput(irq - 8, asserted);
        updateOutputs();
    }

    private void updateOutputs() {
        master.setInput(CASCADE_PIN, slave.output());
        intr.set(master.output());
    }

    /**
     * The slave was acknowledged (INTA or poll): its INT output falls during the cycle, so a request
     * still pending behind it (auto-EOI) reaches the master's edge-triggered IR2 as a new edge.
     */
    private void slaveAcknowledged() {
        master.setInput(CASCADE_PIN, false);
        updateOutputs();
    }

    // --- the CPU side ---

    /** True while the master's INT output is asserted: the level the {@code output} line carries to INTR. */
    public boolean hasInterrupt() {
        return master.output();
    }

    /**
     * The INTA cycle: the vector of the highest-priority request, set in service. A request that
     * went away leaves the spurious IR7 vector of the chip that should have answered, with no
     * in-service bit set on that chip.
     */
    @Override
    public int acknowledge() {
        int pin = master.pendingPin();
        int vector;
        if (pin < 0) {
            vector = master.vectorBase() + SPURIOUS_PIN;
        } else {
            master.acknowledge(pin);
            if (pin == CASCADE_PIN && (master.cascadeInputs() & 1 << CASCADE_PIN) != 0) {
                int slavePin = slave.pendingPin();
                if (slavePin < 0) {
                    vector = slave.vectorBase() + SPURIOUS_PIN;
                } else {
                    slave.acknowledge(slavePin);
                    vector = slave.vectorBase() + slavePin;
                }
                slaveAcknowledged();
            } else {
                vector = master.vectorBase() + pin;
            }
        }
        updateOutputs();
        return vector;
    }

    // --- guest ports ---

    private final class ChipPorts implements RegionOps {
        private final Pic8259 chip;

        ChipPorts(Pic8259 chip) {
            this.chip = chip;
        }

        @Override
        public long read(long offset, int size) {
            if (chip.pollPending()) return poll(chip);
            return offset == 0 ? chip.readCommand() : chip.readData();
        }

        @Override
        public void write(long offset, int size, long value) {
            if (offset == 0) chip.writeCommand((int) value & 0xff);
            else chip.writeData((int) value & 0xff);
            updateOutputs();
        }
    }

    /** A read after the poll command acknowledges like INTA: 0x80 | level, or 0 with nothing pending. */
    private int poll(Pic8259 chip) {
        chip.clearPoll();
        int pin = chip.pendingPin();
        if (pin < 0) return 0;
        chip.acknowledge(pin);
        if (chip == slave) slaveAcknowledged();
        else updateOutputs();
        return 0x80 | pin;
    }

    private final class ElcrPorts implements RegionOps {
        @Override
        public long read(long offset, int size) {
            return (offset == 0 ? master : slave).elcr();
        }

        @Override
        public void write(long offset, int size, long value) {
            (offset == 0 ? master : slave).writeElcr((int) value & 0xff);
            updateOutputs();
        }
    }

    private final class BusInput implements IrqListener {
        private final int irq;

        BusInput(int irq) {
            this.irq = irq;
        }

        @Override
        public void levelChanged(IrqLine line, boolean asserted) {
            busLevelChanged(irq, asserted);
        }

        @Override
        public String toString() {
            return "i8259 IRQ" + (irq == 2 ? 9 : irq);
        }
    }

    // --- state ---

    @Override
    public DeviceState saveState() {
        DeviceState s = new DeviceState(TYPE, STATE_VERSION).putInt("busLevels", busLevels);
        master.save(s, "master.");
        slave.save(s, "slave.");
        return s;
    }

    /** Input levels come from the state (they are consistent with the rest of the machine's snapshot). */
    @Override
    public void restoreState(DeviceState s) {
        s.expect(TYPE, 1, STATE_VERSION);
        busLevels = s.getInt("busLevels") & 0xffff;
        master.restore(s, "master.");
        slave.restore(s, "slave.");
        updateOutputs();
    }

    @Override
    public String describe() {
        return "master " + master.describe() + "; slave " + slave.describe() + "; INTR "
                + (hasInterrupt() ? "asserted" : "idle") + (cpu >= 0 ? " (acknowledged by vCPU " + cpu + ")" : "");
    }
}
