package io.lambdakit.logging.internal;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How the logging pipeline reports its own trouble without ever failing the handler: a problem is
 * written once as a WARN line, then not again. If the sink itself fails, the first failure goes to
 * standard error and later ones are dropped silently.
 */
public final class Diagnostics {

    private static final int MAX_DISTINCT = 256;

    private final LogPipeline pipeline;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Set<String> reservedReported = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sinkFailureReported = new AtomicBoolean();
    private final AtomicBoolean renderFailureReported = new AtomicBoolean();

    Diagnostics(LogPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Writes {@code message} as a WARN line the first time {@code key} is seen.
     *
     * @param key     identifies the problem
     * @param message what happened and how to fix it
     */
    public void warnOnce(String key, String message) {
        if (reported.size() < MAX_DISTINCT && reported.add(key)) {
            pipeline.emitInternal(Levels.WARN, message);
        }
    }

    /**
     * @param key    a user key that collides with a reserved key
     * @param source where it came from (MDC, key-value)
     */
    void reservedKey(String key, String source) {
        if (!reservedReported.contains(key) && reservedReported.add(key)) {
            pipeline.emitInternal(Levels.WARN, "The " + source + " key '" + key + "' is reserved for lambdakit's own '" + key
                    + "' field and was dropped from log lines; rename it (reported once)");
        }
    }

    /** @param failure what the sink threw */
    void sinkFailed(Throwable failure) {
        if (sinkFailureReported.compareAndSet(false, true)) {
            PrintStream err = System.err;
            err.println("lambdakit-logging: cannot write log lines to " + pipeline.settings().sink() + ": " + failure
                    + "; lines are lost and further failures are not reported");
        }
    }

    /** @param failure what went wrong while rendering a line */
    void renderFailed(Throwable failure) {
        if (renderFailureReported.compareAndSet(false, true)) {
            PrintStream err = System.err;
            err.println("lambdakit-logging: a log line could not be rendered and was dropped: " + failure
                    + "; further failures are not reported");
        }
    }
}
