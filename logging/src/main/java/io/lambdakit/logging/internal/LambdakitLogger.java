package io.lambdakit.logging.internal;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.spi.LoggingEventAware;

import java.util.List;

/**
 * lambdakit's SLF4J logger. A disabled call costs one cached level comparison (plus one atomic read
 * when sampling may apply) and allocates nothing. Enabled calls, classic or fluent
 * ({@code logger.atInfo().addKeyValue(..)}), go to the pipeline. The level is cached per logger
 * and refreshed when the registry's pipeline changes.
 */
final class LambdakitLogger extends AbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;

    /** The level as resolved against one pipeline. */
    private record LevelCache(LogPipeline pipeline, int level) {
    }

    private final transient LoggerRegistry registry;
    private transient volatile LevelCache cache;

    LambdakitLogger(String name, LoggerRegistry registry) {
        this.name = name;
        this.registry = registry;
    }

    private LogPipeline pipelineFor(int level) {
        LogPipeline p = registry.pipeline();
        LevelCache c = cache;
        if (c == null || c.pipeline() != p) {
            c = new LevelCache(p, p.levelFor(name));
            cache = c;
        }
        return level >= c.level() || p.sampledDebug(level) ? p : null;
    }

    private boolean enabled(int level) {
        return pipelineFor(level) != null;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Levels.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return enabled(Levels.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Levels.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return enabled(Levels.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Levels.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return enabled(Levels.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Levels.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return enabled(Levels.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Levels.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return enabled(Levels.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                               Throwable throwable) {
        int l = Levels.of(level);
        LogPipeline p = pipelineFor(l);
        if (p != null) {
            p.emit(l, name, messagePattern, arguments, arguments == null ? 0 : arguments.length, throwable, null);
        }
    }

    @Override
    public void log(LoggingEvent event) {
        int l = Levels.of(event.getLevel());
        LogPipeline p = pipelineFor(l);
        if (p == null) {
            return;
        }
        Object[] args = event.getArgumentArray();
        int argCount = args == null ? 0 : args.length;
        Throwable thrown = event.getThrowable();
        if (thrown == null && argCount > 0 && args[argCount - 1] instanceof Throwable t) {
            thrown = t; // the SLF4J convention: a trailing Throwable argument is the exception
            argCount--;
        }
        List<org.slf4j.event.KeyValuePair> kvs = event.getKeyValuePairs();
        p.emit(l, name, event.getMessage(), args, argCount, thrown, kvs == null || kvs.isEmpty() ? null : kvs);
    }

    @Override
    public String toString() {
        return "LambdakitLogger[" + name + "]";
    }
}
