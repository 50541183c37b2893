package io.lambdakit.logging.internal;

import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.spi.JsonWriter;
import io.lambdakit.core.spi.TimestampFormat;
import org.slf4j.event.KeyValuePair;

import java.util.List;
import java.util.Set;

/**
 * The log line format: one JSON object with the Powertools keys, in this order: {@code timestamp},
 * {@code level}, {@code message}, {@code logger}, {@code service}, then (inside an invocation)
 * {@code cold_start}, {@code function_name}, {@code function_version}, {@code function_arn},
 * {@code function_memory_size}, {@code function_request_id}, {@code xray_trace_id},
 * {@code correlation_id}, {@code tenant_id}, {@code sampling_rate}, then {@code error}, then MDC
 * entries and key-value pairs. A user key equal to one of these is dropped (ours are kept) and
 * reported once. When the same user key appears twice, the later one wins: key-value pairs over
 * MDC entries.
 */
final class LineCodec {

    /** Keys only lambdakit writes. */
    public static final Set<String> RESERVED = Set.of(
            "timestamp", "level", "message", "logger", "service", "cold_start", "function_name", "function_version",
            "function_arn", "function_memory_size", "function_request_id", "xray_trace_id", "correlation_id",
            "tenant_id", "sampling_rate", "error", "log_truncated");

    private static final int REDUCED_MESSAGE_CHARS = 2048;

    private static final JsonWriter.Name TIMESTAMP = JsonWriter.Name.of("timestamp");
    /** {@code "level":"INFO"} and the others, by level int. */
    private static final JsonWriter.Members[] LEVELS = {
        level(Levels.TRACE), level(Levels.DEBUG), level(Levels.INFO), level(Levels.WARN), level(Levels.ERROR)};
    private static final JsonWriter.Name MESSAGE = JsonWriter.Name.of("message");
    private static final JsonWriter.Name CORRELATION_ID = JsonWriter.Name.of("correlation_id");
    private static final JsonWriter.Name TENANT_ID = JsonWriter.Name.of("tenant_id");
    private static final JsonWriter.Name SAMPLING_RATE = JsonWriter.Name.of("sampling_rate");
    private static final JsonWriter.Name LOG_TRUNCATED = JsonWriter.Name.of("log_truncated");
    /** The keys that are the same on every line of one invocation, encoded on its first line. */
    private static final InvocationContext.Key<JsonWriter.Members> CONTEXT_KEYS = InvocationContext.Key.of("lambdakit-logging: context keys");

    private LineCodec() {
    }

    /** Per-thread scratch space for rendering: the writer, the message builder, the timestamp. */
    public static final class Scratch {
        final JsonWriter writer = JsonWriter.create(2048);
        final StringBuilder message = new StringBuilder(256);
        final TimestampFormat timestamp = new TimestampFormat();
        final Event event = new Event();
        boolean inUse;
        /** The last logger and service names this thread wrote, with their members encoded (compared by identity). */
        private String loggerName;
        private JsonWriter.Members loggerMember;
        private String serviceName;
        private JsonWriter.Members serviceMember;

        JsonWriter.Members logger(String name) {
            if (name != loggerName || loggerMember == null) {
                loggerMember = JsonWriter.Members.of(w -> w.name("logger").value(name));
                loggerName = name;
            }
            return loggerMember;
        }

        JsonWriter.Members service(String name) {
            if (name != serviceName || serviceMember == null) {
                serviceMember = JsonWriter.Members.of(w -> w.name("service").value(name));
                serviceName = name;
            }
            return serviceMember;
        }

        /** @return the writer holding the last rendered line */
        public JsonWriter writer() {
            return writer;
        }
    }

    /** What one log call carries. Plain fields, filled by the pipeline; not shared between threads. */
    public static final class Event {
        long millis;
        int level;
        String logger;
        String pattern;
        Object[] args;
        int argCount;
        Throwable thrown;
        List<KeyValuePair> keyValues;
        InvocationContext invocation;
        InvocationLogState state;
        String[] mdc;

        void clear() {
            pattern = null;
            args = null;
            thrown = null;
            keyValues = null;
            invocation = null;
            state = null;
            mdc = null;
        }
    }

    /**
     * Renders one line into the scratch writer. If the line would exceed
     * {@link LogOutputConfig#MAX_LINE_BYTES}, it is rendered again without user fields, with the
     * message cut shorter and {@code "log_truncated": true}.
     *
     * @param x     scratch space
     * @param e     the event
     * @param s     settings
     * @param diag  where collisions with reserved keys are reported
     */
    public static void render(Scratch x, Event e, LogOutputConfig s, PipelineDiagnostics diag) {
        renderOnce(x, e, s, diag, false);
        if (x.writer.size() > LogOutputConfig.MAX_LINE_BYTES) {
            renderOnce(x, e, s, diag, true);
        }
    }

    private static void renderOnce(Scratch x, Event e, LogOutputConfig s, PipelineDiagnostics diag, boolean reduced) {
        JsonWriter w = x.writer.reset();
        int maxChars = reduced ? Math.min(REDUCED_MESSAGE_CHARS, s.maxMessageChars()) : s.maxMessageChars();
        w.beginObject();
        w.name(TIMESTAMP).value(x.timestamp.formatString(e.millis));
        w.members(LEVELS[e.level]);
        w.name(MESSAGE);
        if (e.argCount == 0 || e.pattern == null || e.pattern.indexOf('{') < 0) {
            w.truncatedValue(e.pattern == null ? "null" : e.pattern, maxChars, s.truncationMarker());
        } else {
            StringBuilder sb = x.message;
            sb.setLength(0);
            MessageFormat.format(sb, e.pattern, e.args, e.argCount);
            w.truncatedValue(sb, maxChars, s.truncationMarker());
            if (sb.capacity() > 65_536) {
                sb.setLength(0);
                sb.trimToSize();
            }
        }
        w.members(x.logger(e.logger));
        w.members(x.service(s.service()));
        InvocationContext ic = e.invocation;
        if (ic != null) {
            JsonWriter.Members context = ic.attribute(CONTEXT_KEYS).orElse(null);
            w.members(context != null ? context : ic.attribute(CONTEXT_KEYS, () -> contextKeys(ic)));
            InvocationLogState st = e.state;
            String correlationId = st == null ? null : st.correlationId();
            if (correlationId != null) {
                w.name(CORRELATION_ID).truncatedValue(correlationId, s.maxMessageChars(), s.truncationMarker());
            }
            String tenant = ic.tenantId().orElse(null);
            if (tenant != null) {
                w.name(TENANT_ID).value(tenant);
            }
            if (st != null && st.samplingRate() > 0) {
                w.name(SAMPLING_RATE).value(st.samplingRate());
            }
        }
        if (e.thrown != null) {
            writeError(w, e.thrown, s, reduced ? REDUCED_MESSAGE_CHARS * 2 : s.maxMessageChars());
        }
        if (reduced) {
            w.name(LOG_TRUNCATED).value(true);
        } else {
            writeUserFields(w, e, s, diag);
        }
        w.endObject();
    }

    private static JsonWriter.Members level(int level) {
        return JsonWriter.Members.of(w -> w.name("level").value(Levels.name(level)));
    }

    /** {@code cold_start} to {@code xray_trace_id}: fixed for the invocation, so encoded once for all its lines. */
    private static JsonWriter.Members contextKeys(InvocationContext ic) {
        return JsonWriter.Members.of(w -> {
            w.name("cold_start").value(ic.coldStart().isColdStart());
            if (ic.functionName() != null) {
                w.name("function_name").value(ic.functionName());
            }
            if (ic.functionVersion() != null) {
                w.name("function_version").value(ic.functionVersion());
            }
            if (ic.functionArn() != null) {
                w.name("function_arn").value(ic.functionArn());
            }
            if (ic.memoryLimitMb() > 0) {
                w.name("function_memory_size").value(ic.memoryLimitMb());
            }
            if (ic.requestId() != null) {
                w.name("function_request_id").value(ic.requestId());
            }
            String traceId = ic.xrayTraceId().orElse(null);
            if (traceId != null) {
                w.name("xray_trace_id").value(traceId);
            }
        });
    }

    /**
     * Writes {@code "error": {"name", "message", "stack"}}. The throwable's own methods may throw or
     * never end; {@link ThrowableText} renders what can be rendered, so the key is always written.
     */
    private static void writeError(JsonWriter w, Throwable t, LogOutputConfig s, int maxChars) {
        String name = t.getClass().getName();
        String msg;
        String stack;
        try {
            msg = ThrowableText.message(t);
            stack = ThrowableText.stack(t, maxChars);
        } catch (RuntimeException | Error failure) {
            msg = null; // ThrowableText catches what the throwable throws; this is for its own bugs
            stack = null;
        }
        w.name("error").beginObject();
        w.name("name").value(name);
        if (msg != null) {
            w.name("message").truncatedValue(msg, maxChars, s.truncationMarker());
        }
        if (stack != null) {
            w.name("stack").truncatedValue(stack, maxChars, s.truncationMarker());
        }
        w.endObject();
    }

    /**
     * Renders the line of an event whose full rendering failed, from the parts that cannot fail:
     * timestamp, level, the message pattern without its arguments, logger, service, the invocation
     * keys, the error's class name and {@code "log_truncated": true}.
     *
     * @param x scratch space
     * @param e the event (its fields may be partly filled)
     * @param s settings
     */
    public static void renderReduced(Scratch x, Event e, LogOutputConfig s) {
        JsonWriter w = x.writer.reset();
        w.beginObject();
        w.name(TIMESTAMP).value(x.timestamp.formatString(e.millis));
        w.members(LEVELS[e.level]);
        w.name(MESSAGE).truncatedValue(e.pattern == null ? "null" : e.pattern, Math.min(REDUCED_MESSAGE_CHARS, s.maxMessageChars()),
                s.truncationMarker());
        w.members(x.logger(String.valueOf(e.logger)));
        w.members(x.service(s.service()));
        InvocationContext ic = e.invocation;
        if (ic != null) {
            JsonWriter.Members context;
            try {
                context = ic.attribute(CONTEXT_KEYS, () -> contextKeys(ic));
            } catch (RuntimeException failure) {
                context = null;
            }
            if (context != null) {
                w.members(context);
            }
        }
        if (e.thrown != null) {
            w.name("error").beginObject().name("name").value(e.thrown.getClass().getName()).endObject();
        }
        w.name(LOG_TRUNCATED).value(true);
        w.endObject();
    }

    private static void writeUserFields(JsonWriter w, Event e, LogOutputConfig s, PipelineDiagnostics diag) {
        String[] mdc = e.mdc;
        List<KeyValuePair> kvs = e.keyValues;
        Object[] args = e.args;
        int kvCount = kvs == null ? 0 : kvs.size();
        if (mdc != null) {
            for (int i = 0; i < mdc.length; i += 2) {
                String key = mdc[i];
                if (reserved(key, diag, "MDC") || inKeyValues(key, kvs, 0) || inArgs(key, args, 0)) {
                    continue;
                }
                ValueCodec.writeMember(w, key, mdc[i + 1], s);
            }
        }
        for (int i = 0; i < kvCount; i++) {
            KeyValuePair kv = kvs.get(i);
            if (kv == null || kv.key == null || reserved(kv.key, diag, "key-value") || inKeyValues(kv.key, kvs, i + 1)
                    || inArgs(kv.key, args, 0)) {
                continue;
            }
            ValueCodec.writeMember(w, kv.key, kv.value, s);
        }
        if (args != null) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof KeyValuePair kv && kv.key != null
                        && !reserved(kv.key, diag, "key-value") && !inArgs(kv.key, args, i + 1)) {
                    ValueCodec.writeMember(w, kv.key, kv.value, s);
                }
            }
        }
    }

    private static boolean reserved(String key, PipelineDiagnostics diag, String source) {
        if (RESERVED.contains(key)) {
            diag.reservedKey(key, source);
            return true;
        }
        return false;
    }

    private static boolean inKeyValues(String key, List<KeyValuePair> kvs, int from) {
        if (kvs == null) {
            return false;
        }
        for (int i = from; i < kvs.size(); i++) {
            KeyValuePair kv = kvs.get(i);
            if (kv != null && key.equals(kv.key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inArgs(String key, Object[] args, int from) {
        if (args == null) {
            return false;
        }
        for (int i = from; i < args.length; i++) {
            if (args[i] instanceof KeyValuePair kv && key.equals(kv.key)) {
                return true;
            }
        }
        return false;
    }
}
