package org.plugboard.machine.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.plugboard.api.boot.KernelLoader;
import org.plugboard.api.boot.PlatformSetup;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.device.ConfigException;
import org.plugboard.api.device.DeviceFactory;
import org.plugboard.api.machine.Machine;
import org.plugboard.api.machine.MachineManager;
import org.plugboard.machine.FactoryHandle;
import org.plugboard.machine.MachineImpl;
import org.plugboard.machine.MachineServices;
import org.plugboard.machine.definition.MachineDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machines of this framework, and the whiteboard of device factories, CPU engines and
 * kernel loaders they are built from. When the best factory for a type changes (a bundle is
 * started, stopped or updated) every machine moves its slots of that type to it: a hot swap.
 */
@Component(service = MachineManager.class, immediate = true)
public class MachineManagerImpl implements MachineManager, MachineServices {
    private static final Logger LOG = LoggerFactory.getLogger(MachineManagerImpl.class);

    private final Map<String, List<FactoryHandle>> factories = new ConcurrentHashMap<>();
    private final List<Ranked<CpuEngine>> engines = new CopyOnWriteArrayList<>();
    private final List<KernelLoader> loaders = new CopyOnWriteArrayList<>();
    private final List<PlatformSetup> setups = new CopyOnWriteArrayList<>();
    private final Map<String, MachineImpl> machines = new ConcurrentHashMap<>();

    private record Ranked<T>(T service, int ranking, long id) {
    }

    // ------------------------------------------------------------ whiteboard

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addFactory(ServiceReference<DeviceFactory> ref, DeviceFactory factory) {
        FactoryHandle h = handle(ref, factory);
        synchronized (factories) {
            List<FactoryHandle> l = new ArrayList<>(factories.getOrDefault(h.type(), List.of()));
            l.add(h);
            l.sort((a, b) -> a.betterThan(b) ? -1 : 1);
            factories.put(h.type(), List.copyOf(l));
        }
        LOG.debug("device factory {} from {} (ranking {})", h.type(), h.bundle(), h.ranking());
        changed(h.type());
    }

    void removeFactory(ServiceReference<DeviceFactory> ref, DeviceFactory factory) {
        String type = factory.type();
        synchronized (factories) {
            List<FactoryHandle> l = new ArrayList<>(factories.getOrDefault(type, List.of()));
            l.removeIf(h -> h.factory() == factory);
            if (l.isEmpty()) factories.remove(type);
            else factories.put(type, List.copyOf(l));
        }
        changed(type);
    }

    private static FactoryHandle handle(ServiceReference<?> ref, DeviceFactory f) {
        Object declared = ref.getProperty(DeviceFactory.TYPE);
        if (declared != null && !declared.equals(f.type()))
            LOG.warn("factory {} declares type {} but its type() says {}", f.getClass().getName(), declared, f.type());
        return new FactoryHandle(f, (Long) ref.getProperty(Constants.SERVICE_ID), ranking(ref),
                ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName() + " [" + ref.getBundle().getBundleId() + "]");
    }

    private static int ranking(ServiceReference<?> ref) {
        Object r = ref.getProperty(Constants.SERVICE_RANKING);
        return r instanceof Integer ? (Integer) r : 0;
    }

    private void changed(String type) {
        for (MachineImpl m : machines.values()) {
            try {
                m.factoriesChanged(type);
            } catch (RuntimeException e) {
                LOG.error("machine {}: swapping {} failed", m.id(), type, e);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEngine(ServiceReference<CpuEngine> ref, CpuEngine engine) {
        engines.add(new Ranked<>(engine, ranking(ref), (Long) ref.getProperty(Constants.SERVICE_ID)));
    }

    void removeEngine(CpuEngine engine) {
        engines.removeIf(r -> r.service == engine);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addLoader(KernelLoader loader) {
        loaders.add(loader);
    }

    void removeLoader(KernelLoader loader) {
        loaders.remove(loader);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSetup(PlatformSetup setup) {
        setups.add(setup);
    }

    void removeSetup(PlatformSetup setup) {
        setups.remove(setup);
    }

    @Deactivate
    void deactivate() {
        for (MachineImpl m : machines.values()) m.dispose();
        machines.clear();
    }

    // ------------------------------------------------------------ MachineServices

    @Override
    public Optional<FactoryHandle> bestFactory(String type) {
        List<FactoryHandle> l = factories.get(type);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    @Override
    public List<FactoryHandle> factories(String type) {
        return factories.getOrDefault(type, List.of());
    }

    @Override
    public List<String> types() {
        return factories.keySet().stream().sorted().toList();
    }

    @Override
    public Optional<CpuEngine> cpuEngine() {
        return engines.stream().max(Comparator.comparingInt((Ranked<CpuEngine> r) -> r.ranking)
                .thenComparing(r -> -r.id)).map(Ranked::service);
    }

    @Override
    public List<KernelLoader> kernelLoaders() {
        return List.copyOf(loaders);
    }

    @Override
    public List<PlatformSetup> platformSetups() {
        return List.copyOf(setups);
    }

    @Override
    public Optional<String> board(String machineType) {
        if (!machineType.matches("[a-z0-9-]+")) return Optional.empty();
        try (InputStream in = MachineImpl.class.getResourceAsStream("/machines/" + machineType + ".board")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------ MachineManager

    @Override
    public Machine create(String id, String definition) throws ConfigException {
        MachineDefinition def = MachineDefinition.parse(definition);
        String name = id != null ? id : def.name;
        if (machines.containsKey(name)) throw new ConfigException("a machine named '" + name + "' exists already");
        MachineImpl m = MachineImpl.build(name, def, this);
        machines.put(name, m);
        LOG.info("machine {} created: {} with {} devices", name, def.machineType, m.devices().size());
        return m;
    }

    @Override
    public List<Machine> machines() {
        return machines.values().stream().sorted(Comparator.comparing(MachineImpl::id)).map(m -> (Machine) m).toList();
    }

    @Override
    public Optional<Machine> machine(String id) {
        return Optional.ofNullable(machines.get(id));
    }

    @Override
    public void destroy(String id) {
        MachineImpl m = machines.remove(id);
        if (m != null) m.dispose();
    }

    @Override
    public List<FactoryInfo> factories() {
        List<FactoryInfo> out = new ArrayList<>();
        for (String t : types()) {
            boolean first = true;
            for (FactoryHandle h : factories(t)) {
                out.add(new FactoryInfo(t, h.factory().description(), h.bundle(), h.ranking(), h.serviceId(), first));
                first = false;
            }
        }
        return out;
    }
}
