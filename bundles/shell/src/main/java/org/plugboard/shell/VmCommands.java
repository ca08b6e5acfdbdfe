package org.plugboard.shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.plugboard.api.bus.AddressSpace;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceState;
import org.plugboard.api.machine.Machine;
import org.plugboard.api.machine.MachineManager;

/**
 * The {@code vm:} commands of the Gogo shell. Every command that takes a machine uses the only
 * machine when there is one, so {@code vm:devices} works without arguments in the usual case.
 * Gogo prints what a command returns.
 */
@Component(service = VmCommands.class, property = {
        "osgi.command.scope=vm",
        "osgi.command.function=machines", "osgi.command.function=devices", "osgi.command.function=map",
        "osgi.command.function=irqs", "osgi.command.function=boot", "osgi.command.function=pause",
        "osgi.command.function=resume", "osgi.command.function=reset", "osgi.command.function=poweroff",
        "osgi.command.function=swap", "osgi.command.function=console", "osgi.command.function=type",
        "osgi.command.function=factories", "osgi.command.function=state", "osgi.command.function=cpus",
        "osgi.command.function=create", "osgi.command.function=destroy", "osgi.command.function=commands"})
public class VmCommands {
    @Reference
    MachineManager manager;

    private static final String HELP = String.join("\n",
            "vm:machines                      list machines with state, instructions retired and POST code",
            "vm:devices [machine]             list device slots: id, type, implementation, bundle, state",
            "vm:map [machine]                 the address map: memory and I/O regions with their owners",
            "vm:irqs [machine]                IRQ lines, their levels and who listens to them",
            "vm:cpus [machine]                vCPU registers and mode",
            "vm:boot|pause|resume|reset|poweroff [machine]   (felix's own start/stop act on bundles)",
            "vm:swap <device> [serviceId] [machine]   move a device to another factory (default: the best), keeping its state",
            "vm:factories                     device types, their factories (service id, ranking, bundle); * marks the best",
            "vm:state <device> [machine]      the device's saved state (secrets masked)",
            "vm:console [backend] [machine]   what the guest wrote to a serial backend (default serial0)",
            "vm:type <text> [backend] [machine]  send text (with \\n, \\r) to a serial backend",
            "vm:create <id> <definition-file> create a machine from a machine file (vm:boot starts it)",
            "vm:destroy <machine>             stop and remove a machine");

    @Descriptor("lists the vm commands")
    public String commands() {
        return HELP;
    }

    private Machine pick(String id) {
        if (id != null) return manager.machine(id).orElseThrow(() -> new IllegalArgumentException("no machine '" + id + "'"));
        List<Machine> all = manager.machines();
        if (all.isEmpty()) throw new IllegalArgumentException("there is no machine (create one with vm:create)");
        if (all.size() > 1) throw new IllegalArgumentException("several machines exist: name one (" +
                all.stream().map(Machine::id).toList() + ")");
        return all.get(0);
    }

    @Descriptor("lists machines: state, instructions retired, last POST code")
    public String machines() {
        StringBuilder b = new StringBuilder(String.format("%-10s %-8s %16s %5s%n", "ID", "STATE", "INSTRUCTIONS", "POST"));
        for (Machine m : manager.machines())
            b.append(String.format("%-10s %-8s %,16d %5s%n", m.id(), m.state(), m.instructionsRetired(),
                    String.format("0x%02x", m.postCode())));
        return b.toString();
    }

    @Descriptor("lists device slots: id, type, state, implementation class and bundle")
    public String devices() { return devices(null); }

    @Descriptor("lists device slots: id, type, state, implementation class and bundle")
    public String devices(String machine) {
        StringBuilder b = new StringBuilder(String.format("%-12s %-16s %-7s %-44s %s%n", "ID", "TYPE", "STATE", "IMPLEMENTATION", "BUNDLE"));
        for (Machine.DeviceSlotInfo d : pick(machine).devices()) {
            b.append(String.format("%-12s %-16s %-7s %-44s %s%n", d.id(), d.type(), d.state(), d.implementation(), d.bundle()));
            if (!d.status().isEmpty()) b.append("             ").append(d.status()).append('\n');
        }
        return b.toString();
    }

    @Descriptor("prints the address map: memory and I/O regions with their owners")
    public String map() { return map(null); }

    @Descriptor("prints the address map: memory and I/O regions with their owners")
    public String map(String machine) {
        Machine m = pick(machine);
        StringBuilder b = new StringBuilder("memory:\n");
        append(b, m.memory());
        b.append("io:\n");
        append(b, m.io());
        return b.toString();
    }

    private static void append(StringBuilder b, AddressSpace s) {
        for (AddressSpace.MapEntry e : s.entries())
            b.append(String.format("  %016x-%016x %-5s %-12s %s%s%n", e.start(), e.end(), e.kind(), e.owner(), e.name(),
                    e.priority() != 0 ? " (priority " + e.priority() + ")" : ""));
    }

    @Descriptor("prints the IRQ lines, their levels and who listens to them")
    public String irqs() { return irqs(null); }

    @Descriptor("prints the IRQ lines, their levels and who listens to them")
    public String irqs(String machine) {
        return String.join("\n", pick(machine).irqRouting());
    }

    @Descriptor("prints the mode and registers of each vCPU")
    public String cpus() { return cpus(null); }

    @Descriptor("prints the mode and registers of each vCPU")
    public String cpus(String machine) {
        return String.join("\n", pick(machine).cpus());
    }

    @Descriptor("starts a machine (needs a CpuEngine)")
    public String boot() { return boot(null); }

    @Descriptor("starts a machine (needs a CpuEngine)")
    public String boot(String machine) {
        Machine m = pick(machine);
        m.start();
        return m.id() + " " + m.state();
    }

    @Descriptor("pauses every vCPU at an instruction boundary")
    public String pause() { return pause(null); }

    @Descriptor("pauses every vCPU at an instruction boundary")
    public String pause(String machine) {
        Machine m = pick(machine);
        m.pause();
        return m.id() + " " + m.state();
    }

    @Descriptor("resumes a paused machine")
    public String resume() { return resume(null); }

    @Descriptor("resumes a paused machine")
    public String resume(String machine) {
        Machine m = pick(machine);
        m.resume();
        return m.id() + " " + m.state();
    }

    @Descriptor("hard-resets a machine (devices, vCPUs, kernel reloaded)")
    public String reset() { return reset(null); }

    @Descriptor("hard-resets a machine (devices, vCPUs, kernel reloaded)")
    public String reset(String machine) {
        Machine m = pick(machine);
        m.reset();
        return m.id() + " reset requested";
    }

    @Descriptor("powers a machine off")
    public String poweroff() { return poweroff(null); }

    @Descriptor("powers a machine off")
    public String poweroff(String machine) {
        Machine m = pick(machine);
        m.stop();
        return m.id() + " " + m.state() + ", exit status " + m.exitStatus();
    }

    @Descriptor("moves a device to another factory (default: the best one), carrying its state")
    public String swap(String device) { return swap(device, -1, null); }

    @Descriptor("moves a device to another factory (default: the best one), carrying its state")
    public String swap(String device, long serviceId) { return swap(device, serviceId, null); }

    @Descriptor("moves a device to another factory (default: the best one), carrying its state")
    public String swap(String device, long serviceId, String machine) {
        return pick(machine).swap(device, serviceId);
    }

    @Descriptor("lists device types and their factories (service id, ranking, bundle); * marks the best")
    public String factories() {
        StringBuilder b = new StringBuilder(String.format("  %-18s %6s %8s  %-36s %s%n", "TYPE", "SID", "RANKING", "BUNDLE", "DESCRIPTION"));
        for (MachineManager.FactoryInfo f : manager.factories())
            b.append(String.format("%s %-18s %6d %8d  %-36s %s%n", f.best() ? "*" : " ", f.type(), f.serviceId(), f.ranking(),
                    f.bundle(), f.description()));
        return b.toString();
    }

    @Descriptor("prints the saved state of a device (secrets masked)")
    public String state(String device) { return state(device, null); }

    @Descriptor("prints the saved state of a device (secrets masked)")
    public String state(String device, String machine) {
        DeviceState s = pick(machine).deviceState(device);
        return s == null ? device + ": no state" : s.toString();
    }

    @Descriptor("prints what the guest wrote to a serial backend (default serial0)")
    public String console() { return console("serial0", null); }

    @Descriptor("prints what the guest wrote to a serial backend (default serial0)")
    public String console(String backend) { return console(backend, null); }

    @Descriptor("prints what the guest wrote to a serial backend (default serial0)")
    public String console(String backend, String machine) {
        return pick(machine).consoleOutput(backend);
    }

    @Descriptor("sends text to a serial backend (backslash-n and backslash-r understood)")
    public String type(String text) { return type(text, "serial0", null); }

    @Descriptor("sends text to a serial backend (backslash-n and backslash-r understood)")
    public String type(String text, String backend) { return type(text, backend, null); }

    @Descriptor("sends text to a serial backend (backslash-n and backslash-r understood)")
    public String type(String text, String backend, String machine) {
        String unescaped = text.replace("\\n", "\n").replace("\\r", "\r");
        pick(machine).consoleInput(backend, unescaped.getBytes(StandardCharsets.ISO_8859_1));
        return unescaped.length() + " bytes sent to " + backend;
    }

    @Descriptor("creates a machine from a machine file")
    public String create(String id, String file) throws Exception {
        try {
            Machine m = manager.create(id, java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            return "created " + m.id() + " with " + m.devices().size() + " devices";
        } catch (ConfigException e) {
            return "error: " + e.getMessage();
        }
    }

    @Descriptor("stops and removes a machine")
    public String destroy(String machine) {
        Optional<Machine> m = manager.machine(machine);
        if (m.isEmpty()) return "no machine '" + machine + "'";
        manager.destroy(machine);
        return "destroyed " + machine;
    }
}
