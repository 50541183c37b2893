package io.lambdakit.core.spi;

import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationContext;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How a lambdakit module reports its own trouble without failing the handler: a problem is written
 * once per key as one JSON line in the shape of a logging line ({@link LineHead}: {@code timestamp},
 * {@code level}, {@code message}, {@code logger}, {@code service}, and {@code function_request_id} when
 * written during an invocation), by default on standard error. A
 * reporter writes at most {@link #MAX_KEYS} distinct problems; the next one is written as a line
 * saying that further problems are counted, not written ({@link #suppressed()}), so a hot loop
 * cannot flood the log. One reporter per facade instance (no static state); the cap and the shape
 * are the same in every module.
 */
public final class Diagnostics {

    /** Distinct problem keys a reporter writes; later ones are counted. */
    public static final int MAX_KEYS = 64;

    private final String logger;
    private final String service;
    private final Clock clock;
    private final Consumer<String> sink;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong suppressed = new AtomicLong();

    private Diagnostics(String logger, String service, Clock clock, Consumer<String> sink) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * A reporter writing to standard error with the environment's service name and clock.
     *
     * @param logger the {@code logger} key, the module's root package (e.g. {@code io.lambdakit.tracing})
     * @param ee     the execution environment
     * @return a new reporter
     */
    public static Diagnostics standardError(String logger, ExecutionEnvironment ee) {
        return create(logger, ee.environment().serviceName(), ee.clock(), standardErrorSink());
    }

    /**
     * @param logger  the {@code logger} key
     * @param service the {@code service} key
     * @param clock   for the {@code timestamp} key
     * @param sink    receives each line, without a newline (a list in tests, a logger, a stream)
     * @return a new reporter
     */
    public static Diagnostics create(String logger, String service, Clock clock, Consumer<String> sink) {
        return new Diagnostics(logger, service, clock, sink);
    }

    /** @return a sink printing each line to the {@code System.err} of the moment it writes */
    public static Consumer<String> standardErrorSink() {
        return StdErr.INSTANCE;
    }

    /**
     * Writes {@code message} as a WARN line the first time {@code key} is reported.
     *
     * @param key     identifies the problem (e.g. {@code "reserved-key:level"}); the message may vary
     * @param message what happened and how to fix it; never a secret or a whole event
     * @return true when the line was written now
     */
    public boolean warnOnce(String key, String message) {
        return once("WARN", key, message);
    }

    /**
     * Writes {@code message} as an ERROR line the first time {@code key} is reported.
     *
     * @param key     identifies the problem
     * @param message what happened and how to fix it
     * @return true when the line was written now
     */
    public boolean errorOnce(String key, String message) {
        return once("ERROR", key, message);
    }

    /**
     * Writes a line every time, without de-duplication, still within the reporter's cap (for notes
     * that carry a running count, written by callers that cap them themselves).
     *
     * @param level   {@code WARN} or {@code ERROR}
     * @param message the message
     */
    public void write(String level, String message) {
        JsonWriter w = LineHead.begin(48, clock.millis(), level, message, logger, service);
        InvocationContext invocation = InvocationContext.current().orElse(null);
        if (invocation != null) { // correlate with the invocation's own lines, under lambdakit-logging's key
            w.name("function_request_id").value(invocation.requestId());
        }
        sink.accept(w.endObject().toString());
    }

    /** @return how many problems were counted but not written because the cap was reached */
    public long suppressed() {
        return suppressed.get();
    }

    /** @return whether {@code key} was already reported */
    boolean reported(String key) {
        return reported.contains(key);
    }

    private boolean once(String level, String key, String message) {
        Objects.requireNonNull(key, "key");
        if (reported.contains(key)) {
            return false;
        }
        if (reported.size() >= MAX_KEYS) {
            if (suppressed.getAndIncrement() == 0) {
                write("WARN", logger + " reported " + MAX_KEYS + " distinct problems; further ones are counted, not written");
            }
            return false;
        }
        if (!reported.add(key)) {
            return false;
        }
        write(level, message);
        return true;
    }

    private enum StdErr implements Consumer<String> {
        INSTANCE;

        @Override
        public void accept(String line) {
            PrintStream err = System.err;
            err.println(line);
        }
    }
}
