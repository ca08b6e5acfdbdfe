package org.plugboard.apic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.plugboard.api.cpu.InterruptController;
import org.plugboard.api.device.ConfigException;
import org.plugboard.testkit.DeviceTestKit;

/** The local APICs of a two-vCPU machine through their register page, their MSRs and the CPU's acknowledge. */
class LocalApicTest {
    static final long BASE = 0xfee00000L;
    static final int ID = 0x20, VERSION = 0x30, TPR = 0x80, APR = 0x90, PPR = 0xa0, EOI = 0xb0, LDR = 0xd0, DFR = 0xe0,
            SVR = 0xf0, ISR = 0x100, TMR = 0x180, IRR = 0x200, ESR = 0x280, ICR_LOW = 0x300, ICR_HIGH = 0x310,
            LVT_TIMER = 0x320, LVT_LINT0 = 0x350, LVT_LINT1 = 0x360, LVT_ERROR = 0x370, INITIAL = 0x380,
            CURRENT = 0x390, DCR = 0x3e0;

    private DeviceTestKit kit;

    @BeforeEach
    void setUp() throws ConfigException {
        kit = DeviceTestKit.builder(new ApicFactory()).cpus(2).build();
        // probes count pulses from the moment they exist
        for (String line : List.of("cpu0.nmi", "cpu1.nmi", ApicLines.eoi(0x40), ApicLines.eoi(0x61))) kit.irq(line);
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    private int reg(int cpu, int offset) {
        kit.setCurrentCpu(cpu);
        return (int) kit.read(BASE + offset, 4);
    }

    private void setReg(int cpu, int offset, int value) {
        kit.setCurrentCpu(cpu);
        kit.write(BASE + offset, 4, value & 0xffffffffL);
    }

    private InterruptController cpu(int n) {
        return kit.interruptController(n);
    }

    private boolean intr(int n) {
        return kit.irq("cpu" + n + ".intr").isAsserted();
    }

    private void enable(int cpu) {
        setReg(cpu, SVR, 0x1ff);
    }

    private void selfIpi(int cpu, int vector) {
        setReg(cpu, ICR_LOW, 0x40000 | vector);
    }

    private boolean inService(int cpu, int vector) {
        return (reg(cpu, ISR + (vector >>> 5) * 0x10) & 1 << (vector & 31)) != 0;
    }

    private boolean requested(int cpu, int vector) {
        return (reg(cpu, IRR + (vector >>> 5) * 0x10) & 1 << (vector & 31)) != 0;
    }

    // --- identity ---

    @Test
    void powerOnIdentity() {
        assertEquals(0x00050014, reg(0, VERSION));
        assertEquals(0, reg(0, ID));
        assertEquals(1 << 24, reg(1, ID));
        assertEquals(0xfee00900L, cpu(0).readMsr(0x1b), "BSP, enabled, at 0xfee00000");
        assertEquals(0xfee00800L, cpu(1).readMsr(0x1b));
        assertEquals(0xff, reg(0, SVR), "software-disabled, spurious vector 0xff");
        assertEquals(0xffffffff, reg(0, DFR));
        assertEquals(0x700, reg(0, LVT_LINT0), "the BSP's LINT0 in virtual-wire mode");
        assertEquals(0x10000, reg(1, LVT_LINT0));
        assertEquals(0x10000, reg(0, LVT_TIMER));
    }

    @Test
    void versionProperty() throws ConfigException {
        try (DeviceTestKit old = DeviceTestKit.builder(new ApicFactory()).property("version", "0x11").build()) {
            assertEquals(0x00050011, (int) old.read(BASE + VERSION, 4));
        }
        assertThrows(ConfigException.class,
                () -> DeviceTestKit.builder(new ApicFactory()).property("colour", "red").build().close());
    }

    @Test
    void idIsWritableInXapicMode() {
        setReg(1, ID, 0x07000000);
        assertEquals(0x07000000, reg(1, ID));
        setReg(0, ICR_HIGH, 0x07000000);
        enable(1);
        setReg(0, ICR_LOW, 0x41);
        assertTrue(requested(1, 0x41), "physical destination 7 now reaches CPU 1");
    }

    @Test
    void oddAccessSizesAndReservedOffsets() {
        kit.setCurrentCpu(0);
        assertEquals(0x14, kit.read(BASE + VERSION, 1));
        assertEquals(0x05, kit.read(BASE + VERSION + 2, 1));
        assertEquals(0x0014, kit.read(BASE + VERSION, 2));
        assertEquals(0, kit.read(BASE + VERSION + 4, 4), "the 12 bytes after a register are not decoded");
        kit.write(BASE + TPR, 1, 0x20);
        assertEquals(0x20, reg(0, TPR), "a byte write is a read-modify-write of the register");
        kit.write(BASE + TPR + 4, 4, 0x55);
        assertEquals(0x20, reg(0, TPR));
        assertEquals(0, reg(0, ESR));
        reg(0, 0x40); // no register at 0x40
        setReg(0, ESR, 0);
        assertEquals(0x80, reg(0, ESR), "illegal register address");
    }

    // --- priority, acknowledge, EOI ---

    @Test
    void fixedInterruptIsAcknowledgedIntoServiceAndEndedByEoi() {
        enable(0);
        selfIpi(0, 0x30);
        assertTrue(intr(0));
        assertTrue(requested(0, 0x30));
        assertEquals(0x30, cpu(0).acknowledge());
        assertFalse(intr(0));
        assertTrue(inService(0, 0x30));
        assertFalse(requested(0, 0x30));
        assertEquals(0x30, reg(0, PPR));
        setReg(0, EOI, 0);
        assertFalse(inService(0, 0x30));
        assertEquals(0, reg(0, PPR));
    }

    @Test
    void priorityClassesAndTaskPriority() {
        enable(0);
        selfIpi(0, 0x35);
        selfIpi(0, 0x50);
        assertEquals(0x50, cpu(0).acknowledge(), "highest vector first");
        assertFalse(intr(0), "0x35 is below the in-service class 5");
        selfIpi(0, 0x45);
        assertFalse(intr(0), "0x45 is below the in-service class 5");
        selfIpi(0, 0x61);
        assertTrue(intr(0));
        assertEquals(0x61, cpu(0).acknowledge(), "nested");
        setReg(0, EOI, 0);
        assertTrue(inService(0, 0x50));
        assertFalse(inService(0, 0x61), "EOI ends the highest in-service vector");
        setReg(0, EOI, 0);
        assertTrue(intr(0));
        setReg(0, TPR, 0x50);
        assertFalse(intr(0), "TPR class 5 holds back 0x45 and 0x35");
        assertEquals(0x50, reg(0, PPR));
        cpu(0).setTaskPriority(3); // CR8
        assertEquals(0x30, reg(0, TPR));
        assertEquals(3, cpu(0).taskPriority());
        assertTrue(intr(0));
        assertEquals(0x45, cpu(0).acknowledge());
        assertEquals(0x40, reg(0, PPR));
    }

    @Test
    void eoiOfANonInServiceVectorChangesNothing() {
        enable(0);
        setReg(0, EOI, 0); // nothing in service at all
        selfIpi(0, 0x40);
        setReg(0, TPR, 0xf0);
        setReg(0, EOI, 0x40); // 0x40 is requested, not in service
        assertTrue(requested(0, 0x40), "an EOI never touches the IRR");
        assertFalse(inService(0, 0x40));
        assertEquals(0, kit.irq(ApicLines.eoi(0x40)).pulses(), "no EOI message");
        setReg(0, TPR, 0);
        assertEquals(0x40, cpu(0).acknowledge());
    }

    @Test
    void levelTriggeredVectorBroadcastsEoi() {
        enable(0);
        kit.dma().postedWrite(InterruptMessage.msiAddress(0, false), InterruptMessage.msiData(0x61, 0, true));
        assertTrue((reg(0, TMR + 0x30) & 2) != 0, "TMR marks 0x61 level-triggered");
        assertEquals(0x61, cpu(0).acknowledge());
        setReg(0, EOI, 0);
        assertEquals(1, kit.irq(ApicLines.eoi(0x61)).pulses());
        kit.dma().postedWrite(InterruptMessage.msiAddress(0, false), InterruptMessage.msiData(0x61, 0, false));
        assertEquals(0x61, cpu(0).acknowledge());
        setReg(0, EOI, 0);
        assertEquals(1, kit.irq(ApicLines.eoi(0x61)).pulses(), "edge vectors send no EOI message");
    }

    @Test
    void spuriousVectorWhenTheRequestWentAway() {
        setReg(0, SVR, 0x13f);
        selfIpi(0, 0x40);
        assertTrue(intr(0));
        // as if CR8 were raised between INTR and INTA without the line having been looked at
        cpu(0).setTaskPriority(0xf);
        assertEquals(0x3f, cpu(0).acknowledge());
        assertFalse(inService(0, 0x3f));
    }

    @Test
    void softwareDisabledApicHoldsRequestsAndMasksLvts() {
        selfIpi(0, 0x40);
        assertTrue(requested(0, 0x40));
        assertFalse(intr(0), "software-disabled: nothing is delivered");
        setReg(0, LVT_TIMER, 0x40);
        assertEquals(0x10040, reg(0, LVT_TIMER), "the mask cannot be cleared while disabled");
        enable(0);
        assertTrue(intr(0));
        setReg(0, LVT_TIMER, 0x40);
        setReg(0, SVR, 0xff);
        assertEquals(0x10040, reg(0, LVT_TIMER), "disabling masks every LVT");
    }

    // --- errors ---

    @Test
    void illegalVectorsAreErrorsReportedThroughTheErrorLvt() {
        enable(0);
        setReg(0, LVT_ERROR, 0xfe);
        selfIpi(0, 0x05);
        assertFalse(requested(0, 0x05));
        assertEquals(0, reg(0, ESR), "errors show after the next ESR write");
        setReg(0, ESR, 0);
        assertEquals(0x20, reg(0, ESR), "send illegal vector");
        assertEquals(0xfe, cpu(0).acknowledge());
        kit.dma().postedWrite(InterruptMessage.msiAddress(0, false), 0x07);
        setReg(0, ESR, 0);
        assertEquals(0x40, reg(0, ESR), "receive illegal vector");
        setReg(0, ESR, 0);
        assertEquals(0, reg(0, ESR));
    }

    // --- IPIs ---

    @Test
    void physicalAndBroadcastDestinations() {
        enable(0);
        enable(1);
        setReg(0, ICR_HIGH, 0x01000000);
        setReg(0, ICR_LOW, 0x31);
        assertTrue(intr(1));
        assertFalse(intr(0));
        assertEquals(0x31, cpu(1).acknowledge());
        assertEquals(0x31, reg(0, ICR_LOW), "delivery status reads idle");
        setReg(0, ICR_HIGH, 0xff000000);
        setReg(0, ICR_LOW, 0x32);
        assertTrue(requested(0, 0x32) && requested(1, 0x32), "physical 0xff is a broadcast");
        setReg(1, ICR_LOW, 0xc0033);
        assertTrue(requested(0, 0x33));
        assertFalse(requested(1, 0x33), "all excluding self");
        setReg(1, ICR_LOW, 0x80034);
        assertTrue(requested(0, 0x34) && requested(1, 0x34), "all including self");
    }

    @Test
    void logicalFlatAndClusterDestinations() {
        enable(0);
        enable(1);
        setReg(0, LDR, 0x01000000);
        setReg(1, LDR, 0x02000000);
        setReg(0, ICR_HIGH, 0x02000000);
        setReg(0, ICR_LOW, 0x840);
        assertTrue(requested(1, 0x40));
        assertFalse(requested(0, 0x40));
        setReg(0, ICR_HIGH, 0x03000000);
        setReg(0, ICR_LOW, 0x841);
        assertTrue(requested(0, 0x41) && requested(1, 0x41));
        for (int cpu = 0; cpu < 2; cpu++) setReg(cpu, DFR, 0x0fffffff);
        assertEquals(0x0fffffff, reg(0, DFR));
        setReg(0, LDR, 0x11000000);
        setReg(1, LDR, 0x21000000);
        setReg(0, ICR_HIGH, 0x21000000);
        setReg(0, ICR_LOW, 0x842);
        assertTrue(requested(1, 0x42));
        assertFalse(requested(0, 0x42), "cluster 1 is not addressed");
    }

    @Test
    void lowestPriorityPicksTheLeastBusyCpu() {
        enable(0);
        enable(1);
        setReg(0, LDR, 0x01000000);
        setReg(1, LDR, 0x02000000);
        setReg(0, TPR, 0x20);
        setReg(0, ICR_HIGH, 0x03000000);
        setReg(0, ICR_LOW, 0x950);
        assertTrue(requested(1, 0x50));
        assertFalse(requested(0, 0x50));
        setReg(1, TPR, 0x40);
        setReg(0, ICR_LOW, 0x951);
        assertTrue(requested(0, 0x51));
    }

    @Test
    void initAndStartupGoToTheAddressedVcpus() {
        setReg(1, TPR, 0x30);
        setReg(0, ICR_HIGH, 0x01000000);
        setReg(0, ICR_LOW, 0xc500); // INIT, level assert
        setReg(0, ICR_LOW, 0x8500); // INIT level de-assert: nothing
        setReg(0, ICR_LOW, 0xc4600 | 0x9a); // SIPI to all excluding self
        assertEquals(List.of(1), kit.initsSent());
        assertEquals(1, kit.startupsSent().size());
        assertEquals(1, kit.startupsSent().get(0)[0]);
        assertEquals(0x9a, kit.startupsSent().get(0)[1]);
        assertEquals(0, reg(1, TPR), "INIT resets the target's APIC");
        assertEquals(1 << 24, reg(1, ID), "except its ID");
    }

    @Test
    void nmiIpiPulsesTheNmiPin() {
        setReg(0, ICR_LOW, 0x80400);
        assertEquals(1, kit.irq("cpu0.nmi").pulses());
        assertEquals(1, kit.irq("cpu1.nmi").pulses());
    }

    // --- LINT pins ---

    @Test
    void lint1AsNmiAndLint0AsFixed() {
        enable(0);
        setReg(0, LVT_LINT1, 0x400);
        kit.interrupts().line("lint1").pulse();
        assertEquals(1, kit.irq("cpu0.nmi").pulses());
        setReg(0, LVT_LINT0, 0x66);
        kit.interrupts().line("lint0").set(true);
        assertEquals(0x66, cpu(0).acknowledge());
        setReg(0, LVT_LINT1, 0x10400);
        kit.interrupts().line("lint1").pulse();
        assertEquals(1, kit.irq("cpu0.nmi").pulses(), "masked");
    }

    @Test
    void hardwareDisabledApicPassesLint0Through() {
        enable(0);
        cpu(0).writeMsr(0x1b, 0xfee00000L);
        assertEquals(0xfee00100L, cpu(0).readMsr(0x1b));
        assertEquals(0xffffffffL, kit.read(BASE + VERSION, 4) & 0xffffffffL, "no register page");
        kit.interrupts().line("lint0").set(true);
        assertTrue(intr(0));
        kit.interrupts().line("lint0").set(false);
        assertFalse(intr(0));
        cpu(0).writeMsr(0x1b, 0xfee00800L);
        assertEquals(0xff, reg(0, SVR), "re-enabled in the power-up state");
        assertEquals(0x10000, reg(0, LVT_LINT0));
    }

    // --- relocation and x2APIC ---

    @Test
    void apicBaseRelocatesTheRegisterPage() {
        cpu(0).writeMsr(0x1b, 0xfed40000L | 0x800);
        kit.setCurrentCpu(0);
        assertEquals(0x00050014, (int) kit.read(0xfed40000L + VERSION, 4));
        assertEquals(0xffffffffL, kit.read(BASE + VERSION, 4) & 0xffffffffL, "CPU 0 no longer decodes 0xfee00000");
        assertEquals(0x00050014, reg(1, VERSION), "CPU 1 still does");
        assertEquals(0xfed40900L, cpu(0).readMsr(0x1b), "the BSP bit is read-only");
    }

    @Test
    void x2apicThroughMsrs() {
        cpu(1).writeMsr(0x1b, 0xfee00000L | 0xc00);
        assertTrue(cpu(1).handlesMsr(0x802));
        assertFalse(cpu(0).handlesMsr(0x802), "CPU 0 is still in xAPIC mode");
        assertFalse(cpu(1).handlesMsr(0x80e), "no DFR in x2APIC mode");
        assertFalse(cpu(1).handlesMsr(0x831), "no ICR high half in x2APIC mode");
        assertEquals(1, cpu(1).readMsr(0x802));
        assertEquals(0x00050014, cpu(1).readMsr(0x803));
        assertEquals(0x2, cpu(1).readMsr(0x80d), "logical ID derived from the x2APIC ID: cluster 0, bit 1");
        assertEquals(0xffffffffL, reg(1, VERSION) & 0xffffffffL, "no MMIO in x2APIC mode");
        cpu(1).writeMsr(0x80f, 0x1ff);
        cpu(1).writeMsr(0x83f, 0x44); // self IPI
        assertEquals(0x44, cpu(1).acknowledge());
        cpu(1).writeMsr(0x80b, 0);
        enable(0);
        cpu(1).writeMsr(0x830, 0x55); // physical destination 0 in bits 63:32
        assertTrue(requested(0, 0x55));
        assertEquals(0x55, cpu(1).readMsr(0x830));
        cpu(1).writeMsr(0x1b, 0xfee00800L);
        assertEquals(0xfee00c00L, cpu(1).readMsr(0x1b), "x2APIC cannot go back to xAPIC directly");
        cpu(1).writeMsr(0x1b, 0xfee00000L);
        cpu(1).writeMsr(0x1b, 0xfee00800L);
        assertEquals(1 << 24, reg(1, ID), "through disabled back to xAPIC");
    }

    // --- MSI ---

    @Test
    void msiWritesDeliverByAddressAndData() {
        enable(0);
        enable(1);
        kit.dma().postedWrite(0xfee01000L, 0x4071);
        assertTrue(requested(1, 0x71));
        assertFalse(requested(0, 0x71));
        setReg(0, LDR, 0x01000000);
        kit.dma().postedWrite(0xfee0100cL, 0x72); // logical destination 1, RH set
        assertTrue(requested(0, 0x72));
        kit.dma().postedWrite(0xfee00000L, 0x73); // the first bytes of the register page are the MSI window
        assertTrue(requested(0, 0x73));
        kit.dma().postedWrite(0xfeeff000L, 0x474);
        assertEquals(2, kit.irq("cpu0.nmi").pulses() + kit.irq("cpu1.nmi").pulses(), "NMI to physical 0xff: everyone");
    }

    // --- hot swap ---

    @Test
    void registersModesAndPendingVectorsSurviveAHotSwap() {
        enable(0);
        enable(1);
        cpu(0).writeMsr(0x1b, 0xfed40000L | 0x800);
        cpu(1).writeMsr(0x1b, 0xfee00000L | 0xc00);
        setReg(1, TPR, 0); // x2APIC now: no page, this write goes to the MSI window as a message to nobody
        kit.setCurrentCpu(0);
        kit.write(0xfed40000L + TPR, 4, 0x20);
        kit.write(0xfed40000L + ICR_LOW, 4, 0x40000 | 0x61);
        kit.write(0xfed40000L + ICR_LOW, 4, 0x40000 | 0x51);
        assertEquals(0x61, cpu(0).acknowledge());
        String account = kit.swapTo(new ApicFactory());
        assertTrue(account.contains("restored") && !account.contains("NOT"), account);
        kit.setCurrentCpu(0);
        assertEquals(0x20, kit.read(0xfed40000L + TPR, 4), "the relocated page came back");
        assertEquals(0x60, kit.read(0xfed40000L + PPR, 4), "0x61 still in service");
        assertEquals(0xfee00c00L, cpu(1).readMsr(0x1b), "CPU 1 still in x2APIC mode");
        assertEquals(1, cpu(1).readMsr(0x802));
        kit.write(0xfed40000L + EOI, 4, 0);
        assertEquals(0x51, cpu(0).acknowledge(), "the pending vector survived");
    }
}
