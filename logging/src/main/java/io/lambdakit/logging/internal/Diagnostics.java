package io.lambdakit.logging.internal;

import io.lambdakit.core.spi.LineHead;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How the logging pipeline reports its own trouble without ever failing the handler: a problem is
 * written once as a WARN line, then not again. What the pipeline cannot write as a line at all (the
 * sink fails, or a line had to be reduced because rendering it failed) goes to standard error as a
 * note, a JSON line of the same shape as the others; each kind of failure gets at most
 * {@value #MAX_NOTES} notes, each with the running count, the last one saying that later ones are
 * counted but not reported.
 */
public final class Diagnostics {

    /** Notes per kind of failure written to standard error; then the failures are only counted. */
    static final int MAX_NOTES = 10;

    private static final int MAX_DISTINCT = 256;

    private final LogPipeline pipeline;
    private final Consumer<String> notes;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Set<String> reservedReported = ConcurrentHashMap.newKeySet();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final AtomicLong renderFailures = new AtomicLong();
    private final AtomicLong lostLines = new AtomicLong();

    Diagnostics(LogPipeline pipeline, Consumer<String> notes) {
        this.pipeline = pipeline;
        this.notes = notes;
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

    /** @param failure what the sink threw; the line is lost */
    void sinkFailed(Throwable failure) {
        long n = sinkFailures.incrementAndGet();
        if (n <= MAX_NOTES) {
            note(n, "ERROR", "lambdakit-logging cannot write log lines to " + pipeline.settings().sink() + ": "
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

    /**
     * Writes a note as a line of the usual shape ({@code timestamp}, {@code level}, {@code message},
     * {@code logger}, {@code service}), built here because the pipeline is what failed.
     */
    private void note(long n, String level, String text) {
        StringBuilder message = new StringBuilder(text.length() + 64).append(text);
        if (n == MAX_NOTES) {
            message.append("; further failures of this kind are not reported");
        }
        try {
            notes.accept(LineHead.line(pipeline.executionEnvironment().clock().millis(), level, message.toString(),
                    LogPipeline.OWN_LOGGER, pipeline.settings().service()));
        } catch (RuntimeException | Error ignored) {
            // standard error itself is broken: nothing else is left to tell
        }
    }

    private static String describe(Throwable failure) {
        String message = ThrowableText.message(failure);
        String name = failure.getClass().getName();
        return message == null ? name : name + ": " + message;
    }

    /** Writes notes to the current {@code System.err}, where Lambda sends them to CloudWatch Logs. */
    static final class StandardError implements Consumer<String> {
        @Override
        public void accept(String note) {
            System.err.println(note);
        }
    }
}
