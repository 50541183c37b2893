package io.lambdakit.logging.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.InvocationScope;
import io.lambdakit.core.Json;
import io.lambdakit.core.ThrowingSupplier;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The behaviour behind both {@code @Logging} and {@code LambdaLogging}: for one invocation it
 * enters the invocation scope (so every line carries the Lambda context keys), extracts the
 * correlation id, decides sampling, sets up the line buffer, logs the event, the response and an
 * uncaught exception, and afterwards puts everything back: the MDC as it was before, sampling off,
 * the buffer flushed (on failure) or dropped (on success). A nested call for the same invocation
 * only runs the body. User exceptions are rethrown unchanged; the engine's own problems are never
 * thrown.
 */
public final class LoggingEngine {

    /** Message of the event line, as in Powertools. */
    public static final String EVENT_MESSAGE = "Handler Event";
    /** Message of the response line, as in Powertools. */
    public static final String RESPONSE_MESSAGE = "Handler Response";
    /** Message of the uncaught-exception line, as in Powertools. */
    public static final String ERROR_MESSAGE = "Exception in Lambda Handler";

    /** The body of a stream handler, given the (possibly replaced) streams. */
    @FunctionalInterface
    public interface StreamBody {
        /**
         * @param in  the input, readable from the start even if the engine read it to log it
         * @param out the output
         * @return whatever the handler returns (usually null)
         * @throws Throwable whatever the handler throws
         */
        Object proceed(InputStream in, OutputStream out) throws Throwable;
    }

    private LoggingEngine() {
    }

    /** @return the correlation id of the invocation this thread is in, or null */
    public static String correlationId() {
        InvocationLogState st = InvocationLogState.current();
        return st == null ? null : st.correlationId();
    }

    /**
     * @param id the correlation id of the rest of the current invocation's lines, or null to remove it
     * @return false when this thread is not inside an invocation (nothing is set)
     */
    public static boolean setCorrelationId(String id) {
        InvocationLogState st = InvocationLogState.current();
        if (st == null) {
            return false;
        }
        st.correlationId(id);
        return true;
    }

    /** Writes the current invocation's buffered lines now (no-op without buffering or outside an invocation). */
    public static void flushBuffer() {
        InvocationLogState st = InvocationLogState.current();
        if (st != null) {
            st.pipeline().flush(st);
        }
    }

    /** Drops the current invocation's buffered lines. */
    public static void clearBuffer() {
        InvocationLogState st = InvocationLogState.current();
        if (st != null && st.buffer() != null) {
            st.buffer().clear();
        }
    }

    /**
     * Runs one invocation of an object handler.
     *
     * @param cfg   what to do
     * @param p     where lines go
     * @param ctx   the Lambda context, or null (then only the body runs)
     * @param event the event, for logEvent and the correlation id
     * @param body  the handler
     * @param <T>   its result type
     * @return the handler's result
     * @throws Throwable exactly what the handler throws
     */
    public static <T> T run(LoggingConfig cfg, LogPipeline p, Context ctx, Object event, ThrowingSupplier<T> body) throws Throwable {
        return run(cfg, p, ctx, event, body, null);
    }

    /**
     * Runs one invocation of a stream handler. When the event must be logged or searched for a
     * correlation id, the input is read fully and the handler gets a fresh stream over the same
     * bytes; when the response must be logged, what the handler writes is passed through and a
     * bounded copy is kept.
     *
     * @param cfg  what to do
     * @param p    where lines go
     * @param ctx  the Lambda context
     * @param in   the input stream
     * @param out  the output stream
     * @param body the handler
     * @return the handler's result
     * @throws Throwable exactly what the handler throws, or the IOException reading the input
     */
    public static Object runStream(LoggingConfig cfg, LogPipeline p, Context ctx, InputStream in, OutputStream out,
                                   StreamBody body) throws Throwable {
        LogOutputConfig s = p.settings();
        boolean nested = ctx == null || InvocationLogState.current() != null;
        boolean readInput = !nested && in != null && (cfg.logEvent(s) || cfg.correlation() != null);
        byte[] input = readInput ? in.readAllBytes() : null;
        InputStream handlerIn = input != null ? new ByteArrayInputStream(input) : in;
        CapturingOutputStream capture = !nested && out != null && cfg.logResponse(s)
                ? new CapturingOutputStream(out, s.maxValueBytes(), s.truncationMarker()) : null;
        OutputStream handlerOut = capture != null ? capture : out;
        Object eventView = input == null ? null : payload(input, input.length, false);
        return run(cfg, p, ctx, eventView, () -> body.proceed(handlerIn, handlerOut),
                capture == null ? null : result -> capture.payload());
    }

    private static <T> T run(LoggingConfig cfg, LogPipeline p, Context ctx, Object event, ThrowingSupplier<T> body,
                             UnaryOperator<Object> responseView) throws Throwable {
        if (ctx == null) {
            if (InvocationContext.current().isEmpty()) {
                p.diagnostics().warnOnce("no-context:" + cfg.loggerName(), "Logging for " + cfg.loggerName()
                        + " ran without a Lambda Context argument, so its lines carry no invocation keys; put @Logging on the"
                        + " handler method that takes the Context, or pass the Context to LambdaLogging");
            }
            return body.get();
        }
        try (InvocationScope scope = p.executionEnvironment().enter(ctx)) {
            InvocationContext ic = scope.context();
            if (ic.attribute(InvocationLogState.KEY).isPresent()) {
                return body.get();
            }
            LogOutputConfig s = p.settings();
            double rate = cfg.samplingRate(s);
            String[] mdcBefore = LambdakitMdcAdapter.pairs();
            boolean sampled = p.beginSampling(rate);
            try {
                InvocationLogState st = new InvocationLogState(p, rate, sampled,
                        s.buffering() ? new LogBuffer(s.bufferMaxBytes()) : null);
                ic.attribute(InvocationLogState.KEY, () -> st);
                try {
                    return invoke(cfg, p, s, st, event, body, responseView);
                } finally {
                    if (st.buffer() != null) {
                        st.buffer().clear(); // success: the buffered lines are not needed; failure: already flushed
                    }
                    ic.removeAttribute(InvocationLogState.KEY);
                }
            } finally {
                if (sampled) {
                    p.endSampled();
                }
                LambdakitMdcAdapter.restore(cfg.clearState() ? null : mdcBefore);
            }
        }
    }

    private static <T> T invoke(LoggingConfig cfg, LogPipeline p, LogOutputConfig s, InvocationLogState st, Object event,
                                ThrowingSupplier<T> body, UnaryOperator<Object> responseView) throws Throwable {
        String logger = cfg.loggerName();
        try {
            if (cfg.correlation() != null) {
                st.correlationId(correlationId(cfg, p, event));
            }
            if (st.sampled()) {
                log(p, Levels.DEBUG, logger, "Changed log level to DEBUG based on Sampling configuration. Sampling Rate: "
                        + st.samplingRate(), null, null);
            }
            if (cfg.logEvent(s)) {
                log(p, Levels.INFO, logger, EVENT_MESSAGE, null, List.of(new KeyValuePair("event", event)));
            }
            T result = body.get();
            if (cfg.logResponse(s)) {
                Object response = responseView != null ? responseView.apply(result) : result;
                log(p, Levels.INFO, logger, RESPONSE_MESSAGE, null, List.of(new KeyValuePair("response", response)));
            }
            return result;
        } catch (Throwable t) {
            if (cfg.logError(s)) {
                log(p, Levels.ERROR, logger, ERROR_MESSAGE, t, null);
            }
            if (st.buffer() != null && cfg.flushBufferOnUncaughtError()) {
                p.flush(st);
            }
            throw t;
        }
    }

    private static void log(LogPipeline p, int level, String logger, String message, Throwable t, List<KeyValuePair> kvs) {
        if (p.isEnabled(level, logger)) {
            p.emit(level, logger, message, null, 0, t, kvs);
        }
    }

    private static String correlationId(LoggingConfig cfg, LogPipeline p, Object event) {
        try {
            JsonNode tree = toTree(event);
            JsonNode found = tree == null ? null : cfg.correlation().search(tree);
            if (found != null && !found.isNull() && !found.isMissingNode()) {
                return found.isValueNode() ? found.asText() : found.toString();
            }
        } catch (RuntimeException e) {
            // an event Jackson cannot convert: reported below like a missing id
        }
        p.diagnostics().warnOnce("correlation:" + cfg.correlationIdPath(), "Unable to extract any correlation id with '"
                + cfg.correlationIdPath() + "' from the event of " + cfg.loggerName()
                + "; is the handler receiving the event type this path expects? (reported once)");
        return null;
    }

    private static JsonNode toTree(Object event) throws RuntimeException {
        if (event == null) {
            return null;
        }
        if (event instanceof JsonNode n) {
            return n;
        }
        if (event instanceof String str) {
            Object parsed = ValueCodec.looksLikeJson(str) ? payload(str.getBytes(StandardCharsets.UTF_8), -1, true) : null;
            return parsed instanceof JsonNode n ? n : null;
        }
        return JdkValues.toTree(event); // the mapper that logs it: a bean is introspected once, java.time fields work
    }

    /** @return a JSON tree when the bytes hold JSON, else the text; never throws */
    static Object payload(byte[] bytes, int length, boolean jsonOnly) {
        int n = length < 0 ? bytes.length : length;
        try {
            return Json.mapper().readTree(bytes, 0, n);
        } catch (IOException | RuntimeException e) {
            return jsonOnly ? null : new String(bytes, 0, n, StandardCharsets.UTF_8);
        }
    }

    /** Passes writes through and keeps a copy of the first {@code cap} bytes. */
    static final class CapturingOutputStream extends FilterOutputStream {
        private final int cap;
        private final String marker;
        private byte[] copy = new byte[256];
        private int size;
        private boolean overflow;

        CapturingOutputStream(OutputStream out, int cap, String marker) {
            super(out);
            this.cap = cap;
            this.marker = marker;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            keep(b, off, len);
        }

        private void keep(byte[] b, int off, int len) {
            int n = Math.min(len, cap - size);
            if (n < len) {
                overflow = true;
            }
            if (n <= 0) {
                return;
            }
            if (size + n > copy.length) {
                copy = Arrays.copyOf(copy, Math.max(copy.length * 2, size + n));
            }
            System.arraycopy(b, off, copy, size, n);
            size += n;
        }

        Object payload() {
            if (overflow) {
                return new String(copy, 0, size, StandardCharsets.UTF_8) + marker;
            }
            return LoggingEngine.payload(copy, size, false);
        }
    }
}
