package io.lambdakit.logging.internal;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.logging.spi.LogSink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a log output needs, resolved once at init: builder values first, then environment
 * variables (Powertools names where Powertools has one), then documented defaults. Immutable.
 */
public final class LogSettings {

    /** Root log level; Powertools name. */
    public static final String POWERTOOLS_LOG_LEVEL = "POWERTOOLS_LOG_LEVEL";
    /** Probability of DEBUG for an invocation; Powertools name. */
    public static final String POWERTOOLS_LOGGER_SAMPLE_RATE = "POWERTOOLS_LOGGER_SAMPLE_RATE";
    /** Log the event; Powertools name. */
    public static final String POWERTOOLS_LOGGER_LOG_EVENT = "POWERTOOLS_LOGGER_LOG_EVENT";
    /** Log the response; Powertools name. */
    public static final String POWERTOOLS_LOGGER_LOG_RESPONSE = "POWERTOOLS_LOGGER_LOG_RESPONSE";
    /** Log an uncaught exception; Powertools name. */
    public static final String POWERTOOLS_LOGGER_LOG_ERROR = "POWERTOOLS_LOGGER_LOG_ERROR";
    /** Levels per logger-name prefix: {@code com.acme=DEBUG,software.amazon.awssdk=WARN}. */
    public static final String LAMBDAKIT_LOG_LEVELS = "LAMBDAKIT_LOG_LEVELS";
    /** Extra keys to mask, comma-separated. */
    public static final String LAMBDAKIT_LOG_REDACT_KEYS = "LAMBDAKIT_LOG_REDACT_KEYS";
    /** Maximum characters of a message or string value. */
    public static final String LAMBDAKIT_LOG_MAX_MESSAGE_LENGTH = "LAMBDAKIT_LOG_MAX_MESSAGE_LENGTH";
    /** Turns log buffering on. */
    public static final String LAMBDAKIT_LOG_BUFFER = "LAMBDAKIT_LOG_BUFFER";
    /** Highest level that is buffered. */
    public static final String LAMBDAKIT_LOG_BUFFER_LEVEL = "LAMBDAKIT_LOG_BUFFER_LEVEL";
    /** Buffer bound per invocation, in bytes. */
    public static final String LAMBDAKIT_LOG_BUFFER_MAX_BYTES = "LAMBDAKIT_LOG_BUFFER_MAX_BYTES";
    /** Flush the buffer when an ERROR line is logged. */
    public static final String LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR = "LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR";

    /** Default cap of messages and string values, in characters. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 16_384;
    /** Default buffer bound, as in Powertools. */
    public static final int DEFAULT_BUFFER_MAX_BYTES = 20_480;
    /** Default replacement of masked values. */
    public static final String DEFAULT_MASK = "[REDACTED]";
    /** Default marker appended to cut strings. */
    public static final String DEFAULT_TRUNCATION_MARKER = "...[truncated]";
    /** A CloudWatch Logs event holds at most 256 KiB; keep a margin for Lambda's own framing. */
    public static final int MAX_LINE_BYTES = 256 * 1024 - 2048;

    private static final String COMPONENT = "lambdakit-logging";

    /** Values set through the public builder; null means "not set". */
    public static final class Overrides {
        /** Service name. */
        public String service;
        /** Root level. */
        public Integer level;
        /** Levels per logger-name prefix. */
        public final Map<String, Integer> prefixLevels = new LinkedHashMap<>();
        /** Extra redaction keys. */
        public final List<String> redactKeys = new ArrayList<>();
        /** Keep the default redaction keys. */
        public Boolean redactDefaults;
        /** Replacement of masked values. */
        public String mask;
        /** Cap of messages and string values. */
        public Integer maxMessageChars;
        /** Marker appended to cut strings. */
        public String truncationMarker;
        /** Buffering on or off. */
        public Boolean buffering;
        /** Highest buffered level. */
        public Integer bufferLevel;
        /** Buffer bound. */
        public Integer bufferMaxBytes;
        /** Flush on an ERROR line. */
        public Boolean bufferFlushOnError;
        /** Pretty output. */
        public Boolean devMode;
        /** Output. */
        public LogSink sink;
    }

    private final String service;
    private final LevelTable levels;
    private final int floor;
    private final Redactor redactor;
    private final int maxMessageChars;
    private final String truncationMarker;
    private final boolean buffering;
    private final int bufferLevel;
    private final int bufferMaxBytes;
    private final boolean bufferFlushOnError;
    private final boolean devMode;
    private final LogSink sink;
    private final boolean logEvent;
    private final boolean logResponse;
    private final boolean logError;
    private final double samplingRate;
    private final List<String> warnings;

    private LogSettings(Builder b) {
        this.service = b.service;
        this.levels = b.levels;
        this.floor = b.floor;
        this.redactor = b.redactor;
        this.maxMessageChars = b.maxMessageChars;
        this.truncationMarker = b.truncationMarker;
        this.buffering = b.buffering;
        this.bufferLevel = b.bufferLevel;
        this.bufferMaxBytes = b.bufferMaxBytes;
        this.bufferFlushOnError = b.bufferFlushOnError;
        this.devMode = b.devMode;
        this.sink = b.sink;
        this.logEvent = b.logEvent;
        this.logResponse = b.logResponse;
        this.logError = b.logError;
        this.samplingRate = b.samplingRate;
        this.warnings = List.copyOf(b.warnings);
    }

    private static final class Builder {
        String service;
        LevelTable levels;
        int floor = Levels.TRACE;
        Redactor redactor;
        int maxMessageChars;
        String truncationMarker;
        boolean buffering;
        int bufferLevel;
        int bufferMaxBytes;
        boolean bufferFlushOnError;
        boolean devMode;
        LogSink sink;
        boolean logEvent;
        boolean logResponse;
        boolean logError;
        double samplingRate;
        final List<String> warnings = new ArrayList<>();
    }

    /**
     * Resolves settings, failing on the first use of invalid configuration.
     *
     * @param o   builder values
     * @param env the environment
     * @return the settings
     * @throws ConfigurationException listing every invalid value
     */
    public static LogSettings resolveStrict(Overrides o, Environment env) {
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);
        Builder b = resolve(o, env, problems);
        problems.throwIfAny();
        return new LogSettings(b);
    }

    /**
     * Resolves settings for the process-wide output, which must never fail function init: invalid
     * values fall back to their defaults and are reported in {@link #warnings()}.
     *
     * @param o   builder values
     * @param env the environment
     * @return the settings
     */
    public static LogSettings resolveLenient(Overrides o, Environment env) {
        ConfigurationException.Problems problems = ConfigurationException.problems(COMPONENT);
        Builder b = resolve(o, env, problems);
        try {
            problems.throwIfAny();
        } catch (ConfigurationException e) {
            List<String> w = new ArrayList<>();
            w.add(e.getMessage().replace("\n", " ") + " (defaults used instead)");
            w.addAll(b.warnings);
            b.warnings.clear();
            b.warnings.addAll(w);
        }
        return new LogSettings(b);
    }

    private static Builder resolve(Overrides o, Environment env, ConfigurationException.Problems problems) {
        Builder b = new Builder();
        b.service = o.service != null ? o.service : env.serviceName();

        // ---- levels: builder, then POWERTOOLS_LOG_LEVEL, then AWS_LAMBDA_LOG_LEVEL, then INFO
        int alc = Levels.INVALID;
        Optional<String> alcValue = env.lambdaLogLevel();
        if (alcValue.isPresent()) {
            alc = Levels.parse(alcValue.get());
            if (alc == Levels.INVALID || alc == Levels.OFF) {
                b.warnings.add(Environment.AWS_LAMBDA_LOG_LEVEL + " was '" + alcValue.get()
                        + "', which is not a level Lambda filters by; it is ignored");
                alc = Levels.INVALID;
            }
        }
        int root;
        if (o.level != null) {
            root = o.level;
        } else {
            Optional<String> pt = env.get(POWERTOOLS_LOG_LEVEL);
            int parsed = pt.map(Levels::parse).orElse(Levels.INVALID);
            if (pt.isPresent() && parsed == Levels.INVALID) {
                problems.add(POWERTOOLS_LOG_LEVEL + " was '" + pt.get()
                        + "' but it must be TRACE, DEBUG, INFO, WARN, ERROR or OFF; fix or unset it");
            }
            root = parsed != Levels.INVALID ? parsed : alc != Levels.INVALID ? alc : Levels.INFO;
        }
        Map<String, Integer> prefixes = new LinkedHashMap<>();
        env.get(LAMBDAKIT_LOG_LEVELS).ifPresent(spec -> parsePrefixLevels(spec, prefixes, problems));
        prefixes.putAll(o.prefixLevels);
        b.levels = new LevelTable(root, prefixes);
        // Lambda drops JSON lines below its application log level; adopt it as a floor so that
        // we never pay for lines nobody will see, and say so once.
        boolean lambdaFilters = alc != Levels.INVALID && !"TEXT".equals(env.lambdaLogFormat().orElse("JSON"));
        if (lambdaFilters) {
            b.floor = alc;
            int lowest = b.levels.lowest();
            if (lowest < alc) {
                b.warnings.add("Current log level (" + Levels.name(lowest) + ") does not match AWS Lambda Advanced Logging Controls"
                        + " minimum log level (" + Levels.name(alc) + "). This can lead to data loss, consider adjusting them:"
                        + " lines below " + Levels.name(alc) + " are not written");
            }
        }

        // ---- redaction
        List<String> keys = new ArrayList<>();
        if (o.redactDefaults == null || o.redactDefaults) {
            keys.addAll(Redactor.DEFAULT_KEYS);
        }
        env.get(LAMBDAKIT_LOG_REDACT_KEYS).ifPresent(s -> {
            for (String k : s.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.trim());
                }
            }
        });
        keys.addAll(o.redactKeys);
        b.redactor = new Redactor(keys, o.mask != null ? o.mask : DEFAULT_MASK);

        // ---- truncation
        if (o.maxMessageChars != null) {
            b.maxMessageChars = o.maxMessageChars;
        } else {
            OptionalInt max = readInt(env, LAMBDAKIT_LOG_MAX_MESSAGE_LENGTH, problems);
            b.maxMessageChars = max.orElse(DEFAULT_MAX_MESSAGE_CHARS);
            if (b.maxMessageChars < 16) {
                problems.add(LAMBDAKIT_LOG_MAX_MESSAGE_LENGTH + " was '" + b.maxMessageChars
                        + "' but it must be at least 16; raise it or unset it");
                b.maxMessageChars = DEFAULT_MAX_MESSAGE_CHARS;
            }
        }
        b.truncationMarker = o.truncationMarker != null ? o.truncationMarker : DEFAULT_TRUNCATION_MARKER;

        // ---- buffering
        b.buffering = o.buffering != null ? o.buffering : readBoolean(env, LAMBDAKIT_LOG_BUFFER, false, problems);
        if (o.bufferLevel != null) {
            b.bufferLevel = o.bufferLevel;
        } else {
            Optional<String> bl = env.get(LAMBDAKIT_LOG_BUFFER_LEVEL);
            int parsed = bl.map(Levels::parse).orElse(Levels.DEBUG);
            if (parsed == Levels.INVALID || parsed > Levels.WARN) {
                problems.add(LAMBDAKIT_LOG_BUFFER_LEVEL + " was '" + bl.orElse("") + "' but it must be TRACE, DEBUG, INFO or WARN; fix or unset it");
                parsed = Levels.DEBUG;
            }
            b.bufferLevel = parsed;
        }
        if (o.bufferMaxBytes != null) {
            b.bufferMaxBytes = o.bufferMaxBytes;
        } else {
            int max = readInt(env, LAMBDAKIT_LOG_BUFFER_MAX_BYTES, problems).orElse(DEFAULT_BUFFER_MAX_BYTES);
            if (max < 1) {
                problems.add(LAMBDAKIT_LOG_BUFFER_MAX_BYTES + " was '" + max + "' but it must be positive; fix or unset it");
                max = DEFAULT_BUFFER_MAX_BYTES;
            }
            b.bufferMaxBytes = max;
        }
        b.bufferFlushOnError = o.bufferFlushOnError != null ? o.bufferFlushOnError
                : readBoolean(env, LAMBDAKIT_LOG_BUFFER_FLUSH_ON_ERROR, true, problems);
        if (b.buffering && Math.max(b.levels.lowest(), b.floor) > b.bufferLevel) {
            b.warnings.add("log buffering at " + Levels.name(b.bufferLevel) + " is on but no logger is enabled at "
                    + Levels.name(b.bufferLevel) + " (the lowest level is " + Levels.name(Math.max(b.levels.lowest(), b.floor))
                    + "), so nothing is buffered; set " + POWERTOOLS_LOG_LEVEL + "=" + Levels.name(b.bufferLevel));
        }

        // ---- output
        b.devMode = o.devMode != null ? o.devMode : readBoolean(env, Environment.POWERTOOLS_DEV, false, problems);
        b.sink = o.sink != null ? o.sink : LogSink.stdout();

        // ---- invocation defaults, used when the annotation or plain-API builder leaves them unset
        b.logEvent = readBoolean(env, POWERTOOLS_LOGGER_LOG_EVENT, false, problems);
        b.logResponse = readBoolean(env, POWERTOOLS_LOGGER_LOG_RESPONSE, false, problems);
        b.logError = readBoolean(env, POWERTOOLS_LOGGER_LOG_ERROR, false, problems);
        double rate = 0;
        try {
            rate = env.getDouble(POWERTOOLS_LOGGER_SAMPLE_RATE).orElse(0.0);
            if (!(rate >= 0 && rate <= 1)) {
                problems.add(POWERTOOLS_LOGGER_SAMPLE_RATE + " was '" + env.get(POWERTOOLS_LOGGER_SAMPLE_RATE).orElse("")
                        + "' but it must be between 0 and 1; fix or unset it");
                rate = 0;
            }
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
        }
        b.samplingRate = rate;
        return b;
    }

    private static void parsePrefixLevels(String spec, Map<String, Integer> into, ConfigurationException.Problems problems) {
        for (String part : spec.split("[,;]")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String prefix = eq < 0 ? "" : part.substring(0, eq).trim();
            int level = eq < 0 ? Levels.INVALID : Levels.parse(part.substring(eq + 1));
            if (prefix.isEmpty() || level == Levels.INVALID) {
                problems.add(LAMBDAKIT_LOG_LEVELS + " had '" + part.trim()
                        + "' but each entry must be <logger prefix>=<TRACE|DEBUG|INFO|WARN|ERROR|OFF>, e.g. software.amazon.awssdk=WARN; fix it");
            } else {
                into.put(prefix, level);
            }
        }
    }

    private static boolean readBoolean(Environment env, String name, boolean dflt, ConfigurationException.Problems problems) {
        try {
            return env.getBoolean(name, dflt);
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
            return dflt;
        }
    }

    private static OptionalInt readInt(Environment env, String name, ConfigurationException.Problems problems) {
        try {
            return env.getInt(name);
        } catch (ConfigurationException e) {
            e.problems().forEach(problems::add);
            return OptionalInt.empty();
        }
    }

    /** @return the {@code service} key */
    public String service() {
        return service;
    }

    /** @return configured levels */
    public LevelTable levels() {
        return levels;
    }

    /** @return Lambda's application log level when Lambda filters, else TRACE */
    public int floor() {
        return floor;
    }

    /**
     * @param loggerName a logger
     * @return its effective level: its configured level, never below the floor
     */
    public int effectiveLevel(String loggerName) {
        return Math.max(levels.levelFor(loggerName), floor);
    }

    /** @return the redaction rules */
    public Redactor redactor() {
        return redactor;
    }

    /** @return cap of messages and string values, in characters */
    public int maxMessageChars() {
        return maxMessageChars;
    }

    /** @return cap of a structured value, in bytes */
    public int maxValueBytes() {
        return Math.max(1024, maxMessageChars * 4);
    }

    /** @return marker appended to cut strings */
    public String truncationMarker() {
        return truncationMarker;
    }

    /** @return true when lines are buffered per invocation */
    public boolean buffering() {
        return buffering;
    }

    /** @return highest buffered level */
    public int bufferLevel() {
        return bufferLevel;
    }

    /** @return buffer bound per invocation */
    public int bufferMaxBytes() {
        return bufferMaxBytes;
    }

    /** @return true when an ERROR line flushes the buffer */
    public boolean bufferFlushOnError() {
        return bufferFlushOnError;
    }

    /** @return true for pretty, multi-line output */
    public boolean devMode() {
        return devMode;
    }

    /** @return where lines go */
    public LogSink sink() {
        return sink;
    }

    /** @return POWERTOOLS_LOGGER_LOG_EVENT */
    public boolean logEvent() {
        return logEvent;
    }

    /** @return POWERTOOLS_LOGGER_LOG_RESPONSE */
    public boolean logResponse() {
        return logResponse;
    }

    /** @return POWERTOOLS_LOGGER_LOG_ERROR */
    public boolean logError() {
        return logError;
    }

    /** @return POWERTOOLS_LOGGER_SAMPLE_RATE, 0 when unset */
    public double samplingRate() {
        return samplingRate;
    }

    /** @return what to warn about once, at init */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "LogSettings[service=" + service + ", root=" + Levels.name(levels.root()) + ", floor=" + Levels.name(floor)
                + ", buffering=" + buffering + ", devMode=" + devMode + ", redact=" + redactor.keys().size() + " keys"
                + ", maxMessageChars=" + maxMessageChars + "]";
    }
}
