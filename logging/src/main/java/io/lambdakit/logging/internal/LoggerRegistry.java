package io.lambdakit.logging.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Installation;
import io.lambdakit.core.spi.ProcessWide;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Hands out loggers bound to a pipeline. The global registry is SLF4J's logger factory: its
 * pipeline lives in a {@link ProcessWide} slot, created from the environment on first use (at
 * function init, not when the class loads) and replaced with {@link #install(LogPipeline)}, which
 * existing loggers follow on their next call. A registry of one's own (e.g. in a test) is bound to
 * one pipeline for good.
 */
public final class LoggerRegistry implements ILoggerFactory {

    /** Holder of the global registry; core's ClassPreloader loads it without initialising it. */
    private static final class Global {
        static final LoggerRegistry INSTANCE = new LoggerRegistry(ProcessWide.withDefault(new FromEnvironment()));
    }

    /** Builds the process-wide pipeline from the environment (a plain class: no lambda on the init path). */
    private static final class FromEnvironment implements Supplier<LogPipeline> {
        @Override
        public LogPipeline get() {
            return LogPipeline.fromEnvironment(ExecutionEnvironment.current());
        }
    }

    private final ConcurrentHashMap<String, LambdakitLogger> loggers = new ConcurrentHashMap<>();
    private final ProcessWide<LogPipeline> slot;
    private final LogPipeline fixed;

    private LoggerRegistry(ProcessWide<LogPipeline> slot) {
        this.slot = slot;
        this.fixed = null;
    }

    private LoggerRegistry(LogPipeline fixed) {
        this.slot = null;
        this.fixed = Objects.requireNonNull(fixed, "pipeline");
    }

    /** @return the registry behind SLF4J's {@code LoggerFactory} */
    public static LoggerRegistry global() {
        return Global.INSTANCE;
    }

    /**
     * @param pipeline a pipeline
     * @return a registry whose loggers always write to it
     */
    public static LoggerRegistry of(LogPipeline pipeline) {
        return new LoggerRegistry(pipeline);
    }

    @Override
    public Logger getLogger(String name) {
        String n = name == null ? Logger.ROOT_LOGGER_NAME : name;
        LambdakitLogger logger = loggers.get(n);
        return logger != null ? logger : loggers.computeIfAbsent(n, k -> new LambdakitLogger(k, this));
    }

    /** @return the current pipeline, created on first call for the global registry */
    public LogPipeline pipeline() {
        return fixed != null ? fixed : slot.current();
    }

    /**
     * Makes {@code next} the pipeline every logger of the global registry writes to.
     *
     * @param next the new pipeline
     * @return closing it puts the previous pipeline back, unless another was installed since
     * @throws IllegalStateException on a registry bound to one pipeline
     */
    public Installation install(LogPipeline next) {
        if (slot == null) {
            throw new IllegalStateException("a registry of one's own is bound to its pipeline for good");
        }
        return slot.install(Objects.requireNonNull(next, "pipeline"));
    }
}
