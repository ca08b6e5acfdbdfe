package org.plugboard.cpu.x86;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiling tier's policy: a block executed {@link #threshold} times is translated by
 * {@link BlockTranslator}, defined as a hidden class (unloadable once its block is dropped) and
 * put in the block's place in the {@link CodeCache}.
 */
final class BlockCompiler {
    /** System property: executions before a block is compiled; 0 = never, 1 = on first use. */
    static final String THRESHOLD_PROPERTY = "plugboard.cpu.compileThreshold";
    static final int DEFAULT_THRESHOLD = 50;

    private static final Logger LOG = LoggerFactory.getLogger(BlockCompiler.class);
    /** Full-privilege look-up in this package: generated code may use package-private members. */
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    final int threshold;
    private final CodeCache cache;
    /** Blocks compiled and translations that failed, by every compiler in this class loader (diagnostics, tests). */
    private static final LongAdder COMPILED = new LongAdder(), FAILED = new LongAdder();

    BlockCompiler(CodeCache cache, int threshold) {
        if (threshold < 0) throw new IllegalArgumentException("compile threshold must be >= 0, got " + threshold);
        this.cache = cache;
        this.threshold = threshold;
    }

    /** The threshold from {@value #THRESHOLD_PROPERTY}, or {@value #DEFAULT_THRESHOLD}. */
    static int configuredThreshold() {
        String v = System.getProperty(THRESHOLD_PROPERTY);
        if (v == null || v.isBlank()) return DEFAULT_THRESHOLD;
        try {
            return parseThreshold(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("system property " + THRESHOLD_PROPERTY + ": " + e.getMessage());
        }
    }

    static int parseThreshold(String v) {
        try {
            int t = Integer.parseInt(v.trim());
            if (t >= 0) return t;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("compile threshold must be a whole number >= 0 (0 turns compiling off), got '"
                + v + "'");
    }

    /**
     * Compiles {@code block} and puts the result in its place. Returns null (the block stays
     * interpreted) if its page was dropped meanwhile or the translation failed, which is a bug
     * in the translator: logged, counted, and the guest still runs correctly.
     */
    Block promote(InterpretedBlock block) {
        CompiledBlock c;
        try {
            c = new CompiledBlock(block, define(new BlockTranslator(block.insns(), block.codeSize).translate()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            FAILED.increment();
            LOG.warn("compiling the block at {} failed; it stays interpreted", Long.toHexString(block.linear), e);
            return null;
        }
        if (!cache.replace(block, c)) return null;
        COMPILED.increment();
        return c;
    }

    private static CompiledCode define(byte[] classFile) throws ReflectiveOperationException {
        Class<?> c = LOOKUP.defineHiddenClass(classFile, true).lookupClass();
        return (CompiledCode) c.getDeclaredConstructor().newInstance();
    }

    static long compiledTotal() {
        return COMPILED.sum();
    }

    static long failedTotal() {
        return FAILED.sum();
    }
}
