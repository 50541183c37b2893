package io.lambdakit.tracing.internal;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tracing's own failures are reported once per kind, then kept quiet: a dead daemon must not turn
 * into a log line per invocation. After {@value #MAX_KINDS} distinct kinds nothing more is reported.
 */
public final class Warnings {

    static final int MAX_KINDS = 64;
    private static final String PREFIX = "[lambdakit-tracing] WARN ";

    private final Consumer<String> sink;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * @param sink where warnings go
     */
    public Warnings(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** @return a sink that writes warnings to standard error, where Lambda sends them to CloudWatch Logs */
    public static Consumer<String> standardError() {
        return line -> System.err.println(line);
    }

    /**
     * Reports {@code message} the first time {@code kind} is seen.
     *
     * @param kind    what went wrong, e.g. {@code send}; one warning per kind
     * @param message what happened and what to do; never a secret or a payload
     */
    public void once(String kind, String message) {
        if (seen.size() < MAX_KINDS && seen.add(kind)) {
            try {
                sink.accept(PREFIX + message + " (reported once)");
            } catch (RuntimeException ignored) {
                // a broken sink must not break the traced call either
            }
        }
    }
}
