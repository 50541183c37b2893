package io.lambdakit.logging.internal;

import io.lambdakit.core.ExecutionEnvironment;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Hands out loggers bound to a pipeline. The global registry is SLF4J's logger factory: its
 * pipeline is created from the environment on first use (at function init, not when the class
 * loads) and can be replaced with {@link #install(LogPipeline)}, which existing loggers follow on
 * their next call. A registry of one's own (e.g. in a test) is bound to one pipeline for good.
 */
public final class LoggerRegistry implements ILoggerFactory {

    private static final class Global {
        static final LoggerRegistry INSTANCE = new LoggerRegistry(() -> LogPipeline.fromEnvironment(ExecutionEnvironment.current()));
    }

    private final ConcurrentHashMap<String, LambdakitLogger> loggers = new ConcurrentHashMap<>();
    private final Supplier<LogPipeline> factory;
    private volatile LogPipeline pipeline;

    private LoggerRegistry(Supplier<LogPipeline> factory) {
        this.factory = factory;
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
        LoggerRegistry r = new LoggerRegistry(() -> pipeline);
        r.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        return r;
    }

    @Override
    public Logger getLogger(String name) {
        String n = name == null ? Logger.ROOT_LOGGER_NAME : name;
        LambdakitLogger logger = loggers.get(n);
        return logger != null ? logger : loggers.computeIfAbsent(n, k -> new LambdakitLogger(k, this));
    }

    /** @return the current pipeline, created on first call for the global registry */
    public LogPipeline pipeline() {
        LogPipeline p = pipeline;
        if (p == null) {
            synchronized (this) {
                p = pipeline;
                if (p == null) {
                    p = factory.get();
                    pipeline = p;
                }
            }
        }
        return p;
    }

    /**
     * @param next the pipeline every logger of this registry writes to from now on
     * @return the previous pipeline
     */
    public synchronized LogPipeline install(LogPipeline next) {
        LogPipeline previous = pipeline();
        pipeline = Objects.requireNonNull(next, "pipeline");
        return previous;
    }
}
