package io.lambdakit.logging.internal;

import io.lambdakit.core.spi.Diagnostics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How a log pipeline reports its own trouble without ever failing the handler, all through one
 * core {@link Diagnostics} reporter (its line shape, destination and cap). A problem (a reserved
 * key, a missing correlation id, an init warning) is written once per key; it is raised to
 * Lambda's application log level (at most ERROR) so Lambda does not filter it away, and is not
 * written when the {@code io.lambdakit.logging} logger is set above it. What the pipeline cannot
 * write as a line at all (the sink fails, or a line had to be reduced because rendering it failed)
 * gets at most {@value #MAX_NOTES} notes per kind, each with the running count, the last one saying
 * that later ones are counted but not reported.
 */
final class PipelineDiagnostics {

    /** Notes per kind of failure; then the failures are only counted. */
    static final int MAX_NOTES = 10;

    private final Diagnostics reporter;
    private final String sinkName;
    private final boolean raiseToError;
    private final int ownLevel;
    private final AtomicLong sinkFailures = new AtomicLong();
    private final AtomicLong renderFailures = new AtomicLong();
    private final AtomicLong lostLines = new AtomicLong();

    /**
     * @param reporter the pipeline's reporter
     * @param config   the pipeline's configuration (Lambda's floor, the own logger's level, the sink's name)
     */
    PipelineDiagnostics(Diagnostics reporter, LogOutputConfig config) {
        this.reporter = reporter;
        this.sinkName = String.valueOf(config.sink());
        this.raiseToError = config.floor() > Levels.WARN;
        this.ownLevel = config.effectiveLevel(LogPipeline.OWN_LOGGER);
    }

    /**
     * Reports {@code message} the first time {@code key} is seen.
     *
     * @param key     identifies the problem
     * @param message what happened and how to fix it
     */
    void warnOnce(String key, String message) {
        if (raiseToError) {
            if (Levels.ERROR >= ownLevel) {
                reporter.errorOnce(key, message);
            }
        } else if (Levels.WARN >= ownLevel) {
            reporter.warnOnce(key, message);
        }
    }

    /**
     * @param key    a user key that collides with a reserved key
     * @param source where it came from (MDC, key-value)
     */
    void reservedKey(String key, String source) {
        warnOnce("reserved-key:" + key, "The " + source + " key '" + key + "' is reserved for lambdakit's own '" + key
                + "' field and was dropped from log lines; rename it (reported once)");
    }

    /** @param failure what the sink threw; the line is lost */
    void sinkFailed(Throwable failure) {
        long n = sinkFailures.incrementAndGet();
        if (n <= MAX_NOTES) {
            note(n, "ERROR", "lambdakit-logging cannot write log lines to " + sinkName + ": "
                    + describe(failure) + "; " + n + " line(s) lost so far");
        }
    }

    /** @param failure what went wrong while rendering a line, which was then written reduced */
    void renderFailed(Throwable failure) {
        long n = renderFailures.incrementAndGet();
        if (n <= MAX_NOTES) {
            note(n, "WARN", "a log line could not be rendered (" + describe(failure) + ") and was written without its arguments and"
                    + " fields, marked \"log_truncated\"; " + n + " line(s) reduced so far");
        }
    }

    /** @param failure what went wrong rendering even the reduced line; the line is lost */
    void lineLost(Throwable failure) {
        long n = lostLines.incrementAndGet();
        if (n <= MAX_NOTES) {
            note(n, "ERROR", "a log line could not be rendered even without its arguments and fields (" + describe(failure)
                    + ") and is lost; " + n + " line(s) lost so far");
        }
    }

    private void note(long n, String level, String text) {
        String message = n == MAX_NOTES ? text + "; further failures of this kind are not reported" : text;
        try {
            reporter.write(level, message);
        } catch (RuntimeException | Error ignored) {
            // the reporter's destination itself is broken: nothing else is left to tell
        }
    }

    private static String describe(Throwable failure) {
        String message = ThrowableText.message(failure);
        String name = failure.getClass().getName();
        return message == null ? name : name + ": " + message;
    }
}
