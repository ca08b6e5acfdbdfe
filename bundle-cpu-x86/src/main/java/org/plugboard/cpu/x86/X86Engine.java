package org.plugboard.cpu.x86;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import org.osgi.service.component.annotations.Component;
import org.plugboard.api.bus.MemorySpace;
import org.plugboard.api.cpu.CpuEngine;
import org.plugboard.api.cpu.CpuHost;
import org.plugboard.api.cpu.Vcpu;
import org.plugboard.api.device.ConfigException;

/**
 * The x86 interpreter engine. Options: {@code unknown-msr=fault|ignore} (default fault),
 * {@code mwait=ud|nop} (MONITOR/MWAIT when CPUID hides them; default ud),
 * {@code compile-threshold=N} (executions before a block is compiled to JVM bytecode; 0 = never,
 * 1 = on first use; default the system property {@value BlockCompiler#THRESHOLD_PROPERTY}, else
 * {@value BlockCompiler#DEFAULT_THRESHOLD}).
 */
@Component(service = CpuEngine.class, name = "x86-interpreter")
public final class X86Engine implements CpuEngine {
    public static final String NAME = "x86-interpreter";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Vcpu create(CpuHost host) throws ConfigException {
        CpuModel model = CpuModel.parse(host.model());
        Map<String, String> options = host.options();
        boolean ignoreMsrs = choice(options, "unknown-msr", "fault", "ignore");
        boolean mwaitNop = choice(options, "mwait", "ud", "nop");
        int compileThreshold = compileThreshold(options.get("compile-threshold"));
        for (String key : options.keySet())
            if (!key.equals("unknown-msr") && !key.equals("mwait") && !key.equals("compile-threshold"))
                throw new ConfigException("x86-interpreter: unknown option '" + key + "' (known: unknown-msr, mwait, compile-threshold)");
        return new X86Vcpu(host, model, ignoreMsrs, mwaitNop, compileThreshold, sharedCode(host.memory()));
    }

    @Override
    public boolean supportsLongMode(String model) {
        try {
            return CpuModel.parse(model).has("lm");
        } catch (ConfigException e) {
            return false; // the machine reports the bad model itself when it creates the vCPUs
        }
    }

    /**
     * One decoded-code cache per machine (memory space), shared by its vCPUs so that a store by
     * one vCPU invalidates code another has decoded. Both references are weak: the vCPUs keep
     * their cache alive, and a machine that goes away takes its entry with it.
     */
    private final Map<MemorySpace, WeakReference<CodeCache>> codeByMemory = new WeakHashMap<>();

    private CodeCache sharedCode(MemorySpace memory) {
        synchronized (codeByMemory) {
            WeakReference<CodeCache> ref = codeByMemory.get(memory);
            CodeCache code = ref == null ? null : ref.get();
            if (code == null) {
                code = new CodeCache();
                codeByMemory.put(memory, new WeakReference<>(code));
            }
            return code;
        }
    }

    private static int compileThreshold(String option) throws ConfigException {
        try {
            return option == null ? BlockCompiler.configuredThreshold() : BlockCompiler.parseThreshold(option);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("x86-interpreter: " + e.getMessage());
        }
    }

    /** Reads a two-valued option; true means {@code second}. */
    private static boolean choice(Map<String, String> options, String key, String first, String second) throws ConfigException {
        String v = options.getOrDefault(key, first);
        if (v.equals(first)) return false;
        if (v.equals(second)) return true;
        throw new ConfigException("x86-interpreter: option " + key + " must be " + first + " or " + second + ", not '" + v + "'");
    }
}
