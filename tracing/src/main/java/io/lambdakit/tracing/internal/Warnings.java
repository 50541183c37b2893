package io.lambdakit.tracing.internal;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.spi.LineHead;

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
    private static final String LOGGER = "io.lambdakit.tracing";

    private final Consumer<String> sink;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * @param sink where warnings go
     */
    public Warnings(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * @param ee the execution environment whose service name and clock the lines carry
     * @return a sink that writes each warning to standard error, where Lambda sends it to CloudWatch Logs,
     *         as a JSON line of the shape lambdakit-logging writes ({@code timestamp}, {@code level},
     *         {@code message}, {@code logger}, {@code service})
     */
    public static Consumer<String> standardError(ExecutionEnvironment ee) {
        return standardError(ee.environment().serviceName(), ee);
    }

    /**
     * @param service the {@code service} key
     * @param ee      the execution environment whose clock the lines carry
     * @return as {@link #standardError(ExecutionEnvironment)}, with a service name of the caller's choice
     */
    public static Consumer<String> standardError(String service, ExecutionEnvironment ee) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(ee, "ee");
        return message -> System.err.println(LineHead.line(ee.clock().millis(), "WARN", message, LOGGER, service));
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
                sink.accept(message + " (reported once)");
            } catch (RuntimeException ignored) {
                // a broken sink must not break the traced call either
            }
        }
    }
}
